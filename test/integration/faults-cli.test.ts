import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { runCli } from '../helpers/processes';
import { always } from '../helpers/rogue/faults';
import { rogueRtuOnPty, rogueRtuOnTcp } from '../helpers/rogue/rogue-rtu';

// Issue 14: a slave answering 1.3 s late (timeout 1 s) had `read --map` report the tag at 40201 as Good with the
// late answer to 40001. The rogue's register a holds 1000 + a, so 40001 reads 1000 and 40201 reads 1200.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as { name: string; value: unknown; quality: { status: string; reason?: string }; raw: number[] });

function twoTagMap(): string {
  const file = path.join(tmp.dir, 'two-tags.csv');
  writeFileSync(file, 'Register;Name;Type\n40001;first;uint16\n40201;second;uint16\n');
  return file;
}

describe('fieldbench read --map against a slave that answers 1.3 s late', () => {
  it.each([
    ['--rtu (socat pseudo-terminal), one retry', 'pty', []],
    ['--rtu-over-tcp, no retry', 'tcp', ['--retries', '0']],
  ] as const)('%s: no tag takes another request\'s late answer', async (_what, via, extra) => {
    const late = always({ kind: 'late', ms: 1300 });
    const rogue = via === 'pty' ? await rogueRtuOnPty({ script: late }) : await rogueRtuOnTcp({ script: late });
    cleanups.push(() => rogue.stop());
    const where = 'path' in rogue ? ['--rtu', rogue.path, '--baud', '19200', '--parity', 'none'] : ['--rtu-over-tcp', `127.0.0.1:${rogue.port}`];
    const r = await runCli(['read', ...where, '--unit', '1', '--timeout', '1000', ...extra, '--map', twoTagMap(), '--json'], 40_000);
    const by = Object.fromEntries(lines(r.stdout).map((l) => [l.name, l]));
    expect(by['second']).toMatchObject({ value: null, raw: [], quality: { status: 'bad', reason: 'timeout' } });
    expect(by['first']).toMatchObject({ value: null, raw: [], quality: { status: 'bad', reason: 'timeout' } });
    expect(r.code).toBe(1);
    expect(rogue.requests.length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
