import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeNode, type EdgeSource } from '../../src/engine/sparkplug/edge-node';
import type { TagReading } from '../../src/shared/schemas/tags';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { embeddedBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';

/**
 * A scripted source (the test is about what reaches the broker): readings of every Sparkplug type, handed to the
 * edge node as EngineCore.onReading would, through the embedded broker to a subscriber reading the raw bytes.
 */
const project = modbusProject(1, [
  {
    name: 'Meter',
    unitId: 1,
    tags: [
      holding('u64', 0, 'uint64'),
      holding('flag', 4, 'bool'),
      holding('label', 5, 'string', { length: 4 }),
      holding('when', 10, 'unix64ms'),
      holding('d', 20, 'float64'),
      holding('scaled', 30, 'int16', { scale: 0.1 }),
      holding('i32', 31, 'int32'),
    ],
  },
]);

const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const reading = (name: string, value: TagReading['value'], status: 'good' | 'bad' = 'good', at = now): TagReading => ({
  key: `map0/${name}`,
  mapId: 'map0',
  deviceId: 'dev0',
  name,
  value,
  units: '',
  quality: status === 'good' ? { status } : { status, reason: 'timeout' },
  receivedAt: at,
});

const current = new Map<string, TagReading>(
  [
    reading('u64', '18446744073709551615'),
    reading('flag', true),
    reading('label', 'AB12'),
    reading('when', '2026-01-02T03:04:05.678Z'),
    reading('d', -1.25e300),
    reading('scaled', 12.3),
    reading('i32', -2147483648),
  ].map((r) => [r.key, r]),
);
const listeners = new Set<(r: TagReading, changed: boolean) => void>();
const source: EdgeSource = {
  project,
  reading: (k) => current.get(k),
  onReading: (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  prepareWrite: () => Promise.reject(new Error('no writes here')),
  confirmWrite: () => Promise.reject(new Error('no writes here')),
};

let broker: TestBroker;
let rec: SparkplugRecorder;
let edge: EdgeNode;

beforeAll(async () => {
  broker = await embeddedBroker();
  rec = await SparkplugRecorder.start(broker);
  edge = new EdgeNode(source, { url: broker.url, login: broker.login, group: 'G', node: 'Types' });
  edge.start();
  await rec.waitFor((m) => m.some((x) => x.topic.includes('/DBIRTH/')), 'the births');
});
afterAll(async () => {
  await edge?.stop();
  await rec?.close();
  await broker?.stop();
});

describe('Sparkplug datatypes and seq on the wire', () => {
  it('every tag type as its Sparkplug type, 64-bit values exact, DateTime in ms', () => {
    const birth = rec.of('DBIRTH')[0]!;
    const by = Object.fromEntries(birth.payload.metrics.map((m) => [m.name, m]));
    expect(by['u64']).toMatchObject({ datatype: 8, valueField: 11, value: 18446744073709551615n });
    expect(by['flag']).toMatchObject({ datatype: 11, valueField: 14, value: true });
    expect(by['label']).toMatchObject({ datatype: 12, valueField: 15, value: 'AB12' });
    expect(by['when']).toMatchObject({ datatype: 13, valueField: 11, value: BigInt(now) });
    expect(by['d']).toMatchObject({ datatype: 10, valueField: 13, value: -1.25e300 });
    expect(by['scaled']).toMatchObject({ datatype: 10, value: 12.3 });
    // Int32 in the uint32 int_value field, two's complement.
    expect(by['i32']).toMatchObject({ datatype: 3, valueField: 10, value: 0x80000000n });
    expect(by['u64']!.timestamp).toBe(BigInt(now));
  });

  it('a Bad reading goes out as null with Quality 0, and the next Good one says Quality 192', async () => {
    const before = rec.messages.length;
    for (const l of listeners) l(reading('d', 5, 'bad'), true);
    await rec.waitFor((m) => m.length > before, 'the bad reading');
    for (const l of listeners) l(reading('d', 7), true);
    await rec.waitFor((m) => m.length > before + 1, 'the good reading');
    const [bad, good] = rec.messages.slice(before).map((m) => m.payload.metrics[0]!);
    expect(bad).toMatchObject({ name: 'd', isNull: true, props: { Quality: 0n } });
    expect(bad!.value).toBeUndefined();
    expect(good).toMatchObject({ name: 'd', isNull: false, value: 7, props: { Quality: 192n } });
  });

  it('seq counts every message and wraps from 255 to 0', async () => {
    const before = rec.messages.length;
    const lastSeq = Number(rec.messages.at(-1)!.payload.seq);
    for (let i = 0; i < 300; i++) {
      for (const l of listeners) l(reading('i32', i), true);
      await new Promise((r) => setImmediate(r));
    }
    await rec.waitFor((m) => m.length >= before + 300, '300 DDATA');
    const seqs = rec.messages.slice(before).map((m) => Number(m.payload.seq));
    expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => (lastSeq + 1 + i) % 256));
    expect(seqs).toContain(255);
    expect(seqs[seqs.indexOf(255) + 1]).toBe(0);
  });

  it('readings that change nothing are not published', async () => {
    const before = rec.messages.length;
    for (const l of listeners) l(reading('flag', true), false);
    for (const l of listeners) l(reading('flag', false), true);
    await rec.waitFor((m) => m.length > before, 'the change');
    // Both came in one tick, so one DDATA would have held both: it holds the change only.
    expect(rec.messages.slice(before).flatMap((m) => m.payload.metrics.map((x) => [x.name, x.value]))).toEqual([['flag', false]]);
  });

  it('with aliases: unique aliases beside the names in DBIRTH, the alias alone in DDATA', async () => {
    const aliased = new EdgeNode(source, { url: broker.url, login: broker.login, group: 'G', node: 'Aliased', aliases: true });
    aliased.start();
    try {
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/DBIRTH/Aliased/Meter'), 'the aliased births');
      const birth = rec.messages.find((x) => x.topic === 'spBv1.0/G/DBIRTH/Aliased/Meter')!;
      const aliases = birth.payload.metrics.map((m) => m.alias);
      expect(aliases.every((a) => typeof a === 'bigint')).toBe(true);
      expect(new Set(aliases).size).toBe(aliases.length);
      expect(birth.payload.metrics.every((m) => typeof m.name === 'string')).toBe(true);
      const before = rec.messages.length;
      for (const l of listeners) l(reading('label', 'ZZ99'), true);
      await rec.waitFor((m) => m.slice(before).some((x) => x.topic === 'spBv1.0/G/DDATA/Aliased/Meter'), 'aliased data');
      const data = rec.messages.slice(before).find((x) => x.topic === 'spBv1.0/G/DDATA/Aliased/Meter')!.payload.metrics;
      expect(data).toHaveLength(1);
      expect(data[0]!.name).toBeUndefined();
      expect(data[0]).toMatchObject({ alias: birth.payload.metrics.find((m) => m.name === 'label')!.alias, value: 'ZZ99' });
    } finally {
      await aliased.stop();
    }
  });
});
