import { FieldbenchError } from '../../shared/errors';
import type { Device } from '../../shared/project/schema';
import { bad } from '../../shared/quality';
import type { Acquisition, AcquireItem, DeviceDriver, PreparedWrite, SourceReading } from './driver';

/**
 * The driver of a device this build cannot talk to (a protocol not implemented yet): its tags read Bad with the
 * reason, once, so the operator sees why instead of values that never come; writes are refused.
 */
export class UnavailableDriver implements DeviceDriver {
  readonly protocol;

  constructor(
    readonly device: Device,
    private readonly reason: string,
  ) {
    this.protocol = device.protocol;
  }

  private readings(items: readonly AcquireItem[]): SourceReading[] {
    const at = Date.now();
    return items.map((it) => ({ key: it.key, value: null, quality: bad(this.reason), receivedAt: at }));
  }

  acquire(items: readonly AcquireItem[], sink: (readings: SourceReading[]) => void): Acquisition {
    sink(this.readings(items));
    return { stop: () => undefined, stats: () => [] };
  }

  async readOnce(items: readonly AcquireItem[]): Promise<SourceReading[]> {
    return this.readings(items);
  }

  prepareWrite(): Promise<PreparedWrite> {
    return Promise.reject(new FieldbenchError('unsupported', `cannot write to "${this.device.name}": ${this.reason}`));
  }
}
