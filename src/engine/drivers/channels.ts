import type { ModbusConnection } from '../../shared/project/schema';
import { createChannel, wireKey, type ModbusChannel } from '../modbus/channel-factory';
import type { TrafficFrame } from '../modbus/stats';
import type { EngineEvents } from '../events';

interface Entry {
  settings: string;
  master: ModbusChannel;
  /** The project's connections on this wire, in the order they came: the first names the wire in traffic. */
  connectionIds: string[];
}

/**
 * One Modbus master per wire: every device and every watch on the same connection shares its queue, so a TCP
 * gateway or an RS-485 bus sees one master. Traffic and link states carry the ids of the connections the current
 * project has on that wire, never those of a project that was closed.
 */
export class ChannelRegistry {
  private readonly masters = new Map<string, Entry>();
  /** The entry last resolved for a connection object: a read looks its master up without serialising its settings. */
  private readonly resolved = new WeakMap<ModbusConnection, { key: string; entry: Entry }>();

  constructor(
    private readonly events: EngineEvents,
    private readonly traffic?: (connectionId: string, frame: TrafficFrame) => void,
  ) {}

  /** The master for a connection; two connections on the same wire (one serial port) share one master. */
  channelFor(connection: ModbusConnection): ModbusChannel {
    const known = this.resolved.get(connection);
    if (known && this.masters.get(known.key) === known.entry) {
      if (!known.entry.connectionIds.includes(connection.id)) known.entry.connectionIds.push(connection.id);
      return known.entry.master;
    }
    const key = wireKey(connection);
    const { id: _id, name: _name, ...rest } = connection;
    const settings = JSON.stringify(rest);
    const existing = this.masters.get(key);
    if (existing && existing.settings === settings) {
      if (!existing.connectionIds.includes(connection.id)) existing.connectionIds.push(connection.id);
      this.resolved.set(connection, { key, entry: existing });
      return existing.master;
    }
    if (existing) void existing.master.close();
    const traffic = this.traffic;
    const entry: Entry = { settings, master: null as unknown as ModbusChannel, connectionIds: [connection.id] };
    entry.master = createChannel(connection, traffic ? (frame) => traffic(entry.connectionIds[0] ?? connection.id, frame) : undefined);
    entry.master.on('state', (state, detail) => {
      for (const connectionId of entry.connectionIds) {
        this.events.emit('connection.state', { connectionId, state, ...(detail ? { detail } : {}), at: Date.now() });
      }
    });
    this.masters.set(key, entry);
    this.resolved.set(connection, { key, entry });
    return entry.master;
  }

  /** Keep the masters of these connections (with exactly these ids), close the rest. */
  retain(connections: readonly ModbusConnection[]): void {
    const ids = new Map<string, string[]>();
    for (const c of connections) {
      const k = wireKey(c);
      ids.set(k, [...(ids.get(k) ?? []), c.id]);
    }
    for (const [key, entry] of this.masters) {
      const keep = ids.get(key);
      if (!keep) {
        void entry.master.close();
        this.masters.delete(key);
      } else entry.connectionIds = keep;
    }
  }

  closeAll(): void {
    for (const { master } of this.masters.values()) void master.close();
    this.masters.clear();
  }
}
