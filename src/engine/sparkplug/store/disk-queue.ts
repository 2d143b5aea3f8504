import type { QualityStatus } from '../../../shared/quality';
import type { MetricSample } from '../metric-encode';
import type { ForwardQueue, StoredSample } from './forward-queue';
import { SegmentLog, type SegmentLogOptions } from './segment-log';

/** The edge node's store-and-forward queue on disk: one JSON record per sample in a SegmentLog. */
export class DiskQueue implements ForwardQueue {
  private readonly log: SegmentLog;

  constructor(dir: string, opts: SegmentLogOptions = {}) {
    this.log = new SegmentLog(dir, opts);
  }

  append(samples: readonly MetricSample[]): void {
    this.log.append(samples.map((s) => Buffer.from(JSON.stringify([s.key, s.value, s.status, s.at]))));
  }

  peek(max: number): StoredSample[] {
    return this.log.peekRecords(max).map(({ id, body }) => {
      const [key, value, status, at] = JSON.parse(body.toString('utf8')) as [string, MetricSample['value'], QualityStatus, number];
      return { key, value, status, at, storeId: id };
    });
  }

  ack(n: number): void {
    this.log.ack(n);
  }

  size(): number {
    return this.log.size();
  }

  bytes(): number {
    return this.log.bytes();
  }

  close(): void {
    this.log.close();
  }
}
