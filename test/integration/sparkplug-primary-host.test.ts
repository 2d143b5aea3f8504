import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeNode, type EdgeSource } from '../../src/engine/sparkplug/edge-node';
import { DiskQueue } from '../../src/engine/sparkplug/store/disk-queue';
import type { TagReading } from '../../src/shared/schemas/tags';
import { tempDir } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { embeddedBroker, mosquittoBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';

/** A scripted source: the test is about what the node does with the host's STATE. */
function scriptedSource(): EdgeSource & { push(v: number): void } {
  const listeners = new Set<(r: TagReading, changed: boolean) => void>();
  let last: TagReading | undefined;
  let t = Date.UTC(2026, 0, 1);
  return {
    project: modbusProject(1, [{ name: 'Dev', unitId: 1, tags: [holding('v', 0, 'uint16')] }]),
    reading: () => last,
    onReading: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    prepareWrite: () => Promise.reject(new Error('no writes')),
    confirmWrite: () => Promise.reject(new Error('no writes')),
    push(v: number) {
      last = { key: 'map0/v', mapId: 'map0', deviceId: 'dev0', name: 'v', value: v, units: '', quality: { status: 'good' }, receivedAt: (t += 1000) };
      for (const l of listeners) l(last, true);
    },
  };
}

const bdSeqOf = (m: { payload: { metrics: { name?: string; value?: unknown }[] } }) => m.payload.metrics.find((x) => x.name === 'bdSeq')!.value;

describe.each([
  ['the embedded broker', (_dir: string) => embeddedBroker()],
  ['mosquitto', (dir: string) => mosquittoBroker(dir)],
])('primary host awareness (STATE) on %s', (_label, makeBroker) => {
  let tmp: { dir: string; cleanup: () => void };
  let broker: TestBroker;
  let rec: SparkplugRecorder;
  let host: MqttClient;
  let edge: EdgeNode;
  let queue: DiskQueue;
  const source = scriptedSource();
  const state = (online: boolean, timestamp: number) => host.publishAsync('spBv1.0/STATE/SCADA', JSON.stringify({ online, timestamp }), { qos: 1, retain: true });

  beforeAll(async () => {
    tmp = tempDir('fieldbench-state-');
    broker = await makeBroker(tmp.dir);
    rec = await SparkplugRecorder.start(broker);
    host = await mqtt.connectAsync(broker.url, { ...broker.login, reconnectPeriod: 0 });
    queue = new DiskQueue(path.join(tmp.dir, 'queue'));
    source.push(1);
    edge = new EdgeNode(source, { url: broker.url, login: broker.login, group: 'G', node: 'E', primaryHost: 'SCADA', queue, reconnectMs: 200 });
    edge.start();
  });
  afterAll(async () => {
    await edge?.stop();
    await host?.endAsync(true);
    await rec?.close();
    await broker?.stop();
    tmp?.cleanup();
  });

  it('publishes nothing until the host is online, and only while it is; stores and replays across its absence', async () => {
    for (let i = 0; i < 400 && edge.state !== 'waiting-host'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(edge.state).toBe('waiting-host');
    // A reading while the host is away is not published.
    source.push(2);
    expect(rec.of('NBIRTH')).toEqual([]);

    await state(true, 1000);
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/DBIRTH/E/Dev'), 'the births once the host is online');
    const firstBdSeq = bdSeqOf(rec.of('NBIRTH')[0]!);

    // A stale "offline" (older than the newest STATE) is ignored: data still flows.
    await state(false, 500);
    source.push(3);
    await rec.waitFor((m) => m.some((x) => x.topic.includes('/DDATA/') && x.payload.metrics.some((y) => y.value === 3n)), 'live data');

    // The host goes offline: NDEATH with this connection's bdSeq, then readings are stored.
    await state(false, 2000);
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/NDEATH/E'), 'NDEATH');
    expect(bdSeqOf(rec.of('NDEATH')[0]!)).toBe(firstBdSeq);
    const before = rec.messages.length;
    for (const v of [4, 5, 6]) {
      source.push(v);
      await new Promise((r) => setImmediate(r));
    }
    for (let i = 0; i < 400 && queue.size() < 3; i++) await new Promise((r) => setTimeout(r, 25));
    expect(queue.size()).toBe(3);
    for (let i = 0; i < 400 && edge.state !== 'waiting-host'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(edge.state).toBe('waiting-host');
    expect(rec.messages.slice(before).filter((x) => x.topic.includes('/NBIRTH/') || x.topic.includes('/DDATA/'))).toEqual([]);

    // Back online: births on the new connection, then the stored readings as historical, in order.
    await state(true, 3000);
    await rec.waitFor((m) => m.slice(before).flatMap((x) => x.payload.metrics).filter((y) => y.historical).length >= 3, 'the replay');
    const after = rec.messages.slice(before);
    expect(after.map((x) => x.topic.split('/')[2])).toEqual(['NBIRTH', 'DBIRTH', 'DDATA']);
    expect(bdSeqOf(after[0]!)).not.toBe(firstBdSeq);
    expect(after[2]!.payload.metrics.map((y) => [y.value, y.historical])).toEqual([[4n, true], [5n, true], [6n, true]]);
    expect(queue.size()).toBe(0);
  });
});
