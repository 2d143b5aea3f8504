import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/engine/core';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import { EdgeNode } from '../../src/engine/sparkplug/edge-node';
import { tempDir } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { embeddedBroker, mosquittoBroker, SparkplugRecorder, type Recorded, type TestBroker } from '../helpers/mqtt-peers';
import { int32, type WireMetric } from '../helpers/mqtt-wire';
import { sessionProblems } from '../helpers/sparkplug-rules';

// Hand-made NCMD and DCMD bytes (field numbers of sparkplug_b.proto), independent of the engine's encoder.
const NAME = Buffer.from('Node Control/Rebirth');
const REBIRTH = Buffer.concat([Buffer.from([0x12, 2 + NAME.length + 4, 0x0a, NAME.length]), NAME, Buffer.from([0x20, 0x0b, 0x70, 0x01])]);
/** A DCMD setting UInt16 metric `name` (two letters) to `v` < 128. */
const dcmd = (name: string, v: number) => Buffer.from([0x12, 0x08, 0x0a, 0x02, ...Buffer.from(name), 0x20, 0x06, 0x50, v]);

const metric = (m: Recorded, name: string): WireMetric | undefined => m.payload.metrics.find((x) => x.name === name);

describe.each([
  ['the embedded broker', (_dir: string) => embeddedBroker()],
  ['mosquitto', (dir: string) => mosquittoBroker(dir)],
])('Sparkplug B edge node conformance on %s', (_label, makeBroker) => {
  const plant = createDemoPlant();
  plant.stop();
  let sim: RunningTcpSim;
  let broker: TestBroker;
  let rec: SparkplugRecorder;
  let core: EngineCore;
  let edge: EdgeNode;
  let tmp: { dir: string; cleanup: () => void };
  const log: string[] = [];
  const big = -9223372036854775807n; // beyond 2^53: only exact 64-bit handling keeps it

  beforeAll(async () => {
    tmp = tempDir('fieldbench-sparkplug-');
    const words = BigInt.asUintN(64, big);
    for (let i = 0; i < 4; i++) plant.bank.holding[200 + i] = Number((words >> BigInt(48 - 16 * i)) & 0xffffn);
    sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
    broker = await makeBroker(tmp.dir);
    rec = await SparkplugRecorder.start(broker);
    core = new EngineCore({ writer: 'sparkplug-test', dataDir: path.join(tmp.dir, 'data') });
    core.load(
      modbusProject(sim.port, [
        {
          name: 'Pump',
          unitId: 1,
          tags: [
            holding('level', 0, 'uint16'),
            holding('setpoint', 5, 'int16'),
            holding('big', 200, 'int64'),
            holding('flow', 9, 'float32'),
            { ...holding('rw', 7, 'uint16'), access: 'read-write' },
            { ...holding('ro', 8, 'uint16'), access: 'read-write' },
          ],
        },
        { name: 'Ghost', unitId: 9, tags: [holding('x', 0, 'uint16')] },
      ]),
    );
    for (let i = 0; i < 200 && !(core.reading('map0/big') && core.reading('map1/x')); i++) await new Promise((r) => setTimeout(r, 25));
    edge = new EdgeNode(core, { url: broker.url, login: broker.login, group: 'G1', node: 'N1', writable: ['map0/rw'], stateDir: path.join(tmp.dir, 'edge'), reconnectMs: 1500, log: (l) => log.push(l) });
    edge.start();
  });
  afterAll(async () => {
    await edge?.stop();
    await core?.close();
    await rec?.close();
    await broker?.stop();
    await sim?.close();
    tmp?.cleanup();
  });

  it('births: NBIRTH seq 0 with bdSeq and Rebirth, then a DBIRTH per device with every metric typed', async () => {
    await rec.waitFor((m) => m.filter((x) => x.topic.includes('/DBIRTH/')).length >= 2, 'the births');
    const [nbirth] = rec.of('NBIRTH');
    expect(nbirth!.topic).toBe('spBv1.0/G1/NBIRTH/N1');
    expect(nbirth!.payload.seq).toBe(0n);
    expect(nbirth!.payload.timestamp).toBeDefined();
    expect(metric(nbirth!, 'bdSeq')).toMatchObject({ datatype: 4, value: 0n, valueField: 11 });
    expect(metric(nbirth!, 'Node Control/Rebirth')).toMatchObject({ datatype: 11, value: false });
    const [pump, ghost] = rec.of('DBIRTH');
    expect(pump!.topic).toBe('spBv1.0/G1/DBIRTH/N1/Pump');
    expect(ghost!.topic).toBe('spBv1.0/G1/DBIRTH/N1/Ghost');
    expect(pump!.payload.metrics.map((m) => m.name)).toEqual(['level', 'setpoint', 'big', 'flow', 'rw', 'ro']);
    expect(metric(pump!, 'level')).toMatchObject({ datatype: 6, value: 1500n, valueField: 10, isNull: false, props: { Quality: 192n } });
    expect(metric(pump!, 'setpoint')).toMatchObject({ datatype: 2, valueField: 10 });
    expect(metric(pump!, 'big')).toMatchObject({ datatype: 4, valueField: 11, value: BigInt.asUintN(64, big) });
    expect(metric(pump!, 'flow')).toMatchObject({ datatype: 9, value: 25.5, valueField: 12 });
    // A device answering exception 0x0B: Bad, so null with Quality 0 — never a value.
    expect(metric(ghost!, 'x')).toMatchObject({ datatype: 6, isNull: true, props: { Quality: 0n } });
    expect(metric(ghost!, 'x')!.value).toBeUndefined();
    for (const m of pump!.payload.metrics) expect(m.timestamp).toBeDefined();
    // mosquitto logs every packet: the node subscribed to NCMD/DCMD before it sent NBIRTH.
    if (broker.log) {
      const text = broker.log();
      const sub = text.search(/Received SUBSCRIBE from fb-N1-/);
      const birth = text.search(/Received PUBLISH from fb-N1-\S+ \([^)]*'spBv1\.0\/G1\/NBIRTH\/N1'/);
      expect(sub).toBeGreaterThan(-1);
      expect(birth).toBeGreaterThan(sub);
    }
  });

  it('publishes changed metrics only, with seq one more per message', async () => {
    const before = rec.messages.length;
    plant.bank.holding[5] = -42 & 0xffff;
    await rec.waitFor((m) => m.slice(before).some((x) => x.topic.endsWith('/DDATA/N1/Pump') && metric(x, 'setpoint')), 'the setpoint DDATA');
    const ddata = rec.messages.slice(before).filter((x) => x.topic.endsWith('/DDATA/N1/Pump'));
    const sp = ddata.flatMap((x) => x.payload.metrics);
    expect(sp.map((m) => m.name)).toEqual(['setpoint']);
    expect(sp[0]).toMatchObject({ datatype: 2, isNull: false });
    expect(int32(sp[0]!.value)).toBe(-42);
    expect(sessionProblems(rec.messages, 'G1', 'N1')).toEqual([]);
  });

  it('NCMD Rebirth: NBIRTH again with the same bdSeq and every DBIRTH', async () => {
    const before = rec.messages.length;
    await rec.publish('spBv1.0/G1/NCMD/N1', REBIRTH);
    await rec.waitFor((m) => m.slice(before).filter((x) => x.topic.includes('/DBIRTH/')).length >= 2, 'the rebirth');
    const nbirths = rec.of('NBIRTH');
    expect(nbirths).toHaveLength(2);
    expect(metric(nbirths[1]!, 'bdSeq')!.value).toBe(0n);
    expect(int32(metric(rec.of('DBIRTH').at(-2)!, 'setpoint')!.value)).toBe(-42);
    expect(sessionProblems(rec.messages, 'G1', 'N1')).toEqual([]);
  });

  it('DCMD writes only pre-authorised tags, through the write path', async () => {
    const before = rec.messages.length;
    await rec.publish('spBv1.0/G1/DCMD/N1/Pump', dcmd('ro', 5));
    await rec.publish('spBv1.0/G1/DCMD/N1/Pump', dcmd('rw', 77));
    await rec.waitFor((m) => m.slice(before).some((x) => x.topic.endsWith('/DDATA/N1/Pump') && metric(x, 'rw')?.value === 77n), 'rw = 77 read back');
    expect(plant.bank.holding[7]).toBe(77);
    expect(plant.bank.holding[8]).not.toBe(5);
    expect(log.join('\n')).toMatch(/refused: "Pump\/ro" is not pre-authorised/);
    // The write is audited like every other: its intent and its outcome, with the tag.
    const audit = await core.audit.list();
    expect(audit.filter((e) => e.tagKey === 'map0/rw').map((e) => e.action)).toEqual(['write-intent', 'write']);
    expect(audit.some((e) => e.tagKey === 'map0/ro')).toBe(false);
  });

  it('after the broker restarts: NBIRTH again (seq 0, a new bdSeq) and every DBIRTH; NDEATH on shutdown with that bdSeq', async () => {
    await broker.stop();
    for (let i = 0; i < 400 && edge.state !== 'offline'; i++) await new Promise((r) => setTimeout(r, 25));
    await rec.close();
    await broker.restart();
    await rec.connect(broker);
    const before = rec.messages.length;
    await rec.waitFor((m) => m.slice(before).filter((x) => x.topic.includes('/DBIRTH/')).length >= 2, 'the births after reconnect');
    const nb = rec.messages.slice(before).find((x) => x.topic.includes('/NBIRTH/'))!;
    expect(nb.payload.seq).toBe(0n);
    const bdSeq = metric(nb, 'bdSeq')!.value as bigint;
    expect(bdSeq).toBeGreaterThan(0n);
    await edge.stop();
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G1/NDEATH/N1'), 'NDEATH');
    const death = rec.of('NDEATH').at(-1)!;
    expect(death.payload.metrics).toHaveLength(1);
    expect(metric(death, 'bdSeq')).toMatchObject({ datatype: 4, value: bdSeq });
    expect(sessionProblems(rec.messages, 'G1', 'N1')).toEqual([]);
  });
});
