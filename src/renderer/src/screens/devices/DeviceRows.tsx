import { useState } from 'react';
import { api } from '../../api';
import type { Connection, Device } from '../../../../shared/project/schema';
import { connectionLabel } from '../../lib/connection';
import { lineShorthand } from '../../lib/serial';
import { linkView } from '../../lib/linkState';
import { isLinkUp, useConnection } from '../../store/connection';
import { useDevices } from '../../store/devices';
import { useLive } from '../../store/live';
import { useTagLinks } from '../../store/tagLinks';
import { useUi } from '../../store/ui';
import { errorText } from '../../store/notices';
import { useProbes } from '../../store/probes';
import { useStats } from '../../store/stats';
import { newerProbe, rowLink } from './deviceLink';
import { protocolCell } from './deviceProtocol';
import { AddWatchForm } from './AddWatchForm';
import { DeviceStatsCell } from './DeviceStatsCell';
import { IdentifyRow, type IdentifyState } from './IdentifyRow';

/** What Identify reads, by protocol (an OPC UA server says who it is on the OPC UA screen). */
const IDENTIFY_WHAT: Record<Device['protocol'], string> = { modbus: 'identification (FC 43/14)', cip: 'Identity object', opcua: 'server status' };

/** Columns of the device table, for the sub-rows that span it. */
export const DEVICE_COLUMNS = 8;

export function DeviceRows(props: { device: Device; connection: Connection | undefined; watchCount: number; formOpen: boolean; toggleForm: () => void }) {
  const { device: d, connection: c } = props;
  const reported = useConnection((s) => (c ? s.deviceLinks[c.id] : undefined));
  const watches = useDevices((s) => s.watches);
  const byWatch = useLive((s) => s.byWatch);
  const tagSeen = useTagLinks((s) => s.byDevice);
  // This device's own answers, not the connection's: a unit behind a gateway that answers every read with an exception
  // is not "connected" because another unit on the same socket is.
  const stats = useStats((s) => s.byDevice[d.id]);
  const ownProbe = useProbes((s) => s.byDevice[d.id]);
  // A page opened after the event has not seen it: the engine keeps the last state of each link.
  const engineLink = stats?.link ? { connectionId: d.connectionId, ...stats.link } : undefined;
  const probe = newerProbe(ownProbe, stats?.probe);
  const engineUp = useConnection((s) => isLinkUp(s.link));
  // While the engine is out of reach nobody polls or retries: its last word on the link is not news any more.
  const link = engineUp ? rowLink(c ? linkView(c, reported ?? engineLink, [d], watches, byWatch, tagSeen) : undefined, probe) : { state: 'unknown' as const, label: 'engine not reachable' };
  // Nothing has answered yet: the Statistics cell has the room to give the reason whole, the Link cell names the state.
  const unreached = !!stats && stats.responses === 0 && link?.state === 'error';
  const remove = useDevices((s) => s.remove);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [identify, setIdentify] = useState<IdentifyState | null>(null);
  const go = useUi((s) => s.go);
  const runIdentify = async () => {
    setIdentify({ kind: 'busy' });
    try {
      setIdentify({ kind: 'ok', identity: await api().devicesIdentify({ deviceId: d.id }) });
    } catch (err) {
      setIdentify({ kind: 'error', message: errorText(err) });
    }
  };
  return (
    <>
      <tr data-testid="device-row" data-device-id={d.id} data-device-name={d.name} className={props.formOpen ? 'open' : ''}>
        <td className="strong nowrap">{d.name}</td>
        <td className="mono address-cell" title={c ? (c.kind === 'opcua' ? c.endpointUrl : connectionLabel(c)) : undefined} data-testid="device-address">
          {c?.kind === 'opcua' ? (
            // The endpoint's host and port; a path gives way first (the title has the whole URL).
            <OpcUaAddress url={c.endpointUrl} />
          ) : c?.kind === 'cip' ? (
            `${c.host}:${c.port}`
          ) : c?.kind === 'rtu' ? (
            // The line settings always show; a long port path gives way first.
            <>
              <span className="path-part">{c.path}</span> {c.baud} {lineShorthand(c.dataBits, c.parity, c.stopBits)}
            </>
          ) : c ? (
            connectionLabel(c)
          ) : (
            '—'
          )}
        </td>
        <ProtocolCell device={d} connection={c} />
        <td className="num mono nowrap">{c ? `${c.kind === 'opcua' ? c.requestTimeoutMs : c.timeoutMs} ms` : '—'}</td>
        <td className="link-cell">
          <span className={`state state-${link?.state ?? 'unknown'}`} title={link?.detail} data-testid="device-link" data-state={link?.state ?? 'unknown'} data-probe={link?.probe}>
            {link ? link.label : '—'}
            {link?.detail && link.state === 'error' && !unreached ? <span className="state-detail"> — {link.detail}</span> : null}
          </span>
        </td>
        <DeviceStatsCell stats={stats} failing={link?.state === 'error' ? (link.detail ?? link.label) : null} />
        <td className="num" data-testid="watch-count">
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
              {d.protocol === 'modbus' ? (
                <button type="button" data-testid="watch-open" aria-expanded={props.formOpen} onClick={props.toggleForm}>
                  {props.formOpen ? 'Close' : 'Add watch…'}
                </button>
              ) : null}
              {d.protocol !== 'opcua' ? (
                <button type="button" data-testid="device-identify" disabled={identify?.kind === 'busy'} onClick={() => void runIdentify()} title={`Read the device's ${IDENTIFY_WHAT[d.protocol]}`}>
                  Identify
                </button>
              ) : null}
              <button type="button" className="quiet" data-testid="device-remove" onClick={() => setConfirming(true)}>
                Remove…
              </button>
            </>
          )}
        </td>
      </tr>
      {identify ? <IdentifyRow state={identify} what={IDENTIFY_WHAT[d.protocol]} colSpan={DEVICE_COLUMNS} onClose={() => setIdentify(null)} /> : null}
      {confirming ? (
        <tr className="subrow confirm-row" data-testid="device-remove-row" data-device-name={d.name}>
          <td colSpan={DEVICE_COLUMNS}>
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
          <td colSpan={DEVICE_COLUMNS}>
            <AddWatchForm device={d} onDone={props.toggleForm} />
          </td>
        </tr>
      ) : null}
    </>
  );
}


function ProtocolCell({ device, connection }: { device: Device; connection: Connection | undefined }) {
  const p = protocolCell(device, connection);
  return (
    <td className="nowrap protocol-cell" title={p.title} data-testid="device-protocol" data-protocol={device.protocol}>
      <span className="muted">{p.protocol}</span>
      {p.detail ? (
        <>
          {' '}
          <span className="mono" data-testid="device-protocol-detail">
            {p.detail}
          </span>
        </>
      ) : null}
    </td>
  );
}

function OpcUaAddress({ url }: { url: string }) {
  const m = /^opc\.tcp:\/\/([^/]+)(\/.*)?$/.exec(url);
  if (!m) return <>{url}</>;
  return (
    <>
      {m[1]}
      {m[2] && m[2] !== '/' ? <span className="path-part">{m[2]}</span> : null}
    </>
  );
}
