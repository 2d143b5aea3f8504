import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCredentials } from '../../src/engine/broker/credentials';
import { startBroker, type RunningBroker } from '../../src/engine/broker/embedded-broker';
import { EdgeNode, type EdgeSource } from '../../src/engine/sparkplug/edge-node';
import { DiskQueue } from '../../src/engine/sparkplug/store/disk-queue';
import { GOOD } from '../../src/shared/quality';
import type { TagReading } from '../../src/shared/schemas/tags';
import { tempDir } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { freePort, SparkplugRecorder } from '../helpers/mqtt-peers';
import { storedSamples } from '../helpers/mqtt-store';

// A long outage in simulated time: an hour of readings (5 tags, one a second each, source timestamps an hour apart
// from first to last) reaches an edge node whose broker is unreachable, in one-second steps with no real waiting. The
// queue is bounded (64 KiB); the stated policy when full: the oldest whole segment goes, never the one being written,
// and the count is reported. Then the broker comes up: the host gets births, then exactly what the queue kept — the
// newest readings, contiguous, in order, historical — then live data.
const TAGS = 5;
const SECONDS = 3600;
const T0 = Date.UTC(2026, 0, 1);
const MAX_BYTES = 64 << 10;

describe('a long outage with a full queue', () => {
  const tmp = tempDir('fieldbench-outage-');
  let broker: RunningBroker | null = null;
  let rec: SparkplugRecorder | null = null;
  let edge: EdgeNode | null = null;
  afterAll(async () => {
    await edge?.stop();
    await rec?.close();
    await broker?.close();
    tmp.cleanup();
  });

  it('keeps the newest readings within its bound, says how many it dropped, and replays what it kept in order', async () => {
    const project = modbusProject(1, [{ name: 'Line', unitId: 1, tags: Array.from({ length: TAGS }, (_, i) => holding(`t${i}`, i, 'uint16')) }]);
    const listeners = new Set<(r: TagReading, changed: boolean) => void>();
    const last = new Map<string, TagReading>();
    const source: EdgeSource = {
      project,
      reading: (k) => last.get(k),
      onReading: (l) => (listeners.add(l), () => listeners.delete(l)),
      prepareWrite: () => Promise.reject(new Error('no writes')),
      confirmWrite: () => Promise.reject(new Error('no writes')),
    };
    /** Second s of the simulated hour: every tag reads s (sampled at T0 + s seconds). */
    const second = (s: number) => {
      for (let i = 0; i < TAGS; i++) {
        const key = `map0/t${i}`;
        const r = { key, mapId: 'map0', deviceId: 'dev0', name: `t${i}`, value: s, units: '', quality: GOOD, sourceTimestamp: T0 + s * 1000, receivedAt: T0 + s * 1000 } as TagReading;
        last.set(key, r);
        for (const l of listeners) l(r, true);
      }
    };
    const port = await freePort();
    const credentials = generateCredentials();
    let dropped = 0;
    const queue = new DiskQueue(path.join(tmp.dir, 'queue'), { segmentBytes: 8 << 10, maxBytes: MAX_BYTES, onDrop: (n) => (dropped += n) });
    edge = new EdgeNode(source, { url: `mqtt://127.0.0.1:${port}`, login: credentials, group: 'G', node: 'Long', queue, stateDir: tmp.dir, reconnectMs: 50 });
    edge.start();
    for (let s = 0; s < SECONDS; s++) {
      second(s);
      await new Promise((r) => setImmediate(r));
      expect(queue.bytes()).toBeLessThanOrEqual(MAX_BYTES);
    }
    await new Promise((r) => setImmediate(r));
    expect(edge.state).not.toBe('online');
    // The bound held: what is kept plus what was dropped is every reading; the oldest went.
    const kept = storedSamples(path.join(tmp.dir, 'queue'));
    expect(dropped).toBeGreaterThan(0);
    expect(kept.length + dropped).toBe(TAGS * SECONDS);
    expect(kept.length).toBe(queue.size());
    const expected = Array.from({ length: TAGS * SECONDS }, (_, n) => [`map0/t${n % TAGS}`, Math.floor(n / TAGS), 'good', T0 + Math.floor(n / TAGS) * 1000]).slice(dropped);
    expect(kept).toEqual(expected);

    // The broker comes up: births, then the kept readings as historical DDATA in order, then live data.
    broker = await startBroker({ port, credentials });
    rec = await SparkplugRecorder.start({ url: broker.url, port, login: credentials, stop: async () => undefined, restart: async () => undefined });
    const historical = () => rec!.of('DDATA').flatMap((m) => m.payload.metrics).filter((m) => m.historical);
    await rec.waitFor(() => historical().length >= kept.length, 'the replay', 1200);
    expect(historical().map((m) => [Number(m.value), Number(m.timestamp)])).toEqual(kept.map((k) => [k[1], k[3]]));
    for (let i = 0; i < 200 && edge.state !== 'online'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(edge.state).toBe('online');
    expect(queue.size()).toBe(0);
    second(SECONDS);
    await rec.waitFor((m) => m.some((x) => x.payload.metrics.some((y) => !y.historical && Number(y.value) === SECONDS)), 'live data');
  }, 120_000);
});
