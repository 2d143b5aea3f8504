import { useCallback, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { formatClock } from '../../lib/format';
import { useWriteFlow } from '../live/writeFlow';
import { OpcUaTicketView } from '../live/OpcUaTicketView';
import { ctrlEnterSends, ReviewActions, SendActions } from '../live/WriteActions';

/**
 * Write the Value of a browsed variable through the one write path: the engine reads the current value and says
 * what it would send (nothing is written), then the operator sends it with a click or Ctrl+Enter, and it is audited.
 */
export function NodeWriteDialog(props: { deviceId: string; nodeId: string; name: string; dataType: string | null; array: boolean; current: string; onClose: (written: boolean) => void }) {
  const { deviceId, nodeId, onClose } = props;
  const flow = useWriteFlow();
  const { step, release } = flow;
  const [value, setValue] = useState(props.current);
  const [note, setNote] = useState('');
  const close = useCallback(() => {
    release();
    onClose(step.kind === 'done');
  }, [release, onClose, step.kind]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void flow.prepare({ deviceId, nodeId, value, note: note.trim() });
  };
  const onKeyDown = ctrlEnterSends(step.kind === 'confirm', () => void flow.send());
  const hint = props.array ? 'a JSON array, e.g. [1, 2, 3]' : props.dataType === 'Boolean' ? 'true or false' : props.dataType === 'DateTime' ? 'ISO 8601, e.g. 2026-01-31T08:00:00Z' : undefined;
  return (
    <Modal title={`Write ${props.name}`} onClose={close} testId="opcua-write-dialog" wide>
      <div onKeyDown={onKeyDown} className="write-dialog">
        <p className="write-target muted">
          <b className="mono">{nodeId}</b> · {props.dataType ?? 'unknown type'}
          {props.array ? ' array' : ''}
        </p>
        {step.kind === 'edit' ? (
          <form onSubmit={submit} noValidate>
            <div className="form-row">
              <Field label={`New value (${props.dataType ?? '?'})`} testId="opcua-write-value" className="w-value" autoFocus value={value} hint={hint} onChange={(e) => setValue(e.target.value)} error={step.fields['value'] ?? step.error ?? undefined} />
              <Field label="Note for the write log" testId="opcua-write-note" className="w-note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
            </div>
            <ReviewActions busy={step.busy} testId="opcua-write-prepare" onCancel={close} />
          </form>
        ) : (
          <OpcUaTicketView ticket={step.ticket} note={note.trim()} sent={step.kind !== 'confirm'} />
        )}
        {step.kind === 'confirm' ? <SendActions label="Send write" testIds="opcua" sending={step.sending} expiresAt={step.ticket.expiresAt} onSend={() => void flow.send()} onBack={flow.back} onCancel={close} /> : null}
        {step.kind === 'done' ? (
          <div className="write-result ok" data-testid="opcua-write-result">
            <b>Written</b> at {formatClock(step.at)} · the server accepted it and the node did not read back otherwise (a different read-back fails the write)
          </div>
        ) : null}
        {step.kind === 'failed' ? (
          <div className="form-error" role="alert" data-testid="opcua-write-error">
            Not written: {step.message}
          </div>
        ) : null}
        {step.kind === 'done' || step.kind === 'failed' ? (
          <div className="modal-actions">
            <button type="button" data-testid="opcua-write-close" autoFocus onClick={close}>
              Close
            </button>
            <button type="button" onClick={flow.back}>
              Write again…
            </button>
          </div>
        ) : null}
      </div>
    </Modal>
  );
}
