import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreflightReport } from '../../src/shared/contract/gateway';
import type { Project } from '../../src/shared/project/schema';
import { tempDir } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { freePort } from '../helpers/mqtt-peers';
import { runCli, startPymodbusTcp, type Peer } from '../helpers/processes';

/**
 * `fieldbench preflight` against pymodbus: Pump answers (the demo plant's 1500 at 40001), Tank's connection points at
 * a port nobody listens on. The pre-flight reads both through the engine's own drivers.
 */
describe('fieldbench preflight', () => {
  let tmp: { dir: string; cleanup: () => void };
  let plc: Peer;
  let both: string;
  let pumpOnly: string;

  beforeAll(async () => {
    tmp = tempDir('fieldbench-preflight-cli-');
    plc = await startPymodbusTcp(1);
    const closed = await freePort();
    const p: Project = modbusProject(plc.port, [
      { name: 'Pump', unitId: 1, tags: [holding('level', 0, 'uint16'), holding('flow', 9, 'float32'), holding('beyond', 5000, 'uint16')] },
      { name: 'Tank', unitId: 1, tags: [holding('level', 0, 'uint16')] },
    ]);
    p.connections.push({ ...p.connections[0]!, id: 'gone', name: 'nobody', port: closed } as Project['connections'][number]);
    p.devices[1] = { ...p.devices[1]!, connectionId: 'gone' } as Project['devices'][number];
    p.checkout['map0/level'] = { status: 'verified', note: '', at: Date.now(), value: 1500, quality: { status: 'good' } };
    both = path.join(tmp.dir, 'both.fieldbench.json');
    writeFileSync(both, JSON.stringify(p));
    const pump = { ...p, devices: [p.devices[0]!], tagMaps: [{ ...p.tagMaps[0]!, tags: p.tagMaps[0]!.tags.slice(0, 2) }], connections: [p.connections[0]!] };
    pumpOnly = path.join(tmp.dir, 'pump.fieldbench.json');
    writeFileSync(pumpOnly, JSON.stringify(pump));
  }, 60_000);
  afterAll(async () => {
    await plc?.stop();
    tmp?.cleanup();
  });

  it('one device answers, one does not: exit 1, the silent one named with the reason, the bad address named', async () => {
    const r = await runCli(['preflight', '--project', both, '--json'], 60_000);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as PreflightReport;
    const reach = report.findings.filter((f) => f.check === 'reachability');
    expect(reach.find((f) => f.where === 'Pump')).toMatchObject({ severity: 'ok' });
    expect(reach.find((f) => f.where === 'Pump')!.what).toContain('2 of 3 tags read');
    const tank = reach.find((f) => f.where === 'Tank')!;
    expect(tank.severity).toBe('error');
    expect(tank.what).toMatch(/ECONNREFUSED|refused|timeout|comm/i);
    // pymodbus holds 200 registers: 45001 is an illegal data address, a Bad read on a device that answers.
    expect(report.findings.find((f) => f.check === 'tags' && f.where === 'beyond')).toMatchObject({ severity: 'error' });
    expect(report.findings.find((f) => f.check === 'tags' && f.severity === 'ok')!.what).toContain('1 of 4 tags verified');
  });

  it('a reachable device and plaintext MQTT to a loopback broker: warnings, exit 0; the same across the network is refused', async () => {
    const bench = await runCli(['preflight', '--project', pumpOnly, '--broker', 'mqtt://127.0.0.1:1883', '--user', 'edge', '--password-file', both, '--target', 'linux-arm64'], 60_000);
    expect(bench.code, bench.stdout + bench.stderr).toBe(0);
    expect(bench.stdout).toMatch(/^WARNING +tls +northbound\.broker\.url: plaintext MQTT to mqtt:\/\/127\.0\.0\.1:1883 \(loopback/m);
    expect(bench.stdout).toMatch(/0 error\(s\)/);
    const plant = await runCli(['preflight', '--project', pumpOnly, '--broker', 'mqtt://192.0.2.10:1883', '--user', 'edge', '--password-file', both], 60_000);
    expect(plant.code).toBe(1);
    expect(plant.stdout).toMatch(/^ERROR +tls +northbound\.broker\.url: plaintext MQTT to mqtt:\/\/192\.0\.2\.10:1883 across the network/m);
    const reasoned = await runCli(['preflight', '--project', pumpOnly, '--broker', 'mqtt://192.0.2.10:1883', '--user', 'edge', '--password-file', both, '--plaintext-reason', 'isolated cell VLAN'], 60_000);
    expect(reasoned.code, reasoned.stdout).toBe(0);
    expect(reasoned.stdout).toContain('accepted: isolated cell VLAN');
  });
});
