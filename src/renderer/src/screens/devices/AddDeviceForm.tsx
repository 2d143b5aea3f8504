import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Device } from '../../../../shared/project/schema';
import { Field } from '../../components/Field';
import { connectionLabel, sameTcpEndpoint } from '../../lib/connection';
import { isLinkUp, useConnection } from '../../store/connection';
import { connectionOf, useDevices, type SubmitResult } from '../../store/devices';
import { reportInfo } from '../../store/notices';
import { useProject } from '../../store/project';
import { uniqueName, wholeNumber, type Fields } from './formUtils';
import { DeviceKindPicker, isModbusKind, type DeviceKind } from './DeviceKindPicker';
import { OtherProtocolPane } from './OtherProtocolPane';
import { DEFAULT_LINE, RtuLineFields, type LineForm } from './RtuLineFields';

const DEFAULT_PORT: Record<DeviceKind, string> = { tcp: '502', rtu: '', 'rtu-over-tcp': '4001', opcua: '', cip: '' };

/** Add a Modbus device of one of three kinds; the engine validates, the form shows its words next to each field. */
export function AddDeviceForm({ onAdded }: { onAdded: (d: Device) => void }) {
  const info = useProject((s) => s.info);
  const linkUp = useConnection((s) => isLinkUp(s.link));
  const devices = useDevices((s) => s.devices);
  const connections = useDevices((s) => s.connections);
  const addTcp = useDevices((s) => s.addTcp);
  const addRtu = useDevices((s) => s.addRtu);
  const addRtuOverTcp = useDevices((s) => s.addRtuOverTcp);
  const [kind, setKind] = useState<DeviceKind>('tcp');
  const [form, setForm] = useState({ name: '', host: '', port: '502', unitId: '1', timeoutMs: '1000', retries: '1', turnaroundMs: '100' });
  const [line, setLine] = useState<LineForm>(DEFAULT_LINE);
  const [errors, setErrors] = useState<Fields>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const touched = useRef(false);
  const sim = info?.simulator ?? null;

  const simInUse = !!sim && devices.some((d) => sameTcpEndpoint(connectionOf(connections, d), sim.host, sim.port) && d.protocol === 'modbus' && d.unitId === sim.unitId);

  const useSim = () => {
    if (!sim) return;
    touched.current = true;
    setKind('tcp');
    setForm((f) => ({ ...f, name: f.name || uniqueName('Demo plant simulator', devices), host: sim.host, port: String(sim.port), unitId: String(sim.unitId) }));
    setErrors({});
  };

  // Prefill once with the built-in simulator, unless the project already has it.
  useEffect(() => {
    if (!sim || touched.current || simInUse) return;
    touched.current = true;
    setForm((f) => ({ ...f, name: uniqueName('Demo plant simulator', devices), host: sim.host, port: String(sim.port), unitId: String(sim.unitId) }));
  }, [sim, simInUse, devices]);

  const clearError = (k: string) => {
    if (errors[k]) setErrors(({ [k]: _gone, ...rest }) => rest);
    setFormError(null);
  };
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    touched.current = true;
    setForm((f) => ({ ...f, [k]: e.target.value }));
    clearError(k);
  };
  const changeKind = (k: DeviceKind) => {
    touched.current = true;
    // Keep a port the operator typed; swap only the other kind's default.
    if (isModbusKind(k)) setForm((f) => ({ ...f, port: Object.values(DEFAULT_PORT).includes(f.port) ? DEFAULT_PORT[k] : f.port }));
    setKind(k);
    setErrors({});
    setFormError(null);
  };
  const changeLine = (patch: Partial<LineForm>) => {
    setLine((l) => ({ ...l, ...patch }));
    for (const k of Object.keys(patch)) clearError(k === 'customBaud' ? 'baud' : k);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!isModbusKind(kind)) return;
    const local: Fields = {};
    const unitId = wholeNumber(form.unitId, 'unitId', local);
    const timeoutMs = wholeNumber(form.timeoutMs, 'timeoutMs', local);
    setBusy(true);
    let r: SubmitResult<Device>;
    if (kind === 'tcp') {
      r = await addTcp({ name: form.name, host: form.host, port: wholeNumber(form.port, 'port', local), unitId, timeoutMs });
    } else {
      const timing = { timeoutMs, retries: wholeNumber(form.retries, 'retries', local), turnaroundMs: wholeNumber(form.turnaroundMs, 'turnaroundMs', local) };
      if (kind === 'rtu-over-tcp') {
        r = await addRtuOverTcp({ name: form.name, host: form.host, port: wholeNumber(form.port, 'port', local), unitId, ...timing });
      } else {
        const serial = {
          path: line.path,
          baud: wholeNumber(line.baud, 'baud', local),
          dataBits: Number(line.dataBits) as 7 | 8,
          parity: line.parity,
          stopBits: Number(line.stopBits) as 1 | 2,
          rtsToggle: line.rtsToggle,
          echo: line.echo,
        };
        r = await addRtu({ name: form.name, unitId, ...serial, ...timing });
      }
    }
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
    const c = connectionOf(useDevices.getState().connections, r.value);
    reportInfo(`Added ${r.value.name}${c ? ` on ${connectionLabel(c)}` : ''}`);
    onAdded(r.value);
  };

  const serial = kind === 'rtu';
  return (
    <section className="panel" data-testid="add-device-panel">
      <div className="panel-title-row">
        <h2 className="panel-title">Add a device</h2>
        <DeviceKindPicker kind={kind} onChange={changeKind} />
      </div>
      {sim && kind === 'tcp' ? (
        <p className="hint-line" data-testid="sim-hint">
          Demo plant simulator on {sim.host}:{sim.port} (unit {sim.unitId})
          {simInUse ? <span className="muted"> — already in this project</span> : null}
          <button type="button" className="link-btn" onClick={useSim}>
            Fill in
          </button>
        </p>
      ) : null}
      {!isModbusKind(kind) ? <OtherProtocolPane kind={kind} /> : null}
      <form hidden={!isModbusKind(kind)} className="device-form" onSubmit={(e) => void submit(e)} noValidate data-testid="add-device-form" data-kind={kind}>
        <div className="form-row">
          <Field label="Name" testId="device-name" value={form.name} onChange={set('name')} error={errors['name']} placeholder={serial ? 'e.g. Energy meter 1' : 'e.g. Pump skid PLC'} className="w-name" />
          {!serial ? (
            <>
              <Field label="Host" testId="device-host" value={form.host} onChange={set('host')} error={errors['host']} placeholder={kind === 'tcp' ? '192.168.1.10' : 'device server IP'} className="w-host" />
              <Field label="Port" testId="device-port" inputMode="numeric" value={form.port} onChange={set('port')} error={errors['port']} className="w-num" />
            </>
          ) : null}
          <Field label="Unit id" testId="device-unit" inputMode="numeric" value={form.unitId} onChange={set('unitId')} error={errors['unitId']} className="w-small" hint={serial ? '1–247' : undefined} />
          <Field label="Timeout" testId="device-timeout" inputMode="numeric" value={form.timeoutMs} onChange={set('timeoutMs')} error={errors['timeoutMs']} unit="ms" className="w-num" />
          {kind !== 'tcp' ? (
            <>
              <Field label="Retries" testId="device-retries" inputMode="numeric" value={form.retries} onChange={set('retries')} error={errors['retries']} className="w-small" />
              <Field label="Turnaround" testId="device-turnaround" inputMode="numeric" value={form.turnaroundMs} onChange={set('turnaroundMs')} error={errors['turnaroundMs']} unit="ms" className="w-num" hint="after broadcasts" />
            </>
          ) : null}
          {!serial ? <AddButton busy={busy} disabled={!linkUp} /> : null}
        </div>
        {serial ? (
          <div className="form-row">
            <RtuLineFields line={line} onChange={changeLine} errors={errors} />
            <AddButton busy={busy} disabled={!linkUp} />
          </div>
        ) : null}
        {kind === 'rtu-over-tcp' ? <p className="field-hint">RTU frames (with CRC) over a TCP socket to a serial device server in transparent mode; 4001 is a common port.</p> : null}
      </form>
      {formError ? (
        <div className="form-error" role="alert" data-testid="device-form-error">
          {formError}
        </div>
      ) : null}
    </section>
  );
}

function AddButton({ busy, disabled }: { busy: boolean; disabled: boolean }) {
  return (
    <div className="form-submit">
      <button type="submit" className="primary" data-testid="device-add" disabled={busy || disabled}>
        {busy ? 'Adding…' : 'Add device'}
      </button>
    </div>
  );
}
