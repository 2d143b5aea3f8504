import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { BAUD_PRESETS, PARITIES, type ParityName } from '../../lib/serial';
import { useDevices } from '../../store/devices';
import { useScan, type ScanInput } from '../../store/scan';
import { badHosts, splitHosts } from './scanErrors';
import { SerialPortPicker } from './SerialPortPicker';
import { wholeNumber, type Fields } from './formUtils';

export type ScanKind = 'rtu' | 'tcp';

const LIKELY_BAUDS = [19200, 9600, 38400, 115200, 57600, 4800, 2400, 1200];

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

/** The first problem the engine reported under a field path ("hosts.2" counts as "hosts"). */
function under(fields: Fields, key: string): string | undefined {
  const hit = Object.entries(fields).find(([k]) => k === key || k.startsWith(`${key}.`));
  return hit?.[1];
}

/** What to scan: a serial bus (bauds × parities × units) or the TCP hosts the operator typed (× units). */
export function ScanForm({ kind, running }: { kind: ScanKind; running: boolean }) {
  const start = useScan((s) => s.start);
  const devices = useDevices((s) => s.devices);
  const connections = useDevices((s) => s.connections);
  const engineFields = useScan((s) => s.fields);
  const [path, setPath] = useState('');
  const [bauds, setBauds] = useState<number[]>([9600, 19200]);
  const [parities, setParities] = useState<ParityName[]>(['even', 'none']);
  const [stopBits, setStopBits] = useState<'1' | '2'>('1');
  const [hosts, setHosts] = useState('');
  const [port, setPort] = useState('502');
  const [from, setFrom] = useState('1');
  const [to, setTo] = useState(kind === 'rtu' ? '247' : '1');
  const [timeout, setTimeoutText] = useState(kind === 'rtu' ? '100' : '300');
  const [local, setLocal] = useState<Fields>({});
  const errors: Fields = { ...engineFields, ...local };

  const hostList = splitHosts(hosts);
  // One master per bus: a port the project polls cannot be scanned at the same time.
  const busy = kind === 'rtu' && path ? connections.find((c) => c.kind === 'rtu' && c.path === path) : undefined;
  const busyBy = busy ? devices.filter((d) => d.connectionId === busy.id).map((d) => d.name) : [];
  const n = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);
  const units = n(to) - n(from) + 1;
  const probes = kind === 'rtu' ? units * bauds.length * parities.length : units * hostList.length;
  const worst = probes * n(timeout);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Fields = {};
    const range = { from: wholeNumber(from, 'units.from', bad), to: wholeNumber(to, 'units.to', bad) };
    const timeoutMs = wholeNumber(timeout, 'timeoutMs', bad);
    let input: ScanInput;
    if (kind === 'rtu') {
      if (bauds.length === 0) bad['bauds'] = 'pick at least one baud rate';
      if (parities.length === 0) bad['parities'] = 'pick at least one parity';
      // The usual suspects first, so a typical bus is found early in the scan.
      const sorted = LIKELY_BAUDS.filter((b) => bauds.includes(b));
      input = { kind: 'rtu', path, bauds: sorted, parities, stopBits: Number(stopBits) as 1 | 2, units: range, timeoutMs };
    } else {
      if (hostList.length === 0) bad['hosts'] = 'type at least one host';
      else {
        const wrong = badHosts(hostList);
        if (wrong) bad['hosts'] = wrong;
      }
      input = { kind: 'tcp', hosts: hostList, port: wholeNumber(port, 'port', bad), units: range, timeoutMs };
    }
    setLocal(bad);
    if (Object.keys(bad).length === 0) void start(input);
  };

  return (
    <form className="scan-form" onSubmit={submit} noValidate data-testid={`scan-form-${kind}`}>
      {kind === 'rtu' ? (
        <div className="scan-part">
          <div className="scan-port">
            <SerialPortPicker testId="scan-serial" value={path} onChange={setPath} error={under(errors, 'path')} />
            {busyBy.length ? (
              <div className="field-warn port-note" data-testid="scan-port-busy">
                In use by {busyBy.join(', ')} in this project: one master per bus, so the scan may not be able to open this port while the project uses it.
              </div>
            ) : null}
          </div>
          <fieldset className="field chips" data-testid="scan-bauds">
            <legend>Baud rates</legend>
            <div className="chip-row">
              {BAUD_PRESETS.map((b) => (
                <label key={b} className={`chip ${bauds.includes(b) ? 'on' : ''}`}>
                  <input type="checkbox" data-testid={`scan-baud-${b}`} checked={bauds.includes(b)} onChange={(e) => setBauds((l) => toggle(l, b, e.target.checked))} />
                  {b}
                </label>
              ))}
            </div>
            {under(errors, 'bauds') ? <div className="field-error">{under(errors, 'bauds')}</div> : null}
          </fieldset>
          <fieldset className="field chips" data-testid="scan-parities">
            <legend>Parity</legend>
            <div className="chip-row">
              {PARITIES.map((p) => (
                <label key={p} className={`chip ${parities.includes(p) ? 'on' : ''}`}>
                  <input type="checkbox" data-testid={`scan-parity-${p}`} checked={parities.includes(p)} onChange={(e) => setParities((l) => toggle(l, p, e.target.checked))} />
                  {p}
                </label>
              ))}
            </div>
            {under(errors, 'parities') ? <div className="field-error">{under(errors, 'parities')}</div> : null}
          </fieldset>
          <div className="field w-tiny">
            <label htmlFor="f-scan-stop">Stop bits</label>
            <select id="f-scan-stop" data-testid="scan-stopbits" value={stopBits} onChange={(e) => setStopBits(e.target.value as '1' | '2')}>
              <option value="1">1</option>
              <option value="2">2</option>
            </select>
          </div>
        </div>
      ) : (
        <div className="scan-part">
          <div className={`field w-hosts ${under(errors, 'hosts') ? 'has-error' : ''}`}>
            <label htmlFor="f-scan-hosts">Hosts</label>
            <textarea
              id="f-scan-hosts"
              data-testid="scan-hosts"
              rows={2}
              value={hosts}
              placeholder="192.168.1.10, 192.168.1.11 (one per line or comma separated)"
              spellCheck={false}
              onChange={(e) => (setHosts(e.target.value), setLocal(({ hosts: _h, ...r }) => r))}
            />
            {under(errors, 'hosts') ? (
              <div className="field-error" data-testid="scan-hosts-error">
                {under(errors, 'hosts')}
              </div>
            ) : (
              <div className="field-hint">only these hosts are contacted</div>
            )}
          </div>
          <Field label="Port" testId="scan-port" inputMode="numeric" className="w-small" value={port} onChange={(e) => setPort(e.target.value)} error={under(errors, 'port')} />
        </div>
      )}
      <div className="scan-part">
        <Field label="Units from" testId="scan-from" inputMode="numeric" className="w-small" value={from} onChange={(e) => setFrom(e.target.value)} error={under(errors, 'units.from')} />
        <Field label="to" testId="scan-to" inputMode="numeric" className="w-small" value={to} onChange={(e) => setTo(e.target.value)} error={under(errors, 'units.to') ?? under(errors, 'units')} />
        <Field label="Probe timeout" testId="scan-timeout" inputMode="numeric" className="w-num" unit="ms" value={timeout} onChange={(e) => setTimeoutText(e.target.value)} error={under(errors, 'timeoutMs')} />
        <div className="form-submit scan-submit">
          <button type="submit" className="primary" data-testid="scan-start" disabled={running}>
            {running ? 'Scanning…' : 'Start scan'}
          </button>
          <span className="muted scan-estimate" data-testid="scan-estimate">
            {Number.isFinite(probes) && probes > 0
              ? `${probes} probe${probes === 1 ? '' : 's'} · at most ${worst >= 1000 ? `${Math.ceil(worst / 1000)} s` : `${worst} ms`}`
              : ''}
          </span>
        </div>
      </div>
    </form>
  );
}
