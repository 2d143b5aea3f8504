import { useInspector } from '../../store/inspector';
import { formatClock } from '../../lib/format';

const KIND: Record<string, string> = { 'seq-gap': 'seq gap', 'no-birth': 'no birth', 'bdseq-mismatch': 'bdSeq mismatch' };

/** Sparkplug checks: every seq gap, data before a birth and mismatched NDEATH bdSeq, newest first. */
export function SparkplugAlerts() {
  const alerts = useInspector((s) => s.alerts);
  const select = useInspector((s) => s.select);
  return (
    <div className="sp-alerts" data-testid="broker-alerts" data-count={alerts.length}>
      <div className="broker-tree-head">
        <span className="strong">Sparkplug checks</span>
        <span className="muted small">seq must be the previous + 1 (mod 256) per edge node; data needs a birth first; NDEATH bdSeq must match the NBIRTH&apos;s</span>
      </div>
      {alerts.length === 0 ? (
        <p className="muted small">No issue seen.</p>
      ) : (
        <ul className="sp-alert-list">
          {alerts.map((a) => (
            <li key={a.id} data-testid="broker-alert" data-kind={a.kind}>
              <span className="tag-bad">{KIND[a.kind] ?? a.kind}</span> <span className="small">{formatClock(a.time)}</span>{' '}
              <button type="button" className="link-btn mono" onClick={() => select(a.topic)}>
                {a.topic}
              </button>{' '}
              {a.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
