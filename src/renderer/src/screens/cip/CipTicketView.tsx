import { useEffect, useRef } from 'react';
import { formatValue } from '../../lib/format';
import type { WriteTicket } from '../live/writeFlow';
import { TicketFooter } from '../live/TicketFooter';

/**
 * The lines of an EtherNet/IP write ticket (shown by WriteTicketView for CIP tickets): controller and route path, the
 * tag element and its Logix type, current and new value, and the service and bytes that will be sent.
 */
export function CipTicketView({ ticket: t, note, sent }: { ticket: WriteTicket; note: string; sent: boolean }) {
  const ref = useRef<HTMLDListElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const d = t.detail;
  if (d.protocol !== 'cip') return null;
  // One BOOL of a BOOL array goes as Read-Modify-Write Tag: mask size 4, OR mask, AND mask (write.ts).
  const rmw = d.dataType === 'BOOL' && d.dataHex.length === 20;
  return (
    <>
      {sent ? null : <p className="ticket-lead">Nothing has been written yet. Check each line, then send.</p>}
      <dl className="ticket" data-testid="write-ticket" ref={ref} tabIndex={-1}>
        <dt>Controller</dt>
        <dd data-testid="write-device">
          <b>{t.deviceName}</b>{' '}
          <span className="muted">
            {d.address} · route path <span className="mono">{d.routePath || 'none'}</span>
          </span>
        </dd>
        <dt>Tag</dt>
        <dd data-testid="write-register">
          <b className="mono">{d.tagPath}</b> <span className="muted">· {d.dataType}</span>
        </dd>
        <dt>Current value</dt>
        <dd data-testid="write-current">
          {t.oldValue !== null ? <b className="mono">{formatValue(t.oldValue)}</b> : <span className="q-bad">could not be read: {t.oldQuality ?? 'unknown'}</span>}
        </dd>
        <dt>New value</dt>
        <dd data-testid="write-new" className="ticket-new">
          {t.oldValue !== null ? <span className="mono muted">{formatValue(t.oldValue)} → </span> : null}
          <b className="mono">{formatValue(t.newValue)}</b>
        </dd>
        <dt>On the wire</dt>
        <dd data-testid="write-wire">
          <span className="mono strong" data-testid="write-fc">
            {rmw ? 'Read-Modify-Write Tag (0x4E)' : 'Write Tag (0x4D)'}
          </span>{' '}
          · {rmw ? 'masks' : 'data'}{' '}
          <b className="mono raw-hex" data-testid="write-raw">
            {d.dataHex.toUpperCase().replace(/(..)(?=.)/g, '$1 ')}
          </b>
        </dd>
        <TicketFooter note={note} sent={sent} expiresAt={t.expiresAt} />
      </dl>
    </>
  );
}
