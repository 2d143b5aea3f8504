import { useState } from 'react';
import { connectionOf, useDevices } from '../store/devices';
import { useStatsPolling } from '../store/stats';
import { AddDeviceForm } from './devices/AddDeviceForm';
import { DeviceRows } from './devices/DeviceRows';
import { ScanPanel } from './devices/ScanPanel';
import { WriteLogButton } from './live/WriteLog';

export function DevicesScreen() {
  const devices = useDevices((s) => s.devices);
  const connections = useDevices((s) => s.connections);
  const watches = useDevices((s) => s.watches);
  const loaded = useDevices((s) => s.loaded);
  const [watchFormFor, setWatchFormFor] = useState<string | null>(null);
  useStatsPolling(devices.length > 0);

  return (
    <div className="screen devices-screen" data-testid="screen-devices">
      <div className="screen-head screen-head-row">
        <div>
          <h1>Devices</h1>
          <p className="muted">Every device of this project, whatever its protocol: Modbus TCP, RTU and RTU over TCP devices are added here (or found with a scan); OPC UA servers and EtherNet/IP controllers are added on their own screens and listed here with the rest. Each is tested when it is added.</p>
        </div>
        <WriteLogButton />
      </div>
      <AddDeviceForm onAdded={(d) => setWatchFormFor(d.id)} />
      <ScanPanel />

      <section className="panel">
        <h2 className="panel-title">
          In this project <span className="muted">({devices.length})</span>
          {devices.length > 0 ? <span className="muted panel-sub"> · statistics refresh every 2 s</span> : null}
        </h2>
        {loaded && devices.length === 0 ? <p className="empty">No devices yet. Add one above.</p> : null}
        {devices.length > 0 ? (
          <table className="grid devices-table" data-testid="device-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Address</th>
                <th title="Protocol, and the Modbus unit id, the EtherNet/IP route (slot) or the OPC UA security mode">Protocol</th>
                <th className="num">Timeout</th>
                <th>Link</th>
                <th>Statistics</th>
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
