import { memo } from 'react';

const W = 72;
const H = 16;

/** A tiny trend of one register's recent good values (uint16), scaled to its own min..max. */
export const Sparkline = memo(function Sparkline({ values }: { values: readonly number[] | undefined }) {
  if (!values || values.length < 2) return <svg className="spark" width={W} height={H} aria-hidden="true" />;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  const step = W / (values.length - 1);
  const y = (v: number) => (span === 0 ? H / 2 : H - 1 - ((v - min) / span) * (H - 2));
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg className={`spark ${span === 0 ? 'flat' : ''}`} width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-label={span === 0 ? 'steady' : `range ${min}–${max}`} role="img">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.2" vectorEffect="non-scaling-stroke" />
    </svg>
  );
});
