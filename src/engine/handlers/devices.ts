import { FieldbenchError } from '../../shared/errors';
import type { Connection, Device } from '../../shared/project/schema';
import type { Handlers } from '../dispatch';
import type { Engine } from '../engine';
import { newId } from '../ids';
import { wireKey } from '../modbus/channel-factory';
import { readIdentity } from '../modbus/identify';
import { listSerialPorts } from '../serial/list-ports';

type DeviceHandlers = Pick<Handlers, 'devices.list' | 'devices.addTcp' | 'devices.addRtu' | 'devices.addRtuOverTcp' | 'devices.remove' | 'devices.stats' | 'devices.identify' | 'serial.list'>;

/** Add a device on a connection, reusing the project's connection to the same wire (one bus, one master). */
function addDevice(engine: Engine, name: string, unitId: number, candidate: Connection): { device: Device; connection: Connection } {
  const p = engine.store.project;
  if (p.devices.some((d) => d.name === name)) throw new FieldbenchError('already_exists', `a device named "${name}" already exists`);
  const existing = p.connections.find((c) => wireKey(c) === wireKey(candidate));
  if (existing && existing.kind !== candidate.kind) throw new FieldbenchError('already_exists', `${existing.name} is already used as a ${existing.kind} connection`);
  const connection = existing ?? candidate;
  if (p.devices.some((d) => d.connectionId === connection.id && d.unitId === unitId)) {
    throw new FieldbenchError('already_exists', `unit ${unitId} on ${connection.name} is already in this project`);
  }
  const device: Device = { id: newId('dev'), name, protocol: 'modbus', connectionId: connection.id, unitId };
  engine.update((doc) => ({ ...doc, connections: existing ? doc.connections : [...doc.connections, connection], devices: [...doc.devices, device] }));
  return { device, connection };
}

export function deviceHandlers(engine: Engine): DeviceHandlers {
  const store = engine.store;
  return {
    'devices.list': async () => ({ connections: store.project.connections, devices: store.project.devices }),

    'devices.addTcp': async ({ name, host, port, unitId, timeoutMs }) =>
      addDevice(engine, name, unitId, { kind: 'tcp', id: newId('conn'), name: `${host}:${port}`, host, port, timeoutMs, maxInFlight: 1 }),

    'devices.addRtu': async ({ name, unitId, ...line }) => addDevice(engine, name, unitId, { kind: 'rtu', id: newId('conn'), name: `${line.path} ${line.baud}`, ...line }),

    'devices.addRtuOverTcp': async ({ name, unitId, ...rest }) =>
      addDevice(engine, name, unitId, { kind: 'rtu-over-tcp', id: newId('conn'), name: `${rest.host}:${rest.port} (RTU over TCP)`, ...rest }),

    'devices.remove': async ({ deviceId }) => {
      const p = store.project;
      const device = p.devices.find((d) => d.id === deviceId);
      if (!device) throw new FieldbenchError('not_found', `no device with id "${deviceId}"`);
      const orphan = !p.devices.some((d) => d.id !== deviceId && d.connectionId === device.connectionId);
      const connection = p.connections.find((c) => c.id === device.connectionId);
      engine.update((doc) => ({
        ...doc,
        devices: doc.devices.filter((d) => d.id !== deviceId),
        connections: orphan ? doc.connections.filter((c) => c.id !== device.connectionId) : doc.connections,
        watches: doc.watches.filter((w) => w.deviceId !== deviceId),
        tagMaps: doc.tagMaps.filter((m) => m.deviceId !== deviceId),
      }));
      if (orphan && connection) engine.releaseConnection(connection);
      return {};
    },

    'devices.stats': async () =>
      store.project.devices.map((d) => {
        const { channel } = engine.device(d.id);
        return { deviceId: d.id, ...channel.stats.snapshot(d.unitId), stray: channel.stats.stray };
      }),

    'devices.identify': async ({ deviceId }) => {
      const { device, channel } = engine.device(deviceId);
      return readIdentity(channel, device.unitId);
    },

    'serial.list': async () => {
      engine.ports.start();
      return engine.ports.refresh().catch(() => listSerialPorts());
    },
  };
}
