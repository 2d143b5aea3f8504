import { useState } from 'react';
import type { ScanHit } from '../../../../shared/schemas/scan';
import type { Connection, Device } from '../../../../shared/project/schema';
import { useDevices } from '../../store/devices';
import { reportInfo } from '../../store/notices';
import type { ScanInput } from '../../store/scan';
import { uniqueName } from './formUtils';

/** The project device that already is this responder, if any. */
function inProject(hit: ScanHit, devices: readonly Device[], connections: readonly Connection[]): Device | undefined {
  return devices.find((d) => {
    if (d.protocol !== 'modbus' || d.unitId !== hit.unitId) return false;
    const c = connections.find((x) => x.id === d.connectionId);
    if (!c) return false;
    if (hit.path !== undefined) return c.kind === 'rtu' && c.path === hit.path;
    return c.kind === 'tcp' && c.host === hit.host && c.port === hit.port;
  });
}

/** Responders of the scan, each one click from being a device with the settings it answered on. */
export function ScanResults({ found, request }: { found: readonly ScanHit[]; request: ScanInput | null }) {
  const devices = useDevices((s) => s.devices);
  const connections = useDevices((s) => s.connections);
  if (found.length === 0) return null;
  return (
    <table className="grid scan-results" data-testid="scan-results">
      <thead>
        <tr>
          <th className="num">Unit</th>
          <th>Where it answered</th>
          <th>Answer to the probe (read 40001)</th>
          <th className="num">Response</th>
          <th className="actions-col" aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {found.map((h) => (
          <HitRow key={`${h.where}/${h.unitId}`} hit={h} request={request} existing={inProject(h, devices, connections)} />
        ))}
      </tbody>
    </table>
  );
}

function HitRow({ hit, request, existing }: { hit: ScanHit; request: ScanInput | null; existing: Device | undefined }) {
  const addTcp = useDevices((s) => s.addTcp);
  const addRtu = useDevices((s) => s.addRtu);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async () => {
    const devices = useDevices.getState().devices;
    setBusy(true);
    setError(null);
    const r =
      hit.path !== undefined
        ? await addRtu({
            name: uniqueName(`Unit ${hit.unitId} on ${hit.path}`, devices),
            unitId: hit.unitId,
            path: hit.path,
            baud: hit.baud ?? 19200,
            parity: hit.parity ?? 'even',
            dataBits: 8,
            stopBits: request?.kind === 'rtu' ? (request.stopBits ?? 1) : 1,
          })
        : await addTcp({ name: uniqueName(`Unit ${hit.unitId} at ${hit.host ?? hit.where}`, devices), host: hit.host ?? '', port: hit.port ?? 502, unitId: hit.unitId });
    setBusy(false);
    if (r.ok) reportInfo(`Added ${r.value.name}`);
    else setError(r.message);
  };

  const good = hit.answer === 'registers';
  return (
    <tr data-testid="scan-hit" data-unit={hit.unitId} data-where={hit.where}>
      <td className="num mono strong">{hit.unitId}</td>
      <td className="mono">{hit.where}</td>
      <td className={good ? 'q-good' : 'q-uncertain'} title={good ? 'The probe read worked' : 'It answered with an exception: a device is there, register 40001 is not readable'}>
        {good ? 'registers read' : hit.answer}
      </td>
      <td className="num mono">{hit.responseMs.toFixed(1)} ms</td>
      <td className="actions">
        {existing ? (
          <span className="muted" data-testid="scan-hit-in-project">
            in project as <b>{existing.name}</b>
          </span>
        ) : (
          <button type="button" className="primary" data-testid="scan-hit-add" disabled={busy} onClick={() => void add()}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        )}
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
