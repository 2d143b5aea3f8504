import { z } from 'zod';

/** Faults the simulator injects, for tests and demos of what bad buses look like. */
export const SimFaults = z.object({
  /** Delay before each reply. */
  latencyMs: z.number().min(0).max(60000).default(0),
  /** Fraction of requests that get no reply at all (0..1). */
  dropRate: z.number().min(0).max(1).default(0),
  /** Fraction of RTU replies sent with a corrupted CRC (0..1). */
  corruptCrcRate: z.number().min(0).max(1).default(0),
  /** Fraction of requests answered with exception 0x04 server device failure (0..1). */
  exceptionRate: z.number().min(0).max(1).default(0),
});
export type SimFaults = z.infer<typeof SimFaults>;

export const NO_FAULTS: SimFaults = { latencyMs: 0, dropRate: 0, corruptCrcRate: 0, exceptionRate: 0 };

/** Deterministic pseudo-random source, so a fault test fails the same way twice. */
export function seededRandom(seed = 1): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}
