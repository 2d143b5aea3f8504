import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import { tempDir } from '../helpers/engine';
import { embeddedBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';
import { ROOT, startPeer } from '../helpers/processes';

const plant = createDemoPlant();
let sim: RunningTcpSim;
let broker: TestBroker;
let rec: SparkplugRecorder;
let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  tmp = tempDir('fieldbench-spcli-');
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  broker = await embeddedBroker();
  rec = await SparkplugRecorder.start(broker);
  writeFileSync(path.join(tmp.dir, 'pw'), broker.login.password);
});
afterAll(async () => {
  plant.stop();
  await rec?.close();
  await broker?.stop();
  await sim?.close();
  tmp?.cleanup();
});

describe('fieldbench sparkplug --tcp --unit --map', () => {
  it('births the register map as typed metrics of one device, and SIGTERM publishes NDEATH before it exits', async () => {
    const edge = await startPeer(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'sparkplug', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '1', '--map', path.join(ROOT, 'test/fixtures/maps/demo-plant-eu.csv'),
        '--broker', broker.url, '--group', 'Site', '--node', 'Gw', '--user', broker.login.username, '--password-file', path.join(tmp.dir, 'pw'), '--store', path.join(tmp.dir, 'store')],
      /edge node Site\/Gw: (\d+) devices/,
    );
    await rec.waitFor((m) => m.some((x) => x.topic.startsWith('spBv1.0/Site/DBIRTH/Gw/')), 'the births');
    const birth = rec.of('DBIRTH')[0]!;
    // Metric names are the tags' ISA-95 paths (the importer's Site/Area/Line/Cell/<map>/<name>).
    const prefix = 'Site/Area/Line/Cell/demo-plant-eu/';
    const types = Object.fromEntries(birth.payload.metrics.map((m) => [m.name, m.datatype]));
    // uint16 -> UInt16, float32 -> Float, a scaled uint16 -> Double.
    expect(types).toEqual({ [`${prefix}tank_level_mm`]: 6, [`${prefix}flow_rate_lpm`]: 9, [`${prefix}motor_current_a`]: 10, [`${prefix}valve_state`]: 6 });
    // A tag not read yet at birth is null (Quality 0); its first reading follows as data, Good.
    const level = `${prefix}tank_level_mm`;
    await rec.waitFor((m) => m.some((x) => x.payload.metrics.some((y) => y.name === level && y.value === 1500n)), 'the tank level');
    const first = rec.messages.flatMap((x) => x.payload.metrics).find((y) => y.name === level && !y.isNull)!;
    expect(first.props['Quality']).toBe(192n);
    const bdSeq = rec.of('NBIRTH')[0]!.payload.metrics.find((m) => m.name === 'bdSeq')!.value;
    const exited = new Promise<number | null>((r) => edge.child.once('exit', (code) => r(code)));
    edge.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(edge.output()).toContain('stopped: NDEATH sent');
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Site/NDEATH/Gw'), 'NDEATH');
    expect(rec.of('NDEATH')).toHaveLength(1);
    expect(rec.of('NDEATH')[0]!.payload.metrics).toEqual([expect.objectContaining({ name: 'bdSeq', datatype: 4, value: bdSeq })]);
  });
});
