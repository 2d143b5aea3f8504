import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TABLE_INFO, toConventional, type ModbusTable } from '../../../shared/modbus/tables';
import type { Connection, Device } from '../../../shared/project/schema';
import { Field } from '../components/Field';
import { otherTableHint, parseStartAddress, rangeLabel, wireRangeLabel } from '../lib/address';
import { connectionLabel, sameTcpEndpoint } from '../lib/connection';
import { formatInterval } from '../lib/format';
import { linkLabel, linkView } from '../lib/linkState';
import { useLive } from '../store/live';
import { isLinkUp, useConnection } from '../store/connection';
import { connectionOf, useDevices } from '../store/devices';
import { reportInfo } from '../store/notices';
import { useProject } from '../store/project';
import { useUi } from '../store/ui';

type Fields = Record<string, string>;

/**
 * Read a whole-number field. Text that is not a whole number is still sent as typed, so the engine validates
 * every field in one go (and stays the one judge); the form then words that field's problem itself.
 */
function wholeNumber(text: string, field: string, local: Fields): number {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  local[field] = s === '' ? 'required' : 'enter a whole number';
  return s as unknown as number;
}

export function DevicesScreen() {
  const devices = useDevices((s) => s.devices);
  const connections = useDevices((s) => s.connections);
  const watches = useDevices((s) => s.watches);
  const loaded = useDevices((s) => s.loaded);
  const [watchFormFor, setWatchFormFor] = useState<string | null>(null);

  return (
    <div className="screen devices-screen" data-testid="screen-devices">
      <div className="screen-head">
        <h1>Devices</h1>
        <p className="muted">Modbus TCP devices of this project. Add one, then watch a register range on it.</p>
      </div>
      <AddDeviceForm onAdded={(d) => setWatchFormFor(d.id)} />

      <section className="panel">
        <h2 className="panel-title">
          In this project <span className="muted">({devices.length})</span>
        </h2>
        {loaded && devices.length === 0 ? <p className="empty">No devices yet. Add one above.</p> : null}
        {devices.length > 0 ? (
          <table className="grid devices-table" data-testid="device-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Address</th>
                <th className="num">Unit</th>
                <th className="num">Timeout</th>
                <th>Link</th>
                <th className="num">Watches</th>
                <th className="actions-col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <DeviceRows
                  key={d.id}
                  device={d}
                  connection={connectionOf(connections, d)}
                  watchCount={watches.filter((w) => w.deviceId === d.id).length}
                  formOpen={watchFormFor === d.id}
                  toggleForm={() => setWatchFormFor((cur) => (cur === d.id ? null : d.id))}
                />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

function AddDeviceForm({ onAdded }: { onAdded: (d: Device) => void }) {
  const info = useProject((s) => s.info);
  const linkUp = useConnection((s) => isLinkUp(s.link));
  const devices = useDevices((s) => s.devices);
  const connections = useDevices((s) => s.connections);
  const addTcp = useDevices((s) => s.addTcp);
  const [form, setForm] = useState({ name: '', host: '', port: '502', unitId: '1', timeoutMs: '1000' });
  const [errors, setErrors] = useState<Fields>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const touched = useRef(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const sim = info?.simulator ?? null;

  const simInUse = !!sim && devices.some((d) => {
    return sameTcpEndpoint(connectionOf(connections, d), sim.host, sim.port) && d.unitId === sim.unitId;
  });

  const useSim = () => {
    if (!sim) return;
    touched.current = true;
    setForm((f) => ({ ...f, name: f.name || uniqueName('Demo plant simulator', devices), host: sim.host, port: String(sim.port), unitId: String(sim.unitId) }));
    setErrors({});
  };

  // Prefill once with the built-in simulator, unless the project already has it.
  useEffect(() => {
    if (!sim || touched.current || simInUse) return;
    touched.current = true;
    setForm((f) => ({ ...f, name: uniqueName('Demo plant simulator', devices), host: sim.host, port: String(sim.port), unitId: String(sim.unitId) }));
  }, [sim, simInUse, devices]);

  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    touched.current = true;
    setForm((f) => ({ ...f, [k]: e.target.value }));
    if (errors[k]) setErrors(({ [k]: _gone, ...rest }) => rest);
    setFormError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Fields = {};
    const port = wholeNumber(form.port, 'port', local);
    const unitId = wholeNumber(form.unitId, 'unitId', local);
    const timeoutMs = wholeNumber(form.timeoutMs, 'timeoutMs', local);
    setBusy(true);
    const r = await addTcp({ name: form.name, host: form.host, port, unitId, timeoutMs });
    setBusy(false);
    if (!r.ok) {
      setErrors({ ...r.fields, ...local });
      // Problems that name a field are shown there; anything else (e.g. a duplicate) above the button.
      setFormError(Object.keys(r.fields).length > 0 ? null : r.message);
      return;
    }
    setErrors({});
    setFormError(null);
    setForm((f) => ({ ...f, name: '' }));
    reportInfo(`Added ${r.value.name}`);
    onAdded(r.value);
  };

  return (
    <section className="panel">
      <h2 className="panel-title">Add a Modbus TCP device</h2>
      {sim ? (
        <p className="hint-line" data-testid="sim-hint">
          Demo plant simulator on {sim.host}:{sim.port} (unit {sim.unitId})
          {simInUse ? <span className="muted"> — already in this project</span> : null}
          <button type="button" className="link-btn" onClick={useSim}>
            Fill in
          </button>
        </p>
      ) : null}
      <form className="form-row" onSubmit={(e) => void submit(e)} noValidate data-testid="add-device-form">
        <Field label="Name" testId="device-name" ref={nameRef} value={form.name} onChange={set('name')} error={errors['name']} placeholder="e.g. Pump skid PLC" className="w-name" />
        <Field label="Host" testId="device-host" value={form.host} onChange={set('host')} error={errors['host']} placeholder="192.168.1.10" className="w-host" />
        <Field label="Port" testId="device-port" inputMode="numeric" value={form.port} onChange={set('port')} error={errors['port']} className="w-num" />
        <Field label="Unit id" testId="device-unit" inputMode="numeric" value={form.unitId} onChange={set('unitId')} error={errors['unitId']} className="w-small" />
        <Field label="Timeout" testId="device-timeout" inputMode="numeric" value={form.timeoutMs} onChange={set('timeoutMs')} error={errors['timeoutMs']} unit="ms" className="w-num" />
        <div className="form-submit">
          <button type="submit" className="primary" data-testid="device-add" disabled={busy || !linkUp}>
            {busy ? 'Adding…' : 'Add device'}
          </button>
        </div>
      </form>
      {formError ? (
        <div className="form-error" role="alert" data-testid="device-form-error">
          {formError}
        </div>
      ) : null}
    </section>
  );
}

function uniqueName(base: string, devices: readonly Device[]): string {
  if (!devices.some((d) => d.name === base)) return base;
  for (let i = 2; ; i++) if (!devices.some((d) => d.name === `${base} ${i}`)) return `${base} ${i}`;
}

function DeviceRows(props: { device: Device; connection: Connection | undefined; watchCount: number; formOpen: boolean; toggleForm: () => void }) {
  const { device: d, connection: c } = props;
  const reported = useConnection((s) => (c ? s.deviceLinks[c.id] : undefined));
  const devices = useDevices((s) => s.devices);
  const watches = useDevices((s) => s.watches);
  const byWatch = useLive((s) => s.byWatch);
  const link = c ? linkView(c, reported, devices, watches, byWatch) : undefined;
  const remove = useDevices((s) => s.remove);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const go = useUi((s) => s.go);
  return (
    <>
      <tr data-testid="device-row" data-device-id={d.id} data-device-name={d.name} className={props.formOpen ? 'open' : ''}>
        <td className="strong">{d.name}</td>
        <td className="mono">{c ? connectionLabel(c) : '—'}</td>
        <td className="num mono">{d.unitId}</td>
        <td className="num mono">{c ? `${c.timeoutMs} ms` : '—'}</td>
        <td className="link-cell">
          <span className={`state state-${link?.state ?? 'unknown'}`} title={link?.detail} data-testid="device-link" data-state={link?.state ?? 'unknown'}>
            {link ? linkLabel(link) : '—'}
            {link?.detail && link.state === 'error' ? <span className="state-detail"> — {link.detail}</span> : null}
          </span>
        </td>
        <td className="num">
          {props.watchCount > 0 ? (
            <button type="button" className="link-btn" onClick={() => go('live')} title="Show on the Live screen">
              {props.watchCount}
            </button>
          ) : (
            <span className="muted">0</span>
          )}
        </td>
        <td className="actions">
          {confirming ? (
            <span className="muted">confirm below</span>
          ) : (
            <>
              <button type="button" data-testid="watch-open" aria-expanded={props.formOpen} onClick={props.toggleForm}>
                {props.formOpen ? 'Close' : 'Add watch…'}
              </button>
              <button type="button" className="quiet" data-testid="device-remove" onClick={() => setConfirming(true)}>
                Remove…
              </button>
            </>
          )}
        </td>
      </tr>
      {confirming ? (
        <tr className="subrow confirm-row" data-testid="device-remove-row" data-device-name={d.name}>
          <td colSpan={7}>
            <span className="confirm-inline" role="group" aria-label={`Remove ${d.name}?`}>
              <span>
                Remove <b>{d.name}</b>
                {props.watchCount > 0 ? ` and its ${props.watchCount} watch${props.watchCount === 1 ? '' : 'es'}` : ''} from this project?
              </span>
              <button
                type="button"
                className="danger"
                data-testid="device-remove-confirm"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  const ok = await remove(d.id);
                  setBusy(false);
                  if (!ok) setConfirming(false);
                }}
              >
                Remove
              </button>
              <button type="button" autoFocus onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          </td>
        </tr>
      ) : null}
      {props.formOpen && !confirming ? (
        <tr className="subrow">
          <td colSpan={7}>
            <AddWatchForm device={d} onDone={props.toggleForm} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

const TABLES: ModbusTable[] = ['holding', 'input', 'coil', 'discrete'];

function AddWatchForm({ device, onDone }: { device: Device; onDone: () => void }) {
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
    if (p.ok && p.convention === 'register-number') setAddress(toConventional(t, p.wire));
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
  const preview = parsed.ok ? (
    <div data-testid="watch-preview" data-wire={parsed.wire}>
      {parsed.convention === 'register-number' ? (
        <>
          Register <b className="mono">{address.trim()}</b> → sends wire address <b className="mono">{parsed.wire}</b>
        </>
      ) : (
        <>
          Sends wire address <b className="mono">{parsed.wire}</b>
          {parsed.convention === 'hex' ? <span className="mono"> ({address.trim()})</span> : null} = register{' '}
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
        <div className="muted">Type a register number (40001) or a 0-based wire address (0); 0x… is a wire address in hex.</div>
      </div>
      {formError ? (
        <div className="form-error" role="alert">
          {formError}
        </div>
      ) : null}
    </form>
  );
}
