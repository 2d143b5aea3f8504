import { FieldbenchError } from '../../shared/errors';
import type { Connection, Device } from '../../shared/project/schema';
import { TcpMaster } from '../modbus/tcp-master';
import type { PduChannel } from '../modbus/read';
import type { EngineEvents } from '../events';

/**
 * One channel per connection: every device and every watch on the same connection shares its queue,
 * so a TCP gateway or an RS-485 bus sees one master.
 */
export class ChannelRegistry {
  private readonly masters = new Map<string, { key: string; master: TcpMaster }>();

  constructor(private readonly events: EngineEvents) {}

  channelFor(connection: Connection): PduChannel {
    const key = `${connection.host}:${connection.port}:${connection.timeoutMs}`;
    const existing = this.masters.get(connection.id);
    if (existing && existing.key === key) return existing.master;
    existing?.master.close();
    const master = new TcpMaster({ host: connection.host, port: connection.port, timeoutMs: connection.timeoutMs });
    master.on('state', (state, detail) => {
      this.events.emit('connection.state', { connectionId: connection.id, state, ...(detail ? { detail } : {}), at: Date.now() });
    });
    this.masters.set(connection.id, { key, master });
    return master;
  }

  release(connectionId: string): void {
    this.masters.get(connectionId)?.master.close();
    this.masters.delete(connectionId);
  }

  closeAll(): void {
    for (const { master } of this.masters.values()) master.close();
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
