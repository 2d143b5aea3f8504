import { useNow } from '../../lib/useNow';

/**
 * The last lines of every write ticket, whatever the protocol: the operator's note, and until it is sent, how long the
 * ticket stays valid (its current value goes stale; the engine refuses an expired confirmation).
 */
export function TicketFooter({ note, sent, expiresAt }: { note: string; sent: boolean; expiresAt: number }) {
  const now = useNow();
  const left = Math.max(0, Math.round((expiresAt - now) / 1000));
  return (
    <>
      <dt>Note</dt>
      <dd data-testid="write-note-shown">{note ? note : <span className="muted">none (the write log records it without one)</span>}</dd>
      {sent ? null : (
        <>
          <dt>Expires</dt>
          <dd className={left < 10 ? 'warn-inline' : 'muted'}>{left > 0 ? `in ${left} s: after that, review again so the current value is fresh` : 'expired: press “Change…” and review again'}</dd>
        </>
      )}
    </>
  );
}
