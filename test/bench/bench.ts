/** One benchmark result: a JSON line with the baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  ratio: number;
  /** Optional extra facts (target, sizes) printed with the line. */
  [extra: string]: unknown;
}

export interface Bench {
  name: string;
  run(): Promise<BenchResult>;
}

/** Run fn repeatedly for about `ms` milliseconds (after a short warm-up) and return operations per second. */
export async function opsPerSecond(fn: () => Promise<unknown>, ms = 2000, warmupMs = 300): Promise<number> {
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) await fn();
  let n = 0;
  const start = performance.now();
  const end = start + ms;
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

/**
 * Operations per second of two loops, measured in alternating rounds (the order flips every round), each side's
 * best round. The machine is shared with other work: a burst of load then costs both sides a round alike, instead
 * of landing on whichever side happened to be running, which made single back-to-back runs swing by +-30%.
 */
export async function bestOfAlternating(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  opts: { rounds?: number; ms?: number; warmupMs?: number } = {},
): Promise<{ a: number; b: number }> {
  const rounds = opts.rounds ?? 6;
  const ms = opts.ms ?? 500;
  const warm = opts.warmupMs ?? 300;
  let bestA = 0;
  let bestB = 0;
  for (let r = 0; r < rounds; r++) {
    // The first round of each side carries the full warm-up; later rounds only settle the loop again.
    const w = r < 2 ? warm : 50;
    if (r % 2 === 0) {
      bestA = Math.max(bestA, await opsPerSecond(a, ms, w));
      bestB = Math.max(bestB, await opsPerSecond(b, ms, w));
    } else {
      bestB = Math.max(bestB, await opsPerSecond(b, ms, w));
      bestA = Math.max(bestA, await opsPerSecond(a, ms, w));
    }
  }
  return { a: bestA, b: bestB };
}

export function result(name: string, value: number, unit: string, baseline: string, baselineValue: number, extra: Record<string, unknown> = {}): BenchResult {
  const round = (x: number) => Math.round(x * 100) / 100;
  return { name, value: round(value), unit, baseline, baselineValue: round(baselineValue), ratio: round(value / baselineValue), ...extra };
}
