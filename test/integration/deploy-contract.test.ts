import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { GatewayExportProgress, GatewayExportResult, PreflightReport } from '../../src/shared/contract';
import { buildGatewayRuntime } from '../helpers/gateway-runtime-build';
import { makeEngine } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { startPymodbusTcp, type Peer } from '../helpers/processes';

// The Deploy screen's requests through the engine's dispatch and events, with the project's one device on pymodbus.
let engine: Engine;
let dir: string;
let dispose: () => Promise<void>;
let plc: Peer;

async function call<T>(name: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string; issues: { path: string; message: string }[] }> {
  const env = await engine.dispatch(name, input);
  return env.ok ? { ok: true, value: env.value as T } : { ok: false, code: env.error.code, message: env.error.message, issues: env.error.issues ?? [] };
}

beforeAll(async () => {
  buildGatewayRuntime();
  plc = await startPymodbusTcp(1);
  ({ engine, dir, dispose } = await makeEngine());
  const project = modbusProject(plc.port, [{ name: 'Pump', unitId: 1, tags: [holding('level', 0, 'uint16'), { ...holding('sp', 5, 'int16'), access: 'read-write' }] }]);
  mkdirSync(path.join(dir, 'projects'), { recursive: true });
  writeFileSync(path.join(dir, 'projects', 'plant.fieldbench.json'), JSON.stringify(project));
  const opened = await call('project.open', { source: { kind: 'workspace', name: 'plant' } });
  expect(opened.ok, JSON.stringify(opened)).toBe(true);
}, 120_000);
afterAll(async () => {
  await dispose?.();
  await plc?.stop();
});

describe('gateway contract', () => {
  it('gateway.preflight reports the unauthorised write tag and the reachable device; gateway.export refuses, writing nothing', async () => {
    const r = await call<PreflightReport>('gateway.preflight', { target: 'linux-x64' });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.findings.find((f) => f.check === 'writes')).toMatchObject({ severity: 'error' });
    expect(r.value.findings.find((f) => f.check === 'reachability' && f.where === 'Pump')).toMatchObject({ severity: 'ok' });
    const refused = await call('gateway.export', { target: 'linux-x64', folder: 'refused' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.message).toMatch(/pre-flight has \d+ errors?/);
      expect(refused.issues.map((i) => i.path)).toContain('"sp"');
    }
    expect(existsSync(path.join(dir, 'projects', 'gateways', 'refused'))).toBe(false);
  });

  it('inputs are checked: a folder name that leaves the workspace, a CA outside it, a bad broker URL', async () => {
    for (const input of [
      { target: 'linux-x64', folder: '../escape', writable: ['map0/sp'] },
      { target: 'linux-x64', folder: 'a/b', writable: ['map0/sp'] },
      { target: 'linux-x64', broker: 'mqtts://h:8883', caFile: '../../etc/ssl/ca.pem' },
      { target: 'linux-x64', broker: 'http://h:80' },
      { target: 'windows-x64' },
    ]) {
      const r = await call(input.folder ? 'gateway.export' : 'gateway.preflight', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.code).toBe('invalid_input');
    }
  });

  it('gateway.export writes the bundle under the workspace with the pre-flight report in it, and says each step', async () => {
    const steps: GatewayExportProgress[] = [];
    const off = engine.subscribe('gateway.exportProgress', (p) => steps.push(p as GatewayExportProgress));
    const r = await call<GatewayExportResult>('gateway.export', { target: 'linux-x64', folder: 'edge-1', group: 'Plant', node: 'edge-1', writable: ['map0/sp'] });
    off();
    if (!r.ok) throw new Error(`${r.message} ${JSON.stringify(r.issues)}`);
    const folder = path.join(dir, 'projects', 'gateways', 'edge-1');
    expect(r.value.folder).toBe(folder);
    expect(r.value.manifest).toBe(path.join(folder, 'MANIFEST.sha256'));
    const manifest = readFileSync(r.value.manifest, 'utf8');
    expect(manifest).toMatch(/^[0-9a-f]{64} {2}PREFLIGHT\.md$/m);
    expect(manifest).toMatch(/^[0-9a-f]{64} {2}preflight\.json$/m);
    expect(readFileSync(path.join(folder, 'PREFLIGHT.md'), 'utf8')).toContain('PASSED: no errors');
    const report = JSON.parse(readFileSync(path.join(folder, 'preflight.json'), 'utf8')) as PreflightReport;
    expect(report.counts).toEqual(r.value.report.counts);
    const config = JSON.parse(readFileSync(path.join(folder, 'gateway.json'), 'utf8')) as { northbound: { group: string; node: string }; writes: { authorised: string[] } };
    expect(config.northbound).toMatchObject({ group: 'Plant', node: 'edge-1' });
    expect(config.writes.authorised).toEqual(['map0/sp']);
    expect(statSync(path.join(folder, 'secrets', 'broker.password')).mode & 0o777).toBe(0o600);
    // Every file in the manifest, and the manifest, but the two secret ones: the broker password and the private key.
    expect(manifest).not.toMatch(/secrets\/(broker\.password|gateway-key\.pem)/);
    expect(r.value.files).toBe(manifest.trim().split('\n').length + 1 + 2);
    // Node.js for the target is carried by default: fetched into the engine's data folder, unpacked into runtime/node.
    expect([...new Set(steps.map((s) => s.step))]).toEqual(['preflight', 'config', 'runtime', 'bundle', 'zip', 'done']);
    expect(manifest).toMatch(/^[0-9a-f]{64} {2}runtime\/node\/bin\/node$/m);
    expect(execFileSync(path.join(folder, 'runtime', 'node', 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^v20\./);
    // Its own CA, that CA's revocation list and a gateway certificate it signed.
    for (const f of ['ca.pem', 'ca-crl.pem', 'gateway-cert.pem']) expect(manifest).toMatch(new RegExp(`^[0-9a-f]{64} {2}secrets/${f.replace('.', '\\.')}$`, 'm'));
    expect(execFileSync('openssl', ['verify', '-CAfile', path.join(folder, 'secrets', 'ca.pem'), path.join(folder, 'secrets', 'gateway-cert.pem')], { encoding: 'utf8' })).toContain(': OK');
    // The .zip beside the folder gives the folder back, manifest and all.
    expect(r.value.zipPath).toBe(`${folder}.zip`);
    const unzipped = path.join(dir, 'unzipped');
    execFileSync('unzip', ['-q', r.value.zipPath!, '-d', unzipped]);
    expect(readFileSync(path.join(unzipped, 'edge-1', 'MANIFEST.sha256'), 'utf8')).toBe(manifest);
    execFileSync('sha256sum', ['--quiet', '-c', 'MANIFEST.sha256'], { cwd: path.join(unzipped, 'edge-1') });
    // The folder exists now: a second export there is refused, the first left as it was.
    const again = await call('gateway.export', { target: 'linux-x64', folder: 'edge-1', writable: ['map0/sp'] });
    expect(again.ok).toBe(false);
    expect(readFileSync(r.value.manifest, 'utf8')).toBe(manifest);
  });
});
