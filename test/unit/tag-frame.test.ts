import { describe, expect, it } from 'vitest';
import { frameProblem, frameSize, packReadings, TagValuesFrame, unpackReadings } from '../../src/shared/schemas/tag-frame';
import type { TagReading } from '../../src/shared/schemas/tags';

const T0 = 1_764_000_000_000;

function reading(mapId: string, deviceId: string, name: string, over: Partial<TagReading> = {}): TagReading {
  return { key: `${mapId}/${name}`, mapId, deviceId, name, value: 1, units: 'V', raw: [1], quality: { status: 'good' }, receivedAt: T0, ...over };
}

const readings: TagReading[] = [
  reading('mapA', 'dev1', 'Site/Area/voltage', { value: 230.1, raw: [0x4366, 0x1999], receivedAt: T0 + 12 }),
  reading('mapA', 'dev1', 'valve', { value: 1, label: 'Open', units: '', raw: [1] }),
  reading('mapB', 'dev2', 'energy', { value: '18446744073709551615', units: 'Wh', raw: [0xffff, 0xffff, 0xffff, 0xffff], receivedAt: T0 + 3 }),
  reading('mapA', 'dev1', 'comm', { value: null, raw: undefined, quality: { status: 'bad', reason: 'timeout' }, receivedAt: T0 + 250 }),
  // An OPC UA reading: no registers, the server's source timestamp kept.
  reading('mapC', 'dev3', 'ns=2;s=Temp', { value: 21.5, raw: undefined, units: '°C', sourceTimestamp: T0 - 40, receivedAt: T0 + 5 }),
  reading('mapB', 'dev2', 'alarms', { value: ['overtemp', 'door open'], units: '', raw: [0x0005] }),
  reading('mapB', 'dev2', 'unused', { value: null, raw: [0x8000], quality: { status: 'uncertain', reason: 'not implemented by the device' } }),
  reading('mapA', 'dev1', 'nan', { value: 'NaN', raw: [0x7fc0, 0] }),
];

describe('tags.values frames', () => {
  it('round-trip every kind of reading: labels, 64-bit strings, bit names, bad and uncertain, no registers', () => {
    const frame = TagValuesFrame.parse(JSON.parse(JSON.stringify(packReadings(readings))));
    expect(frameSize(frame)).toBe(readings.length);
    const back = unpackReadings(frame);
    const byKey = new Map(back.map((r) => [r.key, r]));
    for (const r of readings) expect(byKey.get(r.key)).toEqual(r);
    // Grouped by map, order kept within each map.
    expect(back.map((r) => r.name)).toEqual(['Site/Area/voltage', 'valve', 'comm', 'nan', 'energy', 'alarms', 'unused', 'ns=2;s=Temp']);
    expect(byKey.get('mapC/ns=2;s=Temp')).not.toHaveProperty('raw');
  });

  it('shares units and qualities instead of repeating them per reading', () => {
    const many = Array.from({ length: 1000 }, (_, i) => reading('m', 'd', `p${i}`, { value: i, raw: [i], receivedAt: T0 + (i % 7) }));
    const frame = packReadings(many);
    expect(frame.units).toEqual(['V']);
    expect(frame.qualities).toEqual([{ status: 'good' }]);
    expect(frame.at).toBe(T0);
    const packed = JSON.stringify(frame).length;
    const plain = JSON.stringify(many).length;
    expect(packed * 3).toBeLessThan(plain);
  });

  it('carries earlier readings of followed tags as a trail, unpacked oldest first and before every newest reading', () => {
    const v = (value: number, at: number, over: Partial<TagReading> = {}) => reading('mapA', 'dev1', 'Site/Area/voltage', { value, raw: [value], receivedAt: T0 + at, ...over });
    const earlier = [v(1, 0), v(2, 100, { value: null, raw: [], quality: { status: 'bad', reason: 'timeout' } }), reading('mapZ', 'devZ', 'gone', { receivedAt: T0 })];
    const frame = TagValuesFrame.parse(JSON.parse(JSON.stringify(packReadings([v(3, 200), ...readings.slice(1)], earlier))));
    expect(frame.maps[0]!.trail).toEqual({ index: [0, 0], values: [1, null], widths: [1, 0], raw: [1], quality: [0, 1], dt: [0, 100] });
    expect(frame.maps.some((m) => m.mapId === 'mapZ')).toBe(false); // an earlier reading of a tag not in the batch is left out
    const back = unpackReadings(frame);
    expect(frameSize(frame)).toBe(readings.length + 2);
    const voltage = back.filter((r) => r.name === 'Site/Area/voltage');
    expect(voltage.map((r) => [r.value, r.receivedAt - T0, r.quality.status])).toEqual([
      [1, 0, 'good'],
      [null, 100, 'bad'],
      [3, 200, 'good'],
    ]);
    expect(back.indexOf(voltage[2]!)).toBeGreaterThan(back.indexOf(voltage[1]!));
    const broken = structuredClone(frame);
    broken.maps[0]!.trail!.index[1] = 99;
    expect(frameProblem(broken)).toBe('map mapA: a trail index is out of range');
  });

  it('an empty batch packs to an empty frame', () => {
    const frame = packReadings([]);
    expect(frame).toEqual({ at: 0, units: [], qualities: [], maps: [] });
    expect(unpackReadings(frame)).toEqual([]);
  });

  it('refuses a frame whose columns do not add up, saying which', () => {
    const frame = packReadings(readings);
    const short = structuredClone(frame);
    short.maps[0]!.dt.pop();
    expect(frameProblem(short)).toBe('map mapA: dt has 3 entries for 4 tags');
    expect(() => unpackReadings(short)).toThrow(/malformed tags.values frame: map mapA: dt has 3 entries/);
    const badRaw = structuredClone(frame);
    badRaw.maps[1]!.raw.push(7);
    expect(frameProblem(badRaw)).toMatch(/map mapB: raw has 7 registers/);
    const badQuality = structuredClone(frame);
    badQuality.maps[0]!.quality[0] = 99;
    expect(frameProblem(badQuality)).toBe('map mapA: a quality index is out of range');
  });
});
