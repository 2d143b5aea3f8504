import { useEffect, useRef } from 'react';
import type { WriteTicket } from '../live/writeFlow';
import { formatValue } from '../../lib/format';
import { useNow } from '../../lib/useNow';

const text = (v: unknown): string => (Array.isArray(v) ? `[${v.join(', ')}]` : formatValue(v as number | boolean | string | null));

/**
 * What an OPC UA write or method call will send, as it will send it: server, node or method and object, the
 * current and new value (or each input argument with its type). Focus lands here so Enter does nothing.
 */
export function OpcUaTicket({ ticket: t, note, sent }: { ticket: WriteTicket; note: string; sent: boolean }) {
  const ref = useRef<HTMLDListElement>(null);
  const now = useNow();
  useEffect(() => ref.current?.focus(), []);
  const d = t.detail;
  if (d.protocol !== 'opcua' && d.protocol !== 'opcua-call') return null;
  const left = Math.max(0, Math.round((t.expiresAt - now) / 1000));
  return (
    <>
      {sent ? null : <p className="ticket-lead">Nothing has been sent yet. Check each line, then send.</p>}
      <dl className="ticket" data-testid="opcua-ticket" ref={ref} tabIndex={-1}>
        <dt>Server</dt>
        <dd>
          <b>{t.deviceName}</b> <span className="mono muted">{d.endpointUrl}</span>
        </dd>
        {d.protocol === 'opcua' ? (
          <>
            <dt>Node</dt>
            <dd>
              <b className="mono">{d.nodeId}</b> <span className="muted">· {d.dataType}{d.array ? ' array' : ''} · Write of the Value attribute</span>
            </dd>
            <dt>Current value</dt>
            <dd data-testid="opcua-ticket-current">{t.oldValue !== null ? <b className="mono">{text(d.oldValue)}</b> : <span className="q-bad">could not be read: {t.oldQuality ?? 'unknown'}</span>}</dd>
            <dt>New value</dt>
            <dd className="ticket-new" data-testid="opcua-ticket-new">
              <b className="mono">{text(d.value)}</b> <span className="muted">({d.dataType})</span>
            </dd>
          </>
        ) : (
          <>
            <dt>Method</dt>
            <dd>
              <b className="mono">{d.methodId}</b> <span className="muted">on object</span> <span className="mono">{d.objectId}</span>
            </dd>
            <dt>Inputs</dt>
            <dd className="ticket-new" data-testid="opcua-ticket-inputs">
              {d.inputs.length ? (
                d.inputs.map((a) => (
                  <div key={a.name}>
                    {a.name} = <b className="mono">{text(a.value)}</b> <span className="muted">({a.dataType})</span>
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
        <dt>Note</dt>
        <dd>{note ? note : <span className="muted">none (the write log records it without one)</span>}</dd>
        {sent ? null : (
          <>
            <dt>Expires</dt>
            <dd className={left < 10 ? 'warn-inline' : 'muted'}>{left > 0 ? `in ${left} s: after that, review again so the current value is fresh` : 'expired: review again'}</dd>
          </>
        )}
      </dl>
    </>
  );
}
