import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import type { Engine } from '../../src/engine/engine';
import type { TagReading } from '../../src/shared/schemas/tags';
import { TagValuesFrame, unpackReadings } from '../../src/shared/schemas/tag-frame';
import { makeEngine } from '../helpers/engine';

let engine: Engine;
let dispose: () => Promise<void>;
let sim: RunningTcpSim;
let deviceId: string;
const plant = createDemoPlant();
plant.stop();
// A word-swapped (CDAB) 230.1 V at 40100, a SunSpec-style current 1234 with scale factor -2 at 40110/40111.
const f = new DataView(new ArrayBuffer(4));
f.setFloat32(0, 230.1);
plant.bank.holding[99] = f.getUint16(2);
plant.bank.holding[100] = f.getUint16(0);
plant.bank.holding[109] = 1234;
plant.bank.holding[110] = 0xfffe; // -2
plant.bank.holding[120] = 0x8000; // SunSpec "not implemented" int16

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.message}`);
  return env.value as T;
}

/** A tag of the demo device: a Modbus holding register with its codec, scanned every 200 ms unless told. */
function modbus(name: string, source: Record<string, unknown>, common: Record<string, unknown> = {}) {
  return { name, scanClassMs: 200, ...common, source: { kind: 'modbus', table: 'holding', ...source } };
}

async function waitFor(pred: (r: TagReading[]) => boolean): Promise<TagReading[]> {
  for (let i = 0; i < 100; i++) {
    const snap = await call<TagReading[]>('tags.snapshot', {});
    if (pred(snap)) return snap;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for tag values');
}

beforeAll(async () => {
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  ({ engine, dispose } = await makeEngine());
  deviceId = (await call<{ device: { id: string } }>('devices.addTcp', { name: 'Demo', host: '127.0.0.1', port: sim.port })).device.id;
});
afterAll(async () => {
  await dispose?.();
  await sim?.close();
});

describe('tag maps run live through the planner and the shared codec', () => {
  it('decodes every tag with its type, order, scaling, labels and scale factor', async () => {
    const tags = [
      modbus('tank_level', { address: 0, type: 'uint16' }, { units: 'mm' }),
      modbus('flow', { address: 9, type: 'float32' }, { units: 'L/min' }),
      modbus('motor_current', { address: 29, type: 'uint16', scale: 0.01 }, { units: 'A' }),
      modbus('valve', { address: 39, type: 'enum16', labels: { '0': 'Closed', '1': 'Open' } }),
      modbus('voltage', { address: 99, type: 'float32', order: 'ABCD' }, { units: 'V' }),
      modbus('current_sf', { address: 109, type: 'uint16', sfAddress: 110 }, { units: 'A' }),
      modbus('unused_point', { address: 120, type: 'int16', sentinel: 'sunspec' }),
    ];
    const map = await call<{ id: string; tagCount: number }>('tagMaps.put', { deviceId, name: 'Demo map', tags });
    expect(map.tagCount).toBe(7);
    const batches: TagValuesFrame[] = [];
    const off = engine.subscribe('tags.values', (b) => batches.push(b as TagValuesFrame));
    const snap = await waitFor((s) => s.length === 7);
    for (let i = 0; i < 40 && batches.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    off();
    const by = Object.fromEntries(snap.map((r) => [r.name, r]));
    expect(by['tank_level']).toMatchObject({ value: 1500, units: 'mm', quality: { status: 'good' }, raw: [1500] });
    expect(by['flow']!.value).toBe(Math.fround(25.5));
    expect(by['motor_current']!.value).toBeCloseTo(plant.bank.holding[29]! * 0.01, 10);
    expect(by['valve']).toMatchObject({ value: 1, label: 'Open' });
    expect(by['current_sf']!.value).toBeCloseTo(12.34, 10);
    expect(by['unused_point']).toMatchObject({ value: null, quality: { status: 'uncertain', reason: 'not implemented by the device' } });
    // Word-swapped on the wire, so ABCD decodes to garbage; the fix is one tags.update away.
    expect(by['voltage']!.value).not.toBeCloseTo(230.1, 1);
    expect(batches.length).toBeGreaterThan(0);
    // What goes over the contract is the packed frame; unpacked it is the same readings the snapshot holds.
    const frame = TagValuesFrame.parse(batches.at(-1));
    const sent = Object.fromEntries(unpackReadings(frame).map((r) => [r.name, r]));
    expect(sent['tank_level']).toMatchObject({ key: `${map.id}/tank_level`, deviceId, value: 1500, units: 'mm', raw: [1500], quality: { status: 'good' } });
    expect(sent['valve']).toMatchObject({ value: 1, label: 'Open' });
    expect(sent['unused_point']).toMatchObject({ value: null, quality: { status: 'uncertain', reason: 'not implemented by the device' } });

    await call('tags.update', { mapId: map.id, name: 'voltage', patch: { source: { order: 'CDAB' } } });
    const fixed = await waitFor((s) => Math.abs(Number(s.find((r) => r.name === 'voltage')?.value) - 230.1) < 1e-4);
    expect(fixed.find((r) => r.name === 'voltage')!.quality.status).toBe('good');
  });

  it('keeps a checkout mark with the as-found value and reports it', async () => {
    const maps = await call<{ id: string }[]>('tagMaps.list', {});
    const key = `${maps[0]!.id}/tank_level`;
    const mapsChanged: unknown[] = [];
    const marksSent: Record<string, { status: string }>[] = [];
    const offs = [engine.subscribe('tags.changed', (c) => mapsChanged.push(c)), engine.subscribe('tags.marks', (m) => marksSent.push(m as Record<string, { status: string }>))];
    const mark = await call<{ status: string; value: number }>('tags.checkout', { key, status: 'verified', note: 'matches the local gauge' });
    expect(mark).toMatchObject({ status: 'verified', value: 1500 });
    await call('tags.checkout', { key: `${maps[0]!.id}/flow`, status: 'failed', note: 'display shows 0' });
    offs.forEach((off) => off());
    // A mark tells pages about the marks, and does not make them reload every map.
    expect(mapsChanged).toEqual([]);
    expect(marksSent).toHaveLength(2);
    expect(marksSent[1]![`${maps[0]!.id}/flow`]).toMatchObject({ status: 'failed' });
    // What a page loads after a reload.
    const all = await call<Record<string, unknown>>('tags.marks', {});
    expect(all).toMatchObject({ [key]: { status: 'verified', value: 1500, note: 'matches the local gauge' }, [`${maps[0]!.id}/flow`]: { status: 'failed', note: 'display shows 0' } });
    const { html, fileName } = await call<{ html: string; fileName: string }>('report.checkout', {});
    expect(fileName).toMatch(/^checkout-.*\.html$/);
    expect(html).toContain('<td>tank_level</td><td>40001</td><td>uint16</td><td>—</td><td class="num">1500 mm</td>');
    // How each value was decoded is part of what was checked: word order, scaling, the scale factor register.
    expect(html).toContain('<td>voltage</td><td>40100</td><td>float32</td><td>CDAB</td>');
    expect(html).toContain('<td>motor_current</td><td>40030</td><td>uint16</td><td>×0.01</td>');
    expect(html).toContain('<td>current_sf</td><td>40110</td><td>uint16</td><td>× 10^sf (40111)</td>');
    expect(html).toContain('matches the local gauge');
    expect(html).toMatch(/1 of 7 points verified, 1 failed, 5 not checked/);
    expect(html).toContain('<td class="num">230.1 V</td>'); // a float32 printed as a person reads it, not 230.10000610351562
    expect(html).not.toContain('<script');
  });

  it('a followed tag (on a trend chart) sends every reading, not only the newest of each 200 ms batch', async () => {
    const fast = await call<{ id: string }>('tagMaps.put', {
      deviceId,
      name: 'Fast',
      tags: [modbus('trended', { address: 0, type: 'uint16' }, { scanClassMs: 50 }), modbus('plain', { address: 1, type: 'uint16' }, { scanClassMs: 50 })],
    });
    /** The next `n` frames that carry this map: per frame, how many readings of each tag, and the trended tag's times. */
    const frames = (n: number) =>
      new Promise<{ trended: number; plain: number; times: number[] }[]>((resolve) => {
        const out: { trended: number; plain: number; times: number[] }[] = [];
        const off = engine.subscribe('tags.values', (payload) => {
          const f = { trended: 0, plain: 0, times: [] as number[] };
          for (const r of unpackReadings(payload as TagValuesFrame)) {
            if (r.mapId !== fast.id) continue;
            if (r.name === 'trended') {
              f.trended++;
              f.times.push(r.receivedAt);
            } else f.plain++;
          }
          if (f.trended + f.plain === 0) return;
          out.push(f);
          if (out.length === n) {
            off();
            resolve(out);
          }
        });
      });
    // Unfollowed, a frame is a snapshot: one reading per tag, whatever number of scans it spans.
    const before = await frames(5);
    expect(before.map((f) => [f.trended, f.plain])).toEqual(Array(5).fill([1, 1]));
    await call('tags.follow', { keys: [`${fast.id}/trended`] });
    await frames(1); // the frame that was being gathered when the follow came
    const after = await frames(5);
    await call('tagMaps.remove', { mapId: fast.id });
    // Followed, the trended tag's every scan is in the frame (50 ms scans, 200 ms frames), the plain one still once.
    expect(after.every((f) => f.plain === 1)).toBe(true);
    expect(after.reduce((n, f) => n + f.trended, 0)).toBeGreaterThan(after.length);
    // Every reading in order of time, none twice: what a trend chart draws.
    const times = after.flatMap((f) => f.times);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('rejects a tag the codec cannot decode, naming the field', async () => {
    const env = await engine.dispatch('tagMaps.put', { deviceId, name: 'Bad', tags: [modbus('b', { address: 0, type: 'bit' })] });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.issues?.[0]).toMatchObject({ path: 'tags.0.source.bit', message: 'a bit tag needs a bit number 0..15' });
    const other = await engine.dispatch('tagMaps.put', { deviceId, name: 'Other', tags: [{ name: 'ua', source: { kind: 'opcua', nodeId: 'ns=2;s=Temp' } }] });
    expect(other.ok === false && other.error.issues?.[0]).toMatchObject({ path: 'tags.0.source.kind', message: 'must be modbus' });
  });
});
