import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeNode, type EdgeSource } from '../../src/engine/sparkplug/edge-node';
import type { TagReading } from '../../src/shared/schemas/tags';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { embeddedBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';

/** A scripted source of two devices (the test is about what the node publishes when one goes Bad). */
const project = modbusProject(1, [
  { name: 'A', unitId: 1, tags: [holding('p', 0, 'uint16'), holding('q', 1, 'uint16')] },
  { name: 'B', unitId: 2, tags: [holding('r', 0, 'uint16')] },
]);
const current = new Map<string, TagReading>();
const listeners = new Set<(r: TagReading, changed: boolean) => void>();
function push(map: string, name: string, value: number | null): void {
  const r: TagReading = { key: `${map}/${name}`, mapId: map, deviceId: map === 'map0' ? 'dev0' : 'dev1', name, value, units: '', quality: value === null ? { status: 'bad', reason: 'timeout' } : { status: 'good' }, receivedAt: Date.now() };
  current.set(r.key, r);
  for (const l of listeners) l(r, true);
}
const source: EdgeSource = {
  project,
  reading: (k) => current.get(k),
  onReading: (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  prepareWrite: () => Promise.reject(new Error('no writes')),
  confirmWrite: () => Promise.reject(new Error('no writes')),
};

let broker: TestBroker;
let rec: SparkplugRecorder;
let edge: EdgeNode;
const tick = () => new Promise((r) => setImmediate(r));

beforeAll(async () => {
  push('map0', 'p', 1);
  push('map0', 'q', 2);
  push('map1', 'r', null);
  broker = await embeddedBroker();
  rec = await SparkplugRecorder.start(broker);
  edge = new EdgeNode(source, { url: broker.url, login: broker.login, group: 'G', node: 'D', badDevice: 'death' });
  edge.start();
  await rec.waitFor((m) => m.some((x) => x.topic.endsWith('/DBIRTH/D/A')), 'the births');
});
afterAll(async () => {
  await edge?.stop();
  await rec?.close();
  await broker?.stop();
});

describe("badDevice: 'death'", () => {
  it('a device Bad from the start is not born; every metric Bad gives DDEATH; one back gives DBIRTH; seq runs on', async () => {
    expect(rec.of('DBIRTH').map((m) => m.topic)).toEqual(['spBv1.0/G/DBIRTH/D/A']);
    // One metric of A Bad: still data (a Bad metric, null).
    push('map0', 'p', null);
    await tick();
    // Both Bad: DDEATH, and nothing for A after it.
    push('map0', 'q', null);
    await tick();
    push('map0', 'q', null);
    await tick();
    // B comes to life: DBIRTH with its value. Then A: DBIRTH with the current values (one Good, one Bad).
    push('map1', 'r', 7);
    await tick();
    push('map0', 'q', 9);
    await rec.waitFor((m) => m.filter((x) => x.topic.endsWith('/DBIRTH/D/A')).length === 2, "A's second DBIRTH");
    const after = rec.messages.slice(rec.messages.findIndex((x) => x.topic.endsWith('/DBIRTH/D/A')) + 1);
    expect(after.map((m) => m.topic.split('/').slice(2).join('/'))).toEqual(['DDATA/D/A', 'DDEATH/D/A', 'DBIRTH/D/B', 'DBIRTH/D/A']);
    expect(after[0]!.payload.metrics).toEqual([expect.objectContaining({ name: 'p', isNull: true, props: { Quality: 0n } })]);
    expect(after[1]!.payload.metrics).toEqual([]);
    expect(after[2]!.payload.metrics[0]).toMatchObject({ name: 'r', value: 7n });
    expect(after[3]!.payload.metrics.map((m) => [m.name, m.isNull, m.value])).toEqual([['p', true, undefined], ['q', false, 9n]]);
    const seqs = [rec.of('DBIRTH')[0]!, ...after].map((m) => Number(m.payload.seq));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });
});
