import { FieldbenchError } from '../../shared/errors';
import type { Connection, Device } from '../../shared/project/schema';
import { createChannel, wireKey, type ModbusChannel } from '../modbus/channel-factory';
import type { TrafficSink } from '../modbus/stats';
import type { EngineEvents } from '../events';

/**
 * One channel per connection: every device and every watch on the same connection shares its queue,
 * so a TCP gateway or an RS-485 bus sees one master.
 */
export class ChannelRegistry {
  private readonly masters = new Map<string, { settings: string; master: ModbusChannel; connectionIds: Set<string> }>();

  constructor(
    private readonly events: EngineEvents,
    private readonly traffic?: (connectionId: string) => TrafficSink,
  ) {}

  /** The master for a connection; two connections on the same wire (one serial port) share one master. */
  channelFor(connection: Connection): ModbusChannel {
    const key = wireKey(connection);
    const { id: _id, name: _name, ...rest } = connection;
    const settings = JSON.stringify(rest);
    const existing = this.masters.get(key);
    if (existing && existing.settings === settings) {
      existing.connectionIds.add(connection.id);
      return existing.master;
    }
    if (existing) void existing.master.close();
    const master = createChannel(connection, this.traffic?.(connection.id));
    const entry = { settings, master, connectionIds: new Set([connection.id]) };
    master.on('state', (state, detail) => {
      for (const connectionId of entry.connectionIds) {
        this.events.emit('connection.state', { connectionId, state, ...(detail ? { detail } : {}), at: Date.now() });
      }
    });
    this.masters.set(key, entry);
    return master;
  }

  release(connection: Connection): void {
    const key = wireKey(connection);
    const entry = this.masters.get(key);
    if (!entry) return;
    entry.connectionIds.delete(connection.id);
    if (entry.connectionIds.size === 0) {
      void entry.master.close();
      this.masters.delete(key);
    }
  }

  closeAll(): void {
    for (const { master } of this.masters.values()) void master.close();
    this.masters.clear();
  }
}

export function findDevice(devices: readonly Device[], connections: readonly Connection[], deviceId: string): { device: Device; connection: Connection } {
  const device = devices.find((d) => d.id === deviceId);
  if (!device) throw new FieldbenchError('not_found', `no device with id "${deviceId}" in this project`);
  const connection = connections.find((c) => c.id === device.connectionId);
  if (!connection) throw new FieldbenchError('not_found', `device "${device.name}" refers to a missing connection "${device.connectionId}"`);
  return { device, connection };
}
