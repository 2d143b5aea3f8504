import { useEffect } from 'react';
import { useDevices } from '../store/devices';
import { useImporter } from '../store/importer';
import { useUi } from '../store/ui';
import { ImportPanel } from './map/ImportPanel';
import { MapList } from './map/MapList';
import { SunSpecPanel } from './map/SunSpecPanel';
import '../styles/map.css';

/**
 * The Register map screen: pick a device, import the vendor's register map into it (CSV, XLSX, Kepware, Fieldbench
 * or SunSpec JSON) with the column mapping fixed by hand where the guess is wrong, or discover its SunSpec models;
 * the device's maps are listed with their exports.
 */
export function MapScreen() {
  const devices = useDevices((s) => s.devices);
  const loaded = useDevices((s) => s.loaded);
  const deviceId = useImporter((s) => s.deviceId);
  const setDevice = useImporter((s) => s.setDevice);
  const go = useUi((s) => s.go);
  const device = devices.find((d) => d.id === deviceId);

  useEffect(() => {
    if (!device && devices.length > 0) setDevice(devices[0]!.id);
  }, [device, devices, setDevice]);

  return (
    <div className="screen map-screen" data-testid="screen-map">
      <div className="screen-head">
        <h1>Register map</h1>
        <p className="muted">Turn the vendor’s register map into tags of a device: import a file, check what the importer made of every row, add it to the project, then verify the values live.</p>
      </div>
      {loaded && devices.length === 0 ? (
        <div className="empty panel">
          A register map belongs to a device.{' '}
          <button type="button" className="link-btn" onClick={() => go('devices')}>
            Add a device first
          </button>
        </div>
      ) : (
        <>
          <div className="map-device-bar panel">
            <label className="inline-field" htmlFor="map-device">
              Device
            </label>
            <select id="map-device" value={device?.id ?? ''} onChange={(e) => setDevice(e.target.value)} data-testid="map-device">
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.protocol === 'modbus' ? `unit ${d.unitId}` : d.protocol === 'opcua' ? 'OPC UA' : 'EtherNet/IP'})
                </option>
              ))}
            </select>
            {device ? <SunSpecPanel device={device} /> : null}
          </div>
          {device ? <MapList device={device} /> : null}
          {device ? <ImportPanel device={device} /> : null}
        </>
      )}
    </div>
  );
}
