import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Bench } from './bench';

/** `npm run bench`: every *.bench.ts here, one after the other, one JSON line each. */
async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !only || f.includes(only))
    .sort();
  let failed = 0;
  for (const f of files) {
    const mod = (await import(path.join(__dirname, f))) as { bench?: Bench; benches?: Bench[] };
    for (const b of mod.benches ?? (mod.bench ? [mod.bench] : [])) {
      try {
        process.stdout.write(`${JSON.stringify(await b.run())}\n`);
      } catch (err) {
        failed++;
        process.stdout.write(`${JSON.stringify({ name: b.name, error: (err as Error).message })}\n`);
      }
    }
  }
  process.exit(failed ? 1 : 0);
}

void main();
