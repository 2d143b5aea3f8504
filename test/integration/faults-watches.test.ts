import { afterEach, describe, expect, it } from 'vitest';
import { emptyProject, MAX_WATCHES } from '../../src/shared/project/schema';
import { migrateProject } from '../../src/shared/project/migrate';
import { FieldbenchError } from '../../src/shared/errors';
import { makeEngine } from '../helpers/engine';
import { always } from '../helpers/rogue/faults';
import { rogueTcp } from '../helpers/rogue/rogue-tcp';

// Issue 14 item 9: watches are bounded in number per project and in size per request; nothing asks a device for
// more than one Modbus request may carry.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Env = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } };

/** FC 1-4 requests the peer received, as [function, count]. */
const reads = (requests: readonly Buffer[]) => requests.filter((p) => p[0]! >= 1 && p[0]! <= 4).map((p) => [p[0]!, p.readUInt16BE(3)] as const);

describe('watches at protocol limits', () => {
  it('a 2000-register watch is refused with the limit before anything is sent; 2000 coils (one FC 1) are fine', async () => {
    const rogue = await rogueTcp({ script: always({ kind: 'answer' }) });
    cleanups.push(() => rogue.stop());
    const { engine, dispose } = await makeEngine();
    cleanups.push(dispose);
    const added = (await engine.dispatch('devices.addTcp', { name: 'Meter', host: '127.0.0.1', port: rogue.port, timeoutMs: 500 })) as Env;
    const deviceId = ((added as { value: { device: { id: string } } }).value.device.id);
    const big = (await engine.dispatch('watches.add', { deviceId, table: 'holding', address: 0, count: 2000, intervalMs: 100 })) as Env;
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.issues).toEqual([{ path: 'count', message: 'at most 125 registers per read' }]);
    const coils = (await engine.dispatch('watches.add', { deviceId, table: 'coil', address: 0, count: 2000, intervalMs: 100 })) as Env;
    expect(coils.ok).toBe(true);
    await expect.poll(() => reads(rogue.requests).length, { timeout: 20_000 }).toBeGreaterThan(1);
    for (const [fc, count] of reads(rogue.requests)) expect(count).toBeLessThanOrEqual(fc <= 2 ? 2000 : 125);
    expect(reads(rogue.requests).some(([fc]) => fc === 3)).toBe(false);
  });

  it('a project file with a 2000-register watch, or more watches than a project holds, is refused by path', () => {
    const base = emptyProject('Watched');
    const connection = { kind: 'tcp', id: 'c1', name: 'c1', host: '127.0.0.1', port: 502, timeoutMs: 1000 };
    const device = { protocol: 'modbus', id: 'd1', name: 'd1', connectionId: 'c1', unitId: 1 };
    const watch = (i: number, count = 1) => ({ id: `w${i}`, deviceId: 'd1', table: 'holding', address: i % 60000, count, intervalMs: 1000 });
    const issues = (watches: unknown[]) => {
      try {
        migrateProject({ ...base, connections: [connection], devices: [device], watches });
        return [];
      } catch (e) {
        return ((e as FieldbenchError).issues ?? []).map((i) => `${i.path}: ${i.message}`);
      }
    };
    expect(issues([watch(0)])).toEqual([]);
    expect(issues([watch(0, 2000)])).toEqual(['watches.0.count: at most 125 registers per read']);
    expect(issues(Array.from({ length: MAX_WATCHES + 1 }, (_v, i) => watch(i)))).toEqual([`watches: a project holds at most ${MAX_WATCHES} register watches`]);
  });

  it(`the watch after ${MAX_WATCHES} is refused, saying why`, async () => {
    const rogue = await rogueTcp({ script: always({ kind: 'answer' }) });
    cleanups.push(() => rogue.stop());
    const { engine, dispose } = await makeEngine();
    cleanups.push(dispose);
    const added = (await engine.dispatch('devices.addTcp', { name: 'Meter', host: '127.0.0.1', port: rogue.port, timeoutMs: 500 })) as Env;
    const deviceId = ((added as { value: { device: { id: string } } }).value.device.id);
    for (let i = 0; i < MAX_WATCHES; i++) {
      const r = (await engine.dispatch('watches.add', { deviceId, table: 'holding', address: i, count: 1, intervalMs: 3_600_000 })) as Env;
      expect(r.ok).toBe(true);
    }
    const over = (await engine.dispatch('watches.add', { deviceId, table: 'holding', address: 600, count: 1, intervalMs: 3_600_000 })) as Env;
    expect(over).toMatchObject({ ok: false, error: { code: 'invalid_input', message: `the project already has ${MAX_WATCHES} register watches, the most one project polls: remove some first` } });
  });
});
