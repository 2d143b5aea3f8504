import { useCallback, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { OpcUaTicketView } from '../live/OpcUaTicketView';
import { ctrlEnterSends, SendActions } from '../live/WriteActions';
import { useCallFlow, type MethodInfo } from './callFlow';

type Arg = MethodInfo['inputs'][number];

const shown = (v: unknown): string => (v === null ? '—' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

function hintOf(a: Arg): string {
  if (a.valueRank >= 0) return `JSON array of ${a.builtIn ?? a.dataType}, e.g. [1, 2]`;
  if (a.builtIn === 'DateTime') return 'ISO 8601';
  return a.description;
}

/** One typed field per input argument: Boolean as a choice, arrays as JSON, the rest as text checked by the engine. */
function InputField({ a, i, value, error, onChange }: { a: Arg; i: number; value: string | boolean; error: string | undefined; onChange: (v: string | boolean) => void }) {
  const label = `${a.name} (${a.dataType}${a.valueRank >= 0 ? '[]' : ''})`;
  if (a.builtIn === 'Boolean' && a.valueRank < 0) {
    return (
      <div className="field">
        <label htmlFor={`f-call-in-${i}`}>{label}</label>
        <select id={`f-call-in-${i}`} data-testid={`opcua-call-in-${i}`} value={value ? 'true' : 'false'} onChange={(e) => onChange(e.target.value === 'true')}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      </div>
    );
  }
  return <Field label={label} testId={`opcua-call-in-${i}`} value={String(value)} hint={hintOf(a)} disabled={a.builtIn === null} error={error ?? (a.builtIn === null ? 'a structure: cannot be typed in' : undefined)} onChange={(e) => onChange(e.target.value)} autoFocus={i === 0} />;
}

/** Call a method with typed input arguments, confirmed and audited like a write; its output arguments shown after. */
export function CallDialog(props: { deviceId: string; methodId: string; name: string; onClose: () => void }) {
  const flow = useCallFlow(props.deviceId, props.methodId);
  const { step, release } = flow;
  const { onClose } = props;
  const [values, setValues] = useState<Record<number, string | boolean>>({});
  const [note, setNote] = useState('');
  const close = useCallback(() => {
    release();
    onClose();
  }, [release, onClose]);
  const method = step.kind === 'loading' ? null : step.method;
  const valueOf = (a: Arg, i: number) => values[i] ?? (a.builtIn === 'Boolean' && a.valueRank < 0 ? false : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (method) void flow.prepare(method, method.inputs.map(valueOf), note.trim());
  };
  const onKeyDown = ctrlEnterSends(step.kind === 'confirm', () => void flow.send());
  return (
    <Modal title={`Call ${props.name}`} onClose={close} testId="opcua-call-dialog" wide>
      <div onKeyDown={onKeyDown} className="write-dialog">
        <p className="write-target muted">
          Method <b className="mono">{props.methodId}</b>
          {method ? (
            <>
              {' '}
              on <span className="mono">{method.objectId}</span> · {method.inputs.length} input(s), {method.outputs.length} output(s)
            </>
          ) : null}
        </p>
        {step.kind === 'loading' ? <p className="muted">Reading the method&apos;s arguments…</p> : null}
        {step.kind === 'edit' ? (
          <form onSubmit={submit} noValidate data-testid="opcua-call-form">
            {!step.method.executable ? <p className="form-error">This session may not call this method (UserExecutable is false).</p> : null}
            <div className="form-row call-inputs">
              {step.method.inputs.map((a, i) => (
                <InputField key={a.name || i} a={a} i={i} value={valueOf(a, i)} error={step.fields[`inputs.${i}`]} onChange={(v) => setValues((s) => ({ ...s, [i]: v }))} />
              ))}
              {!step.method.inputs.length ? <p className="muted">No input arguments.</p> : null}
            </div>
            <div className="form-row">
              <Field label="Note for the write log" testId="opcua-call-note" className="w-note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
            </div>
            {step.error ? (
              <div className="form-error" role="alert">
                {step.error}
              </div>
            ) : null}
            <div className="modal-actions">
              <button type="submit" className="primary" data-testid="opcua-call-prepare" disabled={step.busy || !step.method.executable}>
                {step.busy ? 'Checking…' : 'Review call…'}
              </button>
              <button type="button" onClick={close}>
                Cancel
              </button>
              <span className="muted">Checks the inputs and shows what would be sent. Nothing is called yet.</span>
            </div>
          </form>
        ) : null}
        {(step.kind === 'confirm' || step.kind === 'done' || step.kind === 'failed') && step.ticket ? <OpcUaTicketView ticket={step.ticket} note={note.trim()} sent={step.kind !== 'confirm'} /> : null}
        {step.kind === 'confirm' ? <SendActions label="Call method" testIds="opcua" sending={step.sending} expiresAt={step.ticket.expiresAt} onSend={() => void flow.send()} onBack={flow.back} onCancel={close} /> : null}
        {step.kind === 'done' ? (
          <div className="write-result ok" data-testid="opcua-call-result">
            <b>Called</b> · {step.outcome.status}
            <table className="grid dense call-outputs">
              <thead>
                <tr>
                  <th>Output</th>
                  <th>Type</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {step.outcome.outputs.map((o) => (
                  <tr key={o.name} data-testid="opcua-call-output">
                    <td>{o.name}</td>
                    <td className="muted">{o.dataType}</td>
                    <td className="mono">{shown(o.value)}</td>
                  </tr>
                ))}
                {!step.outcome.outputs.length ? (
                  <tr>
                    <td colSpan={3} className="muted">
                      no output arguments
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
        ) : null}
        {step.kind === 'failed' ? (
          <div className="form-error" role="alert" data-testid="opcua-call-error">
            {step.ticket ? 'Not called: ' : ''}
            {step.message}
          </div>
        ) : null}
        {step.kind === 'done' || step.kind === 'failed' ? (
          <div className="modal-actions">
            <button type="button" autoFocus data-testid="opcua-call-close" onClick={close}>
              Close
            </button>
            {method ? (
              <button type="button" onClick={flow.back}>
                Call again…
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </Modal>
  );
}
