import { memo } from 'react';
import type { TrafficEntry } from '../../../../shared/schemas/traffic';
import { formatClockMs, formatMs } from '../../lib/format';

/** Fixed row height of the frame list, in px (the windowed list needs it). */
export const TRAFFIC_ROW_HEIGHT = 21;

export function isErrorFrame(e: TrafficEntry): boolean {
  return !!e.exception || e.crc === 'bad';
}

/** "read holding: exception 0x02 (illegal data address)" -> function, code and name apart, so the exception stands out. */
function splitText(e: TrafficEntry): { name: string; code: string | null; why: string } {
  if (!e.exception) return { name: e.text, code: null, why: '' };
  const name = e.text.replace(`: ${e.exception}`, '').replace(e.exception, '').trim();
  const m = /(0x[0-9a-f]+)\s*\(([^)]*)\)/i.exec(e.exception);
  return m ? { name, code: m[1]!, why: m[2]! } : { name, code: e.exception, why: '' };
}

export function TrafficHeader() {
  return (
    <div className="traffic-grid traffic-head" role="presentation">
      <span>Time</span>
      <span>Connection</span>
      <span>Dir</span>
      <span className="num">Unit</span>
      <span>Function</span>
      <span>CRC</span>
      <span className="num" title="rx: time since the request went out">
        Turn ms
      </span>
      <span className="num" title="time since the previous frame on the same connection">
        Gap ms
      </span>
      <span>Hex</span>
    </div>
  );
}

export const TrafficRow = memo(function TrafficRow(props: { entry: TrafficEntry; connection: string; fullConnection: string | undefined; top: number; height: number; selected: boolean; onSelect: (id: number) => void }) {
  const { entry: e } = props;
  const { name, code, why } = splitText(e);
  const err = isErrorFrame(e);
  return (
    <div
      role="listitem"
      className={`traffic-grid traffic-row row-${e.dir} ${err ? 'row-err' : ''} ${props.selected ? 'selected' : ''}`}
      style={{ top: props.top, height: props.height }}
      data-testid="traffic-row"
      data-dir={e.dir}
      data-id={e.id}
      onMouseDown={() => props.onSelect(e.id)}
    >
      <span className="mono">{formatClockMs(e.at)}</span>
      <span className="ellipsis" title={props.fullConnection ?? props.connection}>
        {props.connection}
      </span>
      <span className={`dir dir-${e.dir}`}>{e.dir.toUpperCase()}</span>
      <span className="num mono">{e.unitId ?? ''}</span>
      <span className="ellipsis" title={e.text}>
        {name}
        {code ? (
          <>
            <span className="exc" data-testid="traffic-exception">
              exception {code}
            </span>
            <span className="exc-why">{why}</span>
          </>
        ) : null}
      </span>
      <span className={`crc crc-${e.crc === 'n/a' ? 'na' : e.crc}`}>{e.crc === 'n/a' ? '—' : e.crc === 'ok' ? 'ok' : 'BAD'}</span>
      <span className="num mono">{formatMs(e.turnaroundMs)}</span>
      <span className="num mono dim">{formatMs(e.gapMs)}</span>
      <span className="mono hex ellipsis" title={e.hex}>
        {e.hex}
      </span>
    </div>
  );
});
