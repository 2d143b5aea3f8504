import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import { tempDir } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { cuttableLink, type CuttableLink } from '../helpers/mqtt-link';
import { embeddedBroker, mosquittoBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';
import { storedSamples } from '../helpers/mqtt-store';
import { ROOT, startPeer, stopChild, type Peer } from '../helpers/processes';

describe.each([
  ['the embedded broker', (_dir: string) => embeddedBroker()],
  ['mosquitto', (dir: string) => mosquittoBroker(dir)],
])('store-and-forward through an outage on %s, with the edge node killed -9 in the middle of it', (_label, makeBroker) => {
  const plant = createDemoPlant();
  plant.stop();
  let sim: RunningTcpSim;
  let broker: TestBroker;
  let link: CuttableLink;
  let rec: SparkplugRecorder;
  let tmp: { dir: string; cleanup: () => void };
  let edge: Peer | null = null;
  const home = process.env['FIELDBENCH_HOME'];
  const COUNTER = 50;

  function startEdge(): Promise<Peer> {
    const args = ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'sparkplug', '--project', path.join(tmp.dir, 'project.json')];
    args.push('--broker', `mqtt://127.0.0.1:${link.port}`, '--group', 'Plant', '--node', 'Edge1', '--user', broker.login.username, '--password-file', path.join(tmp.dir, 'pw'));
    args.push('--store', path.join(tmp.dir, 'store'));
    return startPeer(process.execPath, args, /edge node Plant\/Edge1: (\d+) devices/);
  }

  async function until(pred: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (pred()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}\n${edge?.output() ?? ''}`);
  }

  const queued = () => storedSamples(path.join(tmp.dir, 'store', 'queue'));

  beforeAll(async () => {
    tmp = tempDir('fieldbench-snf-');
    process.env['FIELDBENCH_HOME'] = path.join(tmp.dir, 'home');
    plant.bank.holding[COUNTER] = 0;
    sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
    broker = await makeBroker(tmp.dir);
    link = await cuttableLink(broker.port);
    rec = await SparkplugRecorder.start(broker);
    writeFileSync(path.join(tmp.dir, 'pw'), broker.login.password);
    writeFileSync(path.join(tmp.dir, 'project.json'), JSON.stringify(modbusProject(sim.port, [{ name: 'Tank', unitId: 1, tags: [holding('counter', COUNTER, 'uint16')] }])));
  });
  afterAll(async () => {
    if (edge) await stopChild(edge.child);
    await rec?.close();
    await link?.close();
    await broker?.stop();
    await sim?.close();
    tmp?.cleanup();
    if (home === undefined) delete process.env['FIELDBENCH_HOME'];
    else process.env['FIELDBENCH_HOME'] = home;
  });

    it('replays every stored reading exactly once, in order, as historical, after the births; then live data', async () => {
      edge = await startEdge();
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Plant/DBIRTH/Edge1/Tank'), 'the first births');
      const firstBdSeq = rec.of('NBIRTH')[0]!.payload.metrics.find((m) => m.name === 'bdSeq')!.value as bigint;

      // The upstream goes away: the broker sees the link drop and publishes the Will, NDEATH with that bdSeq.
      link.cut();
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Plant/NDEATH/Edge1'), 'the Will');
      expect(rec.of('NDEATH')[0]!.payload.metrics).toEqual([expect.objectContaining({ name: 'bdSeq', datatype: 4, value: firstBdSeq })]);
      // The Will as CONNECT set it: QoS 1, not retained.
      expect(rec.of('NDEATH')[0]).toMatchObject({ qos: 1, retain: false });
      await until(() => /offline: storing readings/.test(edge!.output()), 'the node to notice');

      // Readings while offline go to the queue on disk: one stored sample per change.
      for (let v = 1; v <= 5; v++) {
        plant.bank.holding[COUNTER] = v;
        await until(() => queued().some((s) => s[1] === v), `value ${v} stored`);
      }
      // kill -9 mid-outage, and a new process on the same store.
      edge.child.kill('SIGKILL');
      await new Promise((r) => edge!.child.once('exit', r));
      edge = await startEdge();
      for (let v = 6; v <= 9; v++) {
        plant.bank.holding[COUNTER] = v;
        await until(() => queued().some((s) => s[1] === v), `value ${v} stored after the restart`);
      }
      const stored = queued();
      expect(stored.map((s) => s[1]).filter((v) => v !== 5)).toEqual([1, 2, 3, 4, 6, 7, 8, 9]);

      const before = rec.messages.length;
      link.restore();
      await rec.waitFor((m) => m.slice(before).filter((x) => x.topic.includes('/DDATA/')).flatMap((x) => x.payload.metrics).filter((x) => x.historical).length >= stored.length, 'the replay');
      const after = rec.messages.slice(before);
      // Births first (a new bdSeq: it was kept across the restart), then the historical data.
      expect(after[0]!.topic).toBe('spBv1.0/Plant/NBIRTH/Edge1');
      expect(after[1]!.topic).toBe('spBv1.0/Plant/DBIRTH/Edge1/Tank');
      expect(after[0]!.payload.metrics.find((m) => m.name === 'bdSeq')!.value).not.toBe(firstBdSeq);
      expect(after[1]!.payload.metrics[0]).toMatchObject({ name: 'counter', value: 9n, historical: false });
      const historical = after.slice(2).flatMap((x) => x.payload.metrics).filter((x) => x.historical);
      // Exactly what the queue held, once each, in order, with the source timestamps.
      expect(historical.map((m) => [m.value, Number(m.timestamp)])).toEqual(stored.map((s) => [BigInt(s[1] as number), s[3]]));
      expect(after.slice(2, 2 + historical.length).every((x) => x.topic === 'spBv1.0/Plant/DDATA/Edge1/Tank')).toBe(true);

      // Live data resumes once the queue is empty (its cursor says so), after the replay and not historical.
      await until(() => queued().length === 0, 'the queue to empty');
      plant.bank.holding[COUNTER] = 10;
      await rec.waitFor((m) => m.slice(before).some((x) => x.payload.metrics.some((y) => y.value === 10n)), 'live data');
      const live = rec.messages.slice(before).flatMap((x) => x.payload.metrics).filter((m) => m.value === 10n);
      expect(live).toEqual([expect.objectContaining({ historical: false })]);
      expect(queued()).toEqual([]);

      // Killed -9 while online: the broker publishes the Will with this connection's bdSeq.
      const bdSeq = after[0]!.payload.metrics.find((m) => m.name === 'bdSeq')!.value;
      edge.child.kill('SIGKILL');
      await rec.waitFor((m) => m.slice(before).some((x) => x.topic === 'spBv1.0/Plant/NDEATH/Edge1'), 'the second Will');
      expect(rec.of('NDEATH').at(-1)!.payload.metrics[0]).toMatchObject({ name: 'bdSeq', value: bdSeq });
      edge = null;
    });
});
