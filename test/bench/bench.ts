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

export function result(name: string, value: number, unit: string, baseline: string, baselineValue: number, extra: Record<string, unknown> = {}): BenchResult {
  const round = (x: number) => Math.round(x * 100) / 100;
  return { name, value: round(value), unit, baseline, baselineValue: round(baselineValue), ratio: round(value / baselineValue), ...extra };
}
