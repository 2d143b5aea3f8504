import { useEffect, useRef } from 'react';
import { formatValue } from '../../lib/format';
import type { WriteTicket } from './writeFlow';
import { TicketFooter } from './TicketFooter';

function shown(v: unknown): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : formatValue(v as number | boolean | string);
}

/**
 * The lines of an OPC UA ticket, for a write (from the Tags table through WriteTicketView, or from the OPC UA browser)
 * and for a method call: server and endpoint, the node and the Variant type it takes, current and new value (or each
 * input argument with its type), and the one service that will be called. Focus lands here so Enter does nothing.
 */
export function OpcUaTicketView({ ticket: t, note, sent }: { ticket: WriteTicket; note: string; sent: boolean }) {
  const ref = useRef<HTMLDListElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const d = t.detail;
  if (d.protocol !== 'opcua' && d.protocol !== 'opcua-call') return null;
  return (
    <>
      {sent ? null : <p className="ticket-lead">Nothing has been sent yet. Check each line, then send.</p>}
      <dl className="ticket" data-testid="write-ticket" ref={ref} tabIndex={-1}>
        <dt>Server</dt>
        <dd data-testid="write-device">
          <b>{t.deviceName}</b> <span className="muted mono">{d.endpointUrl}</span>
        </dd>
        {d.protocol === 'opcua' ? (
          <>
            <dt>Node</dt>
            <dd data-testid="write-register">
              <b className="mono">{d.nodeId}</b>{' '}
              <span className="muted">
                · {d.dataType}
                {d.array ? ' array' : ''}
              </span>
            </dd>
            <dt>Current value</dt>
            <dd data-testid="write-current">
              {d.oldValue !== null ? <b className="mono">{shown(d.oldValue)}</b> : <span className="q-bad">could not be read: {t.oldQuality ?? 'unknown'}</span>}
            </dd>
            <dt>New value</dt>
            <dd data-testid="write-new" className="ticket-new">
              {d.oldValue !== null ? <span className="mono muted">{shown(d.oldValue)} → </span> : null}
              <b className="mono">{shown(d.value)}</b>
            </dd>
            <dt>On the wire</dt>
            <dd data-testid="write-wire">
              <span className="mono strong" data-testid="write-fc">
                Write (Value attribute)
              </span>{' '}
              · a {d.dataType} Variant{d.array ? ' array' : ''}
            </dd>
          </>
        ) : (
          <>
            <dt>Method</dt>
            <dd data-testid="write-register">
              <b className="mono">{d.methodId}</b> <span className="muted">on object</span> <span className="mono">{d.objectId}</span>
            </dd>
            <dt>Inputs</dt>
            <dd className="ticket-new" data-testid="write-inputs">
              {d.inputs.length ? (
                d.inputs.map((a) => (
                  <div key={a.name}>
                    {a.name} = <b className="mono">{shown(a.value)}</b> <span className="muted">({a.dataType})</span>
                  </div>
                ))
              ) : (
                <span className="muted">none</span>
              )}
            </dd>
            <dt>Effect</dt>
            <dd className="warn-inline">A method call acts on the device: it is confirmed and logged like a write.</dd>
          </>
        )}
        <TicketFooter note={note} sent={sent} expiresAt={t.expiresAt} />
      </dl>
    </>
  );
}
