import { FieldbenchError } from '../../shared/errors';
import { isModbusConnection, type Connection, type Device, type ModbusConnection } from '../../shared/project/schema';
import type { Handlers } from '../dispatch';
import { newId } from '../ids';
import { wireKey } from '../modbus/channel-factory';
import { listSerialPorts } from '../serial/list-ports';
import type { EngineContext } from './context';

type DeviceHandlers = Pick<Handlers, 'devices.list' | 'devices.addTcp' | 'devices.addRtu' | 'devices.addRtuOverTcp' | 'devices.remove' | 'devices.stats' | 'devices.identify' | 'serial.list'>;

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

    'devices.stats': async () =>
      store.project.devices.flatMap((d) => {
        if (d.protocol !== 'modbus') return [];
        const { channel } = engine.core.modbus(d.id);
        return [{ deviceId: d.id, ...channel.stats.snapshot(d.unitId), stray: channel.stats.stray }];
      }),

    'devices.identify': async ({ deviceId }) => {
      const { driver } = engine.core.device(deviceId);
      if (!driver.identify) throw new FieldbenchError('unsupported', 'this device has no identification service');
      return driver.identify();
    },

    'serial.list': async () => {
      engine.ports.start();
      return engine.ports.refresh().catch(() => listSerialPorts());
    },
  };
}
