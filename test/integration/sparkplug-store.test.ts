import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentLog } from '../../src/engine/sparkplug/store/segment-log';
import { tempDir } from '../helpers/engine';
import { ROOT } from '../helpers/processes';

let tmp: { dir: string; cleanup: () => void } | null = null;
afterEach(() => {
  tmp?.cleanup();
  tmp = null;
});

const bodies = (from: number, n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`${from + i} ${'y'.repeat(30)}`));
const numbers = (bs: Buffer[]) => bs.map((b) => Number(b.toString().split(' ')[0]));

/** Peek and ack everything, `batch` at a time. */
function drain(log: SegmentLog, batch = 37): number[] {
  const out: number[] = [];
  for (;;) {
    const got = log.peek(batch);
    if (!got.length) return out;
    out.push(...numbers(got));
    log.ack(got.length);
  }
}

describe('the store-and-forward segment log', () => {
  it('keeps records in order across segments and reopenings, and forgets what was acknowledged', () => {
    tmp = tempDir('fieldbench-seglog-');
    let log = new SegmentLog(tmp.dir, { segmentBytes: 1024 });
    for (let i = 0; i < 100; i += 10) log.append(bodies(i, 10));
    expect(log.size()).toBe(100);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.seg')).length).toBeGreaterThan(3);
    const first = log.peek(25);
    expect(numbers(first)).toEqual([...Array(25).keys()]);
    log.ack(20);
    log.close();
    log = new SegmentLog(tmp.dir, { segmentBytes: 1024 });
    expect(log.size()).toBe(80);
    log.append(bodies(100, 5));
    expect(drain(log)).toEqual(Array.from({ length: 85 }, (_, i) => 20 + i));
    expect(log.size()).toBe(0);
    log.close();
    // Acknowledged segments are deleted; what is left is the one being written.
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.seg')).length).toBe(1);
    const reopened = new SegmentLog(tmp.dir);
    expect(reopened.size()).toBe(0);
    reopened.close();
  });

  it('cuts a torn tail and keeps every whole record before it', () => {
    tmp = tempDir('fieldbench-seglog-');
    const log = new SegmentLog(tmp.dir, { segmentBytes: 1 << 20 });
    log.append(bodies(0, 10));
    log.close();
    const seg = path.join(tmp.dir, readdirSync(tmp.dir).find((f) => f.endsWith('.seg'))!);
    const size = statSync(seg).size;
    // Half a record: a length that promises more than follows, as a write cut by a crash leaves it.
    appendFileSync(seg, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5]));
    const again = new SegmentLog(tmp.dir);
    expect(statSync(seg).size).toBe(size);
    again.append(bodies(10, 2));
    expect(drain(again)).toEqual([...Array(12).keys()]);
    again.close();
  });

  it('when full, drops the oldest whole segment and says how many records went', () => {
    tmp = tempDir('fieldbench-seglog-');
    const dropped: number[] = [];
    const log = new SegmentLog(tmp.dir, { segmentBytes: 1024, maxBytes: 4096, onDrop: (n) => dropped.push(n) });
    for (let i = 0; i < 400; i += 10) log.append(bodies(i, 10));
    expect(log.bytes()).toBeLessThanOrEqual(4096);
    const kept = drain(log);
    const lost = dropped.reduce((a, b) => a + b, 0);
    expect(lost).toBeGreaterThan(0);
    expect(kept.length + lost).toBe(400);
    // The newest are kept, in order, with no gap.
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 400 - kept.length + i));
    log.close();
  });

  it('a writer killed with SIGKILL loses nothing an append had returned for', async () => {
    tmp = tempDir('fieldbench-seglog-');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/helpers/mqtt-store-writer.ts'), tmp.dir, '7'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const last = [...out.matchAll(/appended (\d+)\n/g)].at(-1);
        if (last && Number(last[1]) >= 700) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const confirmed = Math.max(...[...out.matchAll(/appended (\d+)\n/g)].map((m) => Number(m[1])));
    const log = new SegmentLog(tmp.dir);
    const got = drain(log, 100);
    log.close();
    expect(got.length).toBeGreaterThanOrEqual(confirmed);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i));
  });
});
