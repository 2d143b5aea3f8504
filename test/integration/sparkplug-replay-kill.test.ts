import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskQueue } from '../../src/engine/sparkplug/store/disk-queue';
import { tempDir } from '../helpers/engine';
import { mosquittoBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';
import { storedSamples } from '../helpers/mqtt-store';
import { ROOT, startPeer, stopChild, type Peer } from '../helpers/processes';

// Store-and-forward exactly once under kill -9 DURING the replay, against mosquitto (apt): a real edge node process
// replays a queue of READINGS stored readings and is killed with SIGKILL at several points of it — after the broker
// took a batch but before its cursor reached the disk, just after the cursor did, and while a batch is being written —
// then started again on the same store. The recorder is the host: it keeps, per edge node, the highest store id it
// has had and drops a metric at or below it (the rule the ids are for). It must end with every stored reading once,
// in order; what it dropped must be only the one batch re-sent after the kill before the cursor.
const READINGS = 6000;
const BATCH = 500;
const BASE = 1_700_000_000_000;
const STORE_ID = 'Fieldbench/StoreId';

describe('replay killed with SIGKILL at several points, on mosquitto', () => {
  let tmp: { dir: string; cleanup: () => void };
  let broker: TestBroker;
  let rec: SparkplugRecorder;
  let child: Peer | null = null;
  const store = () => path.join(tmp.dir, 'store');

  beforeAll(async () => {
    tmp = tempDir('fieldbench-replay-kill-');
    broker = await mosquittoBroker(tmp.dir);
    writeFileSync(path.join(tmp.dir, 'pw'), broker.login.password);
    rec = await SparkplugRecorder.start(broker);
    const q = new DiskQueue(path.join(store(), 'queue'), { segmentBytes: 64 << 10 });
    for (let i = 0; i < READINGS; i += 100) q.append(Array.from({ length: 100 }, (_, j) => ({ key: 'map0/counter', value: i + j, status: 'good' as const, at: BASE + i + j })));
    q.close();
  }, 30_000);
  afterAll(async () => {
    if (child) await stopChild(child.child);
    await rec?.close();
    await broker?.stop();
    tmp?.cleanup();
  });

  function start(kill: string): Promise<Peer> {
    const args = ['--import', 'tsx', path.join(ROOT, 'test/helpers/mqtt-replayer.ts'), store(), broker.url, broker.login.username, path.join(tmp.dir, 'pw'), kill];
    return startPeer(process.execPath, args, /ready (\d+)/);
  }

  /** Run the edge node until it killed itself (SIGKILL), and wait for the broker to publish its Will. */
  async function runUntilKilled(kill: string): Promise<void> {
    const deaths = rec.of('NDEATH').length;
    child = await start(kill);
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child!.child.once('exit', (_c, s) => resolve(s)));
    expect(signal, child.output()).toBe('SIGKILL');
    child = null;
    await rec.waitFor(() => rec.of('NDEATH').length > deaths, 'the Will after the kill');
  }

  const historical = () =>
    rec
      .of('DDATA')
      .flatMap((m) => m.payload.metrics)
      .filter((m) => m.historical)
      .map((m) => ({ value: Number(m.value), at: Number(m.timestamp), id: m.props[STORE_ID] as bigint }));

  it('every stored reading reaches the host exactly once, in order', async () => {
    // After the broker took the 3rd batch, before its cursor: that batch goes out again on the next run.
    await runUntilKilled('before-ack:3');
    expect(storedSamples(path.join(store(), 'queue'))).toHaveLength(READINGS - 2 * BATCH);
    await runUntilKilled('after-ack:2');
    await runUntilKilled('mid-batch:1');
    await runUntilKilled('before-ack:1');
    child = await start('none');
    await rec.waitFor(() => historical().some((h) => h.value === READINGS - 1), 'the end of the replay', 1200);
    for (let i = 0; i < 400 && storedSamples(path.join(store(), 'queue')).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(storedSamples(path.join(store(), 'queue'))).toEqual([]);

    const raw = historical();
    // Every replayed metric carries its store id, the same id for the same reading each time it is sent.
    expect(raw.every((h) => typeof h.id === 'bigint')).toBe(true);
    const idOf = new Map<number, bigint>();
    for (const h of raw) {
      expect(idOf.get(h.value) ?? h.id).toBe(h.id);
      idOf.set(h.value, h.id);
    }
    // The host's rule: keep a metric only if its id is above the highest had.
    let high = -1n;
    const kept = raw.filter((h) => (h.id > high ? ((high = h.id), true) : false));
    expect(kept.map((h) => h.value)).toEqual(Array.from({ length: READINGS }, (_, i) => i));
    expect(kept.map((h) => h.at)).toEqual(Array.from({ length: READINGS }, (_, i) => BASE + i));
    // What it dropped: the two batches re-sent after a kill before their cursor, and the batch being written at the
    // mid-batch kill if the broker took it (one DDATA of 500 metrics: all or nothing) — whole batches, nothing else.
    const dropped = raw.length - kept.length;
    expect([2 * BATCH, 3 * BATCH]).toContain(dropped);
  }, 120_000);
});
