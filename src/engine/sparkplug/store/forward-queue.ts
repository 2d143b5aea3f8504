import type { MetricSample } from '../metric-encode';

/** A sample read back from the queue, with its id there: the same each time it is read, growing in queue order. */
export type StoredSample = MetricSample & { storeId: bigint };

/**
 * Where the edge node keeps what it could not publish: samples in the order they came, durable once `append`
 * returns, read from the front and dropped only when acknowledged.
 */
export interface ForwardQueue {
  append(samples: readonly MetricSample[]): void;
  /** Up to `max` samples from the front, in order, without removing them. */
  peek(max: number): StoredSample[];
  /** Drop the first `n` samples (they were published). */
  ack(n: number): void;
  /** Samples held. */
  size(): number;
  close(): void;
}
