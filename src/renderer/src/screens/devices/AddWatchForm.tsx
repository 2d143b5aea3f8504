import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TABLE_INFO, toConventional, type ModbusTable } from '../../../../shared/modbus/tables';
import type { Device } from '../../../../shared/project/schema';
import { Field } from '../../components/Field';
import { otherTableHint, parseStartAddress, rangeLabel, wireRangeLabel } from '../../lib/address';
import { formatInterval } from '../../lib/format';
import { useDevices } from '../../store/devices';
import { reportInfo } from '../../store/notices';
import { useUi } from '../../store/ui';
import { wholeNumber, type Fields } from './formUtils';

const TABLES: ModbusTable[] = ['holding', 'input', 'coil', 'discrete'];

export function AddWatchForm({ device, onDone }: { device: Device; onDone: () => void }) {
  const addWatch = useDevices((s) => s.addWatch);
  const go = useUi((s) => s.go);
  const [table, setTable] = useState<ModbusTable>('holding');
  const [address, setAddress] = useState('40001');
  const [count, setCount] = useState('10');
  const [interval, setIntervalText] = useState('1000');
  const [errors, setErrors] = useState<Fields>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const addressRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    addressRef.current?.focus();
    addressRef.current?.select();
  }, []);

  const parsed = parseStartAddress(address, table);
  const countNum = /^\d+$/.test(count.trim()) ? Number(count.trim()) : NaN;
  const other = otherTableHint(address, table);

  const changeTable = (t: ModbusTable) => {
    // Keep the same register when the operator typed a register number: 40001 becomes 30001, not wire 40001.
    const p = parseStartAddress(address, table);
    if (p.ok && (p.convention === 'register-number' || p.convention === 'point-number')) setAddress(toConventional(t, p.wire));
    setTable(t);
    setErrors({});
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Fields = {};
    if (!parsed.ok) local['address'] = parsed.message;
    const n = wholeNumber(count, 'count', local);
    const intervalMs = wholeNumber(interval, 'intervalMs', local);
    setBusy(true);
    // An address that could not be read is sent as -1 so the engine still checks the other fields.
    const r = await addWatch({ deviceId: device.id, table, address: parsed.ok ? parsed.wire : -1, count: n, intervalMs });
    setBusy(false);
    if (!r.ok) {
      setErrors({ ...r.fields, ...local });
      setFormError(Object.keys(r.fields).length > 0 ? null : r.message);
      return;
    }
    reportInfo(`Watching ${rangeLabel(table, r.value.address, r.value.count)} on ${device.name}`, { label: 'Show Live', run: () => go('live') });
    onDone();
  };

  const fc = String(TABLE_INFO[table].readFc).padStart(2, '0');
  const bits = TABLE_INFO[table].bits;
  const pointWord = table === 'coil' ? 'Coil' : table === 'discrete' ? 'Discrete input' : 'Register';
  const preview = parsed.ok ? (
    <div data-testid="watch-preview" data-wire={parsed.wire}>
      {parsed.convention === 'register-number' || parsed.convention === 'point-number' ? (
        <>
          {pointWord} <b className="mono">{toConventional(table, parsed.wire)}</b>
          {bits ? <span className="muted"> (number {parsed.wire + 1} of the table)</span> : null} → sends wire address <b className="mono">{parsed.wire}</b>
        </>
      ) : (
        <>
          Sends wire address <b className="mono">{parsed.wire}</b>
          {parsed.convention === 'hex' ? <span className="mono"> ({address.trim()})</span> : null} = {pointWord.toLowerCase()}{' '}
          <b className="mono">{toConventional(table, parsed.wire)}</b>
        </>
      )}
      {Number.isFinite(countNum) && countNum > 0 ? (
        <span className="muted">
          {' '}
          · reads <span className="mono">{rangeLabel(table, parsed.wire, countNum)}</span> (wire <span className="mono">{wireRangeLabel(parsed.wire, countNum)}</span>) with
          function code {fc}
        </span>
      ) : null}
    </div>
  ) : null;

  return (
    <form className="watch-form" onSubmit={(e) => void submit(e)} noValidate data-testid="add-watch-form">
      <div className="form-row">
        <div className="field w-table">
          <label htmlFor={`wt-${device.id}`}>Table</label>
          <select id={`wt-${device.id}`} data-testid="watch-table" value={table} onChange={(e) => changeTable(e.target.value as ModbusTable)}>
            {TABLES.map((t) => (
              <option key={t} value={t}>
                {TABLE_INFO[t].label}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Start address"
          testId="watch-address"
          ref={addressRef}
          className="w-addr"
          value={address}
          onChange={(e) => {
            setAddress(e.target.value);
            setErrors(({ address: _a, ...rest }) => rest);
            setFormError(null);
          }}
          error={errors['address'] ?? (address.trim() && !parsed.ok ? parsed.message : undefined)}
          placeholder={`${toConventional(table, 0)} or 0`}
        />
        <Field label="Count" testId="watch-count" inputMode="numeric" className="w-small" value={count} onChange={(e) => (setCount(e.target.value), setErrors(({ count: _c, ...rest }) => rest))} error={errors['count']} unit={TABLE_INFO[table].bits ? 'bits' : 'regs'} />
        <Field label="Interval" testId="watch-interval" inputMode="numeric" className="w-num" value={interval} onChange={(e) => (setIntervalText(e.target.value), setErrors(({ intervalMs: _i, ...rest }) => rest))} error={errors['intervalMs']} unit="ms" hint={/^\d+$/.test(interval) ? formatInterval(Number(interval)) : undefined} />
        <div className="form-submit">
          <button type="submit" className="primary" data-testid="watch-add" disabled={busy}>
            {busy ? 'Adding…' : 'Add watch'}
          </button>
        </div>
      </div>
      <div className="watch-preview-line">
        {preview}
        {other ? (
          <div className="warn-inline" data-testid="watch-other-table">
            {address.trim()} looks like a register number of {TABLE_INFO[other].label} —{' '}
            <button type="button" className="link-btn" onClick={() => changeTable(other)}>
              switch to {TABLE_INFO[other].label}
            </button>
          </div>
        ) : null}
        <div className="muted" data-testid="watch-address-help">
          {bits
            ? `Type the ${pointWord.toLowerCase()}'s number as the app shows it: 1 or ${toConventional(table, 0)} is the first; 0x… is a 0-based wire address in hex.`
            : 'Type a register number (40001) or a 0-based wire address (0); 0x… is a wire address in hex.'}
        </div>
      </div>
      {formError ? (
        <div className="form-error" role="alert">
          {formError}
        </div>
      ) : null}
    </form>
  );
}
