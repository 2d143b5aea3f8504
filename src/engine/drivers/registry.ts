import { FieldbenchError } from '../../shared/errors';
import { isModbusConnection, type Connection, type Device, type Project } from '../../shared/project/schema';
import type { EngineEvents } from '../events';
import type { ModbusChannel } from '../modbus/channel-factory';
import { CipDriver } from '../cip/cip-driver';
import { ModbusDriver } from '../modbus/driver/modbus-driver';
import type { OpcUaEnvironment } from '../opcua/environment';
import { OpcUaDriver } from '../opcua/opcua-driver';
import type { TrafficFrame } from '../modbus/stats';
import type { DeviceDriver } from './driver';
import { ChannelRegistry } from './channels';
import { UnavailableDriver } from './unavailable-driver';

const PROTOCOL_NAMES: Record<Device['protocol'], string> = { modbus: 'Modbus', opcua: 'OPC UA', cip: 'EtherNet/IP' };

/** Find a device and its connection in a project, or say which is missing. */
export function findDevice(project: Pick<Project, 'devices' | 'connections'>, deviceId: string): { device: Device; connection: Connection } {
  const device = project.devices.find((d) => d.id === deviceId);
  if (!device) throw new FieldbenchError('not_found', `no device with id "${deviceId}" in this project`);
  const connection = project.connections.find((c) => c.id === device.connectionId);
  if (!connection) throw new FieldbenchError('not_found', `device "${device.name}" refers to a missing connection "${device.connectionId}"`);
  return { device, connection };
}

/** A driver that holds a session (OPC UA) closes it when it is dropped; a Modbus driver holds nothing of its own. */
function closeDriver(driver: DeviceDriver): Promise<void> {
  return driver.close ? driver.close().catch(() => undefined) : Promise.resolve();
}

/**
 * One driver per device, built by its protocol's factory on the transport its connection shares (one master per
 * wire), and rebuilt when the device or its connection changes.
 */
export class DriverRegistry {
  private readonly channels: ChannelRegistry;
  private readonly drivers = new Map<string, { fingerprint: string; driver: DeviceDriver }>();

  constructor(
    private readonly events: EngineEvents,
    private readonly opcua: OpcUaEnvironment,
    traffic?: (connectionId: string, frame: TrafficFrame) => void,
  ) {
    this.channels = new ChannelRegistry(events, traffic);
  }

  /** The driver of a device of this project. */
  driverFor(project: Pick<Project, 'devices' | 'connections'>, deviceId: string): DeviceDriver {
    const { device, connection } = findDevice(project, deviceId);
    return this.driverOf(device, connection);
  }

  driverOf(device: Device, connection: Connection): DeviceDriver {
    const fingerprint = JSON.stringify([device, connection]);
    const held = this.drivers.get(device.id);
    if (held && held.fingerprint === fingerprint) return held.driver;
    if (held) void closeDriver(held.driver);
    const driver = this.create(device, connection);
    this.drivers.set(device.id, { fingerprint, driver });
    return driver;
  }

  private create(device: Device, connection: Connection): DeviceDriver {
    if (device.protocol === 'modbus' && isModbusConnection(connection)) return new ModbusDriver(device, connection, this.channels.channelFor(connection));
    if (device.protocol === 'opcua' && connection.kind === 'opcua') {
      return new OpcUaDriver(device, connection, this.opcua, (state, detail) => this.events.emit('connection.state', { connectionId: connection.id, state, ...(detail ? { detail } : {}), at: Date.now() }));
    }
    if (device.protocol === 'cip' && connection.kind === 'cip') {
      return new CipDriver(device, connection, (state, detail) => this.events.emit('connection.state', { connectionId: connection.id, state, ...(detail ? { detail } : {}), at: Date.now() }));
    }
    return new UnavailableDriver(device, `${PROTOCOL_NAMES[device.protocol]} devices are not supported by this version of Fieldbench yet`);
  }

  /** The Modbus master of a connection (stats, SunSpec discovery, raw reads). */
  modbusChannel(connection: Connection): ModbusChannel {
    if (!isModbusConnection(connection)) throw new FieldbenchError('invalid_input', `${connection.name} is not a Modbus connection`);
    return this.channels.channelFor(connection);
  }

  /** Forget drivers of devices no longer in the project; close transports nobody uses. */
  sync(project: Pick<Project, 'devices' | 'connections'>): void {
    const ids = new Set(project.devices.map((d) => d.id));
    for (const [id, held] of [...this.drivers]) {
      if (ids.has(id)) continue;
      void closeDriver(held.driver);
      this.drivers.delete(id);
    }
    const used = new Set(project.devices.map((d) => d.connectionId));
    this.channels.retain(project.connections.filter(isModbusConnection).filter((c) => used.has(c.id)));
  }

  /** Close every driver's session and every transport; resolves when the sessions are closed. */
  async closeAll(): Promise<void> {
    const closing = [...this.drivers.values()].map(({ driver }) => closeDriver(driver));
    this.drivers.clear();
    this.channels.closeAll();
    await Promise.all(closing);
  }
}
