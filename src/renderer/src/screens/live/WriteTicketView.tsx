import { useEffect, useRef } from 'react';
import { toConventional } from '../../../../shared/modbus/tables';
import { formatClock, formatValue } from '../../lib/format';
import { fcLabel, fcText, hexWords } from '../../lib/hex';
import { CipTicketView } from '../cip/CipTicketView';
import { OpcUaTicketView } from './OpcUaTicketView';
import type { WriteStep, WriteTicket } from './writeFlow';
import { TicketFooter } from './TicketFooter';

function raw(t: WriteTicket, words: readonly number[]): string {
  return t.detail.protocol === 'modbus' && t.detail.table === 'coil' ? words.map((w) => (w ? 'FF00 (ON)' : '0000 (OFF)')).join(' ') : hexWords(words);
}

/** The words a Modbus write sends (none for other protocols, whose tickets have their own views). */
function sentRaw(t: WriteTicket): readonly number[] {
  return t.detail.protocol === 'modbus' ? t.detail.raw : [];
}

/**
 * What the engine will send, as it will send it: device, register and wire address, current and new value, the
 * raw words in hex and the function code. Focus lands here so Enter does nothing and Ctrl+Enter sends.
 */
export function WriteTicketView({ ticket: t, note, sent }: { ticket: WriteTicket; note: string; sent: boolean }) {
  const ref = useRef<HTMLDListElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const d = t.detail;
  if (d.protocol === 'cip') return <CipTicketView ticket={t} note={note} sent={sent} />;
  if (d.protocol === 'opcua' || d.protocol === 'opcua-call') return <OpcUaTicketView ticket={t} note={note} sent={sent} />;
  const width = d.raw.length;
  return (
    <>
      {sent ? null : <p className="ticket-lead">Nothing has been written yet. Check each line, then send.</p>}
      <dl className="ticket" data-testid="write-ticket" ref={ref} tabIndex={-1}>
        <dt>Device</dt>
        <dd data-testid="write-device">
          <b>{t.deviceName}</b> <span className="muted">unit {d.unitId}{t.broadcast ? ' · broadcast: every unit on the line acts on it, none answers' : ''}</span>
        </dd>
        <dt>Register</dt>
        <dd data-testid="write-register">
          <b className="mono">{d.register}</b>
          {width > 1 ? <span className="mono">–{toConventional(d.table, d.address + width - 1)}</span> : null}
          <span className="muted">
            {' '}
            · wire address <b className="mono">{d.address}</b>
            {width > 1 ? ` (${width} registers)` : ''} · {d.table === 'coil' ? 'coil' : `${d.type}, ${d.order}`}
          </span>
        </dd>
        <dt>Current value</dt>
        <dd data-testid="write-current">
          {t.oldValue !== null ? (
            <>
              <b className="mono">{formatValue(t.oldValue)}</b> {d.oldRaw ? <span className="mono muted">raw {raw(t, d.oldRaw)}</span> : null}
            </>
          ) : (
            <span className="q-bad">could not be read: {t.oldQuality ?? 'unknown'}</span>
          )}
        </dd>
        <dt>New value</dt>
        <dd data-testid="write-new" className="ticket-new">
          {t.oldValue !== null ? <span className="mono muted">{formatValue(t.oldValue)} → </span> : null}
          <b className="mono">{formatValue(t.newValue)}</b>
        </dd>
        <dt>On the wire</dt>
        <dd data-testid="write-wire">
          <span className="mono strong" data-testid="write-fc">
            {fcLabel(d.functionCode)}
          </span>{' '}
          {fcText(d.functionCode)} · raw{' '}
          <b className="mono raw-hex" data-testid="write-raw">
            {raw(t, d.raw)}
          </b>
        </dd>
        <TicketFooter note={note} sent={sent} expiresAt={t.expiresAt} />
      </dl>
    </>
  );
}

/** After Send: the engine's read-back, compared with what was sent. */
export function WriteOutcome({ step, onClose, onAgain }: { step: Extract<WriteStep, { kind: 'done' | 'failed' }>; onClose: () => void; onAgain: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const t = step.ticket;
  let body;
  if (step.kind === 'failed') {
    body = (
      <div className="form-error" role="alert" data-testid="write-error">
        Not written: {step.message}
      </div>
    );
  } else if (step.broadcast) {
    body = (
      <div className="write-result ok" data-testid="write-result" data-match="broadcast">
        <b>Broadcast sent</b> at {formatClock(step.at)} · every unit on the line acts on it and none answers, so nothing is read back
      </div>
    );
  } else if (t.detail.protocol !== 'modbus') {
    // A tag write of another protocol is read back as a value, not as words.
    const v = step.readBackValue ?? null;
    const same = v !== null && v === t.newValue;
    body = (
      <div className={`write-result ${same ? 'ok' : 'warn'}`} data-testid="write-result" data-match={same}>
        <b>Written</b> at {formatClock(step.at)} · read back{' '}
        <b className="mono" data-testid="write-readback">
          {v === null ? 'failed' : formatValue(v)}
        </b>{' '}
        {v === null ? '(the value could not be read again)' : same ? '— matches what was sent' : '— differs from what was sent'}
      </div>
    );
  } else {
    const rb = step.readBack;
    const same = rb !== null && rb.length === sentRaw(t).length && rb.every((w, i) => w === sentRaw(t)[i]);
    body = (
      <div className={`write-result ${same ? 'ok' : 'warn'}`} data-testid="write-result" data-match={same}>
        <b>Written</b> at {formatClock(step.at)} · read back{' '}
        <b className="mono" data-testid="write-readback">
          {rb === null ? 'failed' : raw(t, rb)}
        </b>{' '}
        {rb === null ? '(the value could not be read again)' : same ? '— matches what was sent' : '— differs from what was sent'}
      </div>
    );
  }
  return (
    <>
      {body}
      <div className="modal-actions">
        <button type="button" ref={ref} data-testid="write-close" onClick={onClose}>
          Close
        </button>
        <button type="button" onClick={onAgain}>
          Write again…
        </button>
      </div>
    </>
  );
}
