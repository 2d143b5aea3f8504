import { FieldbenchError } from '../../../shared/errors';
import type { DeviceIdentity } from '../../../shared/contract';
import type { ModbusConnection, ModbusDevice, TagSource } from '../../../shared/project/schema';
import { bad } from '../../../shared/quality';
import type { Acquisition, AcquireItem, DeviceDriver, PreparedWrite, SourceReading, WriteOptions } from '../../drivers/driver';
import type { ModbusChannel } from '../channel-factory';
import { readIdentity } from '../identify';
import type { PlanLimits } from '../planner';
import { TagPoller } from '../tag-poller';
import { ModbusItems } from './modbus-acquisition';
import { prepareModbusWrite } from './modbus-write';

/** How far apart two tags may be and still be read in one request: 8 unused registers cost less than a request. */
export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxGap: 8 };

/** Unit 0 is the broadcast address on a serial line: nobody answers it, so it is never read. */
const BROADCAST_READ = 'unit 0 is the broadcast address: reads are never answered';

/**
 * One Modbus unit on a connection's channel (shared by every unit on the same wire, so a bus keeps one request on the
 * line). Polls by scan class in planned blocks; writes as a prepared, confirmed ticket.
 */
export class ModbusDriver implements DeviceDriver {
  readonly protocol = 'modbus' as const;

  constructor(
    readonly device: ModbusDevice,
    private readonly connection: ModbusConnection,
    readonly channel: ModbusChannel,
    private readonly limits: PlanLimits = DEFAULT_PLAN_LIMITS,
  ) {}

  private get broadcastCapable(): boolean {
    return this.connection.kind !== 'tcp';
  }

  private refuseBroadcast(items: readonly AcquireItem[]): SourceReading[] | null {
    if (this.device.unitId !== 0 || !this.broadcastCapable) return null;
    const at = Date.now();
    return items.map((it) => ({ key: it.key, value: null, quality: bad(BROADCAST_READ), receivedAt: at }));
  }

  acquire(items: readonly AcquireItem[], sink: (readings: SourceReading[]) => void): Acquisition {
    const refused = this.refuseBroadcast(items);
    if (refused) {
      sink(refused);
      return { stop: () => undefined, stats: () => [] };
    }
    const decoder = new ModbusItems(this.device.unitId, items);
    const poller = new TagPoller(this.channel, decoder.polled, (raw, scanMs) => sink(decoder.decode(raw, scanMs)), this.limits);
    poller.start();
    return { stop: () => poller.stop(), stats: () => poller.stats() };
  }

  async readOnce(items: readonly AcquireItem[]): Promise<SourceReading[]> {
    const refused = this.refuseBroadcast(items);
    if (refused) return refused;
    const decoder = new ModbusItems(this.device.unitId, items);
    // One reading of everything: all items are planned together, whatever their scan classes.
    const once = decoder.polled.map((p) => ({ ...p, scanClassMs: 0 }));
    const poller = new TagPoller(this.channel, once, () => undefined, this.limits);
    return decoder.decode(await poller.scanOnce());
  }

  async prepareWrite(source: TagSource, value: number | boolean | string, opts: WriteOptions = {}): Promise<PreparedWrite> {
    if (source.kind !== 'modbus') throw new FieldbenchError('invalid_input', `device "${this.device.name}" is Modbus; it cannot write a ${source.kind} tag`);
    return prepareModbusWrite(this.channel, this.device, source, value, { multiple: opts.multiple ?? false, broadcastCapable: this.broadcastCapable });
  }

  identify(): Promise<DeviceIdentity> {
    if (this.device.unitId === 0 && this.broadcastCapable) return Promise.reject(new FieldbenchError('invalid_input', BROADCAST_READ));
    return readIdentity(this.channel, this.device.unitId);
  }
}
