import { useSparkplug } from '../../store/sparkplug';

/** DCMD writes to tags that were not pre-authorised: the host asks, the operator confirms or refuses each. */
export function PendingCommands() {
  const pending = useSparkplug((s) => s.status?.pending ?? []);
  const busy = useSparkplug((s) => s.busy);
  const answer = useSparkplug((s) => s.answer);
  if (!pending.length) return null;
  return (
    <div className="edge-pending" role="alert" data-testid="edge-pending" data-count={pending.length}>
      <p className="strong">The host asks to write — confirm each</p>
      <ul>
        {pending.map((p) => (
          <li key={p.ticket.ticketId} data-testid="edge-pending-write" data-metric={`${p.device}/${p.metric}`}>
            <span className="mono">
              {p.device}/{p.metric}
            </span>{' '}
            = <strong>{String(p.ticket.newValue)}</strong> <span className="muted small">(now {p.ticket.oldValue === null ? 'unknown' : String(p.ticket.oldValue)}; {p.ticket.target})</span>{' '}
            <button type="button" className="primary small-btn" disabled={busy} onClick={() => void answer(p.ticket.ticketId, true)} data-testid="edge-pending-confirm">
              Write
            </button>{' '}
            <button type="button" className="small-btn" disabled={busy} onClick={() => void answer(p.ticket.ticketId, false)} data-testid="edge-pending-refuse">
              Refuse
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
