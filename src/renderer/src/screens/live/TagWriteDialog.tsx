import { useCallback, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { formatValue } from '../../lib/format';
import { WriteOutcome, WriteTicketView } from './WriteTicketView';
import { useWriteFlow } from './writeFlow';
import { typedValue } from './typedValue';
import { ctrlEnterSends, ReviewActions, SendActions } from './WriteActions';

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
  const onKeyDown = ctrlEnterSends(step.kind === 'confirm', () => void flow.send());

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
            <ReviewActions busy={step.busy} testId="write-prepare" onCancel={close} />
          </form>
        ) : (
          <WriteTicketView ticket={step.ticket} note={note.trim()} sent={step.kind !== 'confirm'} />
        )}
        {step.kind === 'confirm' ? <SendActions label="Send write" sending={step.sending} expiresAt={step.ticket.expiresAt} onSend={() => void flow.send()} onBack={flow.back} onCancel={close} /> : null}
        {step.kind === 'done' || step.kind === 'failed' ? <WriteOutcome step={step} onClose={close} onAgain={flow.back} /> : null}
      </div>
    </Modal>
  );
}
