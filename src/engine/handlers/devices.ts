import { FieldbenchError } from '../../shared/errors';
import { isModbusConnection, type Connection, type Device, type ModbusConnection } from '../../shared/project/schema';
import type { Handlers } from '../dispatch';
import { newId } from '../ids';
import { wireKey } from '../modbus/channel-factory';
import { listSerialPorts } from '../serial/list-ports';
import type { ConnectionState, DeviceProbe } from '../../shared/contract';
import type { EngineContext } from './context';
import { probeDevice, withoutRetryCountdown } from './device-probe';

type DeviceHandlers = Pick<Handlers, 'devices.list' | 'devices.addTcp' | 'devices.addRtu' | 'devices.addRtuOverTcp' | 'devices.remove' | 'devices.stats' | 'devices.identify' | 'devices.probe' | 'serial.list'>;

/** Add a Modbus unit on a connection, reusing the project's connection to the same wire (one bus, one master). */
function addModbusDevice(engine: EngineContext, name: string, unitId: number, candidate: ModbusConnection): { device: Device; connection: Connection } {
  const p = engine.store.project;
  if (p.devices.some((d) => d.name === name)) throw new FieldbenchError('already_exists', `a device named "${name}" already exists`);
  const existing = p.connections.filter(isModbusConnection).find((c) => wireKey(c) === wireKey(candidate));
  if (existing && existing.kind !== candidate.kind) throw new FieldbenchError('already_exists', `${existing.name} is already used as a ${existing.kind} connection`);
  const connection = existing ?? candidate;
  if (p.devices.some((d) => d.connectionId === connection.id && d.protocol === 'modbus' && d.unitId === unitId)) {
    throw new FieldbenchError('already_exists', `unit ${unitId} on ${connection.name} is already in this project`);
  }
  const device: Device = { id: newId('dev'), name, protocol: 'modbus', connectionId: connection.id, unitId };
  engine.update((doc) => ({ ...doc, connections: existing ? doc.connections : [...doc.connections, connection], devices: [...doc.devices, device] }));
  return { device, connection };
}

export function deviceHandlers(engine: EngineContext): DeviceHandlers {
  const store = engine.store;
  // What the engine last saw of each connection and each device's last probe: devices.stats hands them to a page
  // that was not listening when they happened.
  const links = new Map<string, ConnectionState>();
  const probes = new Map<string, DeviceProbe>();
  engine.core.events.on('connection.state', (s) => links.set(s.connectionId, s));
  const probe = async (deviceId: string): Promise<DeviceProbe> => {
    const { device, driver } = engine.core.device(deviceId);
    const result = await probeDevice(device, driver);
    // A device removed (or a project switched) while it was being probed keeps no result.
    if (store.project.devices.some((d) => d.id === deviceId)) probes.set(deviceId, result);
    return result;
  };
  return {
    'devices.list': async () => ({ connections: store.project.connections, devices: store.project.devices }),

    'devices.addTcp': async ({ name, host, port, unitId, timeoutMs }) =>
      addModbusDevice(engine, name, unitId, { kind: 'tcp', id: newId('conn'), name: `${host}:${port}`, host, port, timeoutMs, maxInFlight: 1 }),

    'devices.addRtu': async ({ name, unitId, ...line }) => addModbusDevice(engine, name, unitId, { kind: 'rtu', id: newId('conn'), name: `${line.path} ${line.baud}`, ...line }),

    'devices.addRtuOverTcp': async ({ name, unitId, ...rest }) =>
      addModbusDevice(engine, name, unitId, { kind: 'rtu-over-tcp', id: newId('conn'), name: `${rest.host}:${rest.port} (RTU over TCP)`, ...rest }),

    'devices.remove': async ({ deviceId }) => {
      const device = store.project.devices.find((d) => d.id === deviceId);
      if (!device) throw new FieldbenchError('not_found', `no device with id "${deviceId}"`);
      const dropsConnection = !store.project.devices.some((d) => d.id !== deviceId && d.connectionId === device.connectionId);
      engine.update((doc) => {
        const orphan = !doc.devices.some((d) => d.id !== deviceId && d.connectionId === device.connectionId);
        const maps = new Set(doc.tagMaps.filter((m) => m.deviceId === deviceId).map((m) => `${m.id}/`));
        return {
          ...doc,
          devices: doc.devices.filter((d) => d.id !== deviceId),
          connections: orphan ? doc.connections.filter((c) => c.id !== device.connectionId) : doc.connections,
          watches: doc.watches.filter((w) => w.deviceId !== deviceId),
          tagMaps: doc.tagMaps.filter((m) => m.deviceId !== deviceId),
          checkout: Object.fromEntries(Object.entries(doc.checkout).filter(([k]) => ![...maps].some((prefix) => k.startsWith(prefix)))),
        };
      });
      // A password kept for a connection that is gone is not kept any longer.
      if (dropsConnection) await engine.opcua.secrets.deletePassword(device.connectionId);
      return {};
    },

    'devices.stats': async () => {
      const ids = new Set(store.project.devices.map((d) => d.id));
      for (const id of probes.keys()) if (!ids.has(id)) probes.delete(id);
      const connections = new Set(store.project.connections.map((c) => c.id));
      for (const id of links.keys()) if (!connections.has(id)) links.delete(id);
      const scans = new Map(engine.core.scanStats().map((s) => [s.deviceId, s.scanClasses]));
      return store.project.devices.map((d) => {
        const link = links.get(d.connectionId);
        const known = { ...(link ? { link: { state: link.state, ...(link.detail ? { detail: link.detail } : {}), at: link.at } } : {}), ...(probes.has(d.id) ? { probe: probes.get(d.id)! } : {}) };
        if (d.protocol === 'modbus') {
          const { channel } = engine.core.modbus(d.id);
          return { deviceId: d.id, protocol: d.protocol, ...channel.stats.snapshot(d.unitId), stray: channel.stats.stray, ...known };
        }
        // OPC UA and EtherNet/IP count no Modbus requests: their scans say what they do.
        const classes = scans.get(d.id) ?? [];
        const scan = { scans: classes.reduce((n, c) => n + c.scans, 0), overruns: classes.reduce((n, c) => n + c.overruns, 0), lastScanMs: Math.max(0, ...classes.map((c) => c.lastScanMs)) };
        return { deviceId: d.id, protocol: d.protocol, requests: 0, responses: 0, timeouts: 0, crcErrors: 0, exceptions: {}, meanMs: 0, p95Ms: 0, stray: 0, ...known, ...(classes.length ? { scans: scan } : {}) };
      });
    },

    'devices.identify': async ({ deviceId }) => {
      const { driver } = engine.core.device(deviceId);
      if (!driver.identify) throw new FieldbenchError('unsupported', 'this device has no identification service');
      try {
        return await driver.identify();
      } catch (err) {
        // The operator asked now: the reason the link is down, not when the master will try again.
        if (err instanceof FieldbenchError) throw new FieldbenchError(err.code, withoutRetryCountdown(err.message));
        throw err;
      }
    },

    'devices.probe': async ({ deviceId }) => probe(deviceId),

    'serial.list': async () => {
      engine.ports.start();
      return engine.ports.refresh().catch(() => listSerialPorts());
    },
  };
}
