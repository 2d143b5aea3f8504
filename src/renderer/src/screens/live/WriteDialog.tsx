import { useCallback, useState, type FormEvent } from 'react';
import type { Device } from '../../../../shared/project/schema';
import { toConventional } from '../../../../shared/modbus/tables';
import { Modal } from '../../components/Modal';
import { Field } from '../../components/Field';
import { formatValue } from '../../lib/format';
import { hexWords } from '../../lib/hex';
import { WriteTicketView, WriteOutcome } from './WriteTicketView';
import { useWriteFlow } from './writeFlow';
import { ctrlEnterSends, ReviewActions, SendActions } from './WriteActions';

const TYPES = ['uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'] as const;
const ORDERS = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
type WriteType = (typeof TYPES)[number];

/** Parse what the operator typed: decimal, negative, float, or 0x hex. */
function parseValue(text: string): number | null {
  const s = text.trim().replace(/_/g, '');
  if (s === '') return null;
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s.slice(2), 16);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  return Number(s);
}

/**
 * Write one holding register (or a 32/64-bit value over several) or one coil, only after the operator has seen
 * exactly what will go on the wire. Enter never sends: the Send button needs a click, or Ctrl+Enter.
 */
export function WriteDialog(props: { device: Device; table: 'holding' | 'coil'; address: number; liveRaw: number | undefined; onClose: () => void }) {
  const { device, table, address, onClose } = props;
  const flow = useWriteFlow();
  const { step } = flow;
  const [type, setType] = useState<WriteType>('uint16');
  const [order, setOrder] = useState<(typeof ORDERS)[number]>('ABCD');
  const [valueText, setValueText] = useState(table === 'holding' && props.liveRaw !== undefined ? String(props.liveRaw) : '');
  const [coilOn, setCoilOn] = useState(props.liveRaw === undefined ? true : props.liveRaw === 0);
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const register = toConventional(table, address);

  const { release } = flow;
  const close = useCallback(() => {
    release();
    onClose();
  }, [release, onClose]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let value: number | boolean;
    if (table === 'coil') value = coilOn;
    else {
      const v = parseValue(valueText);
      if (v === null) {
        setLocalError('enter a number (1234, -5, 3.14 or 0x04D2)');
        return;
      }
      value = v;
    }
    setLocalError(null);
    void flow.prepare({ deviceId: device.id, table, address, type: table === 'coil' ? 'bool' : type, order, value, note: note.trim() });
  };

  const onKeyDown = ctrlEnterSends(step.kind === 'confirm', () => void flow.send());

  const editing = step.kind === 'edit';
  const fieldError = editing ? (localError ?? step.fields['value'] ?? step.error ?? undefined) : undefined;
  return (
    <Modal title={`Write ${register} on ${device.name}`} onClose={close} testId="write-dialog" wide>
      <div onKeyDown={onKeyDown} className="write-dialog">
        <p className="write-target muted">
          {table === 'holding' ? 'Holding register' : 'Coil'} <b className="mono">{register}</b> · wire address <b className="mono">{address}</b> · unit{' '}
          {device.protocol === 'modbus' ? device.unitId : '—'}
          {props.liveRaw !== undefined ? (
            <>
              {' '}
              · live now <b className="mono">{table === 'coil' ? formatValue(props.liveRaw !== 0) : `${props.liveRaw} (${hexWords([props.liveRaw])})`}</b>
            </>
          ) : null}
        </p>
        {editing ? (
          <form onSubmit={submit} noValidate data-testid="write-form">
            <div className="form-row">
              {table === 'holding' ? (
                <>
                  <div className="field w-type">
                    <label htmlFor="f-write-type">Type</label>
                    <select id="f-write-type" data-testid="write-type" value={type} onChange={(e) => setType(e.target.value as WriteType)}>
                      {TYPES.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  </div>
                  <div className="field w-order">
                    <label htmlFor="f-write-order">Byte order</label>
                    <select id="f-write-order" data-testid="write-order" value={order} onChange={(e) => setOrder(e.target.value as (typeof ORDERS)[number])}>
                      {ORDERS.map((o) => (
                        <option key={o}>{o}</option>
                      ))}
                    </select>
                  </div>
                  <Field label="New value" testId="write-value" className="w-value" autoFocus value={valueText} onChange={(e) => (setValueText(e.target.value), setLocalError(null))} error={fieldError} />
                </>
              ) : (
                <div className="field w-type">
                  <label htmlFor="f-write-coil">New state</label>
                  <select id="f-write-coil" data-testid="write-coil" autoFocus value={coilOn ? 'on' : 'off'} onChange={(e) => setCoilOn(e.target.value === 'on')}>
                    <option value="on">ON (FF00)</option>
                    <option value="off">OFF (0000)</option>
                  </select>
                </div>
              )}
              <Field label="Note for the write log" testId="write-note" className="w-note" value={note} maxLength={200} placeholder="e.g. commissioning: level setpoint" onChange={(e) => setNote(e.target.value)} />
            </div>
            {table === 'coil' && fieldError ? (
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
