import { useCallback, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { formatValue } from '../../lib/format';
import { WriteOutcome, WriteTicketView } from './WriteTicketView';
import { useWriteFlow } from './writeFlow';
import { typedValue } from './typedValue';

/** A two-state value: a Logix BOOL, a Modbus coil or bit, an OPC UA Boolean (known by its type or by its live value). */
function isTwoState(dataType: string, live: unknown): boolean {
  return /^(bool|boolean|bit)$/i.test(dataType) || typeof live === 'boolean';
}

/**
 * Write one tag of a tag map by its key, whatever its protocol (Modbus, OPC UA, EtherNet/IP), through the same two
 * steps as every write (useWriteFlow: the engine reads the current value and says what it would send; Send needs a
 * click or Ctrl+Enter) and the same write log. The value is sent as typed; the engine coerces it to the tag's type, or
 * says why it cannot. Used by the Tags table and by the EtherNet/IP tag browser.
 */
export function TagWriteDialog(props: { tagKey: string; label: string; dataType: string; live?: number | boolean | string | null; onClose: () => void }) {
  const { tagKey, label, dataType, onClose } = props;
  const flow = useWriteFlow();
  const { step, release } = flow;
  const isBool = isTwoState(dataType, props.live);
  const [text, setText] = useState(props.live === undefined || props.live === null || typeof props.live === 'boolean' ? '' : String(props.live));
  const [on, setOn] = useState(props.live !== true);
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [enterHint, setEnterHint] = useState(false);

  const close = useCallback(() => {
    release();
    onClose();
  }, [release, onClose]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isBool && text.trim() === '') return setLocalError('enter a value');
    setLocalError(null);
    void flow.prepare({ tagKey, value: isBool ? on : typedValue(text, dataType, props.live), note: note.trim() });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (step.kind === 'confirm' && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void flow.send();
    }
  };
  const guardSend = (e: KeyboardEvent<HTMLButtonElement>) => {
    if ((e.key === 'Enter' || e.key === ' ') && !(e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setEnterHint(true);
    }
  };

  const editing = step.kind === 'edit';
  const fieldError = editing ? (localError ?? step.fields['value'] ?? step.error ?? undefined) : undefined;
  return (
    <Modal title={`Write ${label}`} onClose={close} testId="write-dialog" wide>
      <div onKeyDown={onKeyDown} className="write-dialog">
        <p className="write-target muted">
          Tag <b className="mono">{label}</b>
          {dataType ? ` · ${dataType}` : ''}
          {props.live !== undefined && props.live !== null ? (
            <>
              {' '}
              · live now <b className="mono">{formatValue(props.live)}</b>
            </>
          ) : null}
        </p>
        {editing ? (
          <form onSubmit={submit} noValidate data-testid="write-form">
            <div className="form-row">
              {isBool ? (
                <div className="field w-type">
                  <label htmlFor="f-write-bool">New state</label>
                  <select id="f-write-bool" data-testid="write-coil" autoFocus value={on ? 'on' : 'off'} onChange={(e) => setOn(e.target.value === 'on')}>
                    <option value="on">ON (1)</option>
                    <option value="off">OFF (0)</option>
                  </select>
                </div>
              ) : (
                <Field label="New value" testId="write-value" className="w-value" autoFocus value={text} onChange={(e) => (setText(e.target.value), setLocalError(null))} error={fieldError} />
              )}
              <Field label="Note for the write log" testId="write-note" className="w-note" value={note} maxLength={200} placeholder="e.g. commissioning: pump speed setpoint" onChange={(e) => setNote(e.target.value)} />
            </div>
            {isBool && fieldError ? (
              <div className="form-error" role="alert">
                {fieldError}
              </div>
            ) : null}
            <div className="modal-actions">
              <button type="submit" className="primary" data-testid="write-prepare" disabled={step.busy}>
                {step.busy ? 'Reading current value…' : 'Review write…'}
              </button>
              <button type="button" onClick={close}>
                Cancel
              </button>
              <span className="muted">Reads the current value and shows what would be sent. Nothing is written yet.</span>
            </div>
          </form>
        ) : (
          <WriteTicketView ticket={step.ticket} note={note.trim()} sent={step.kind !== 'confirm'} />
        )}
        {step.kind === 'confirm' ? (
          <div className="modal-actions write-actions">
            <button type="button" className="danger" data-testid="write-send" disabled={step.sending || Date.now() > step.ticket.expiresAt} onKeyDown={guardSend} onClick={() => void flow.send()}>
              {step.sending ? 'Sending…' : 'Send write'}
            </button>
            <button type="button" data-testid="write-back" disabled={step.sending} onClick={flow.back}>
              Change…
            </button>
            <button type="button" data-testid="write-cancel" disabled={step.sending} onClick={close}>
              Cancel
            </button>
            <span className={enterHint ? 'warn-inline' : 'muted'} data-testid="write-send-hint">
              {enterHint ? 'Enter does not send. ' : ''}Click “Send write” or press Ctrl+Enter.
            </span>
          </div>
        ) : null}
        {step.kind === 'done' || step.kind === 'failed' ? <WriteOutcome step={step} onClose={close} onAgain={flow.back} /> : null}
      </div>
    </Modal>
  );
}
