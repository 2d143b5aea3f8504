import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { freePort, mosquittoBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';
import { buildGatewayRuntime } from '../helpers/gateway-runtime-build';
import { runCli, startPeer, startPymodbusTcp, type Peer } from '../helpers/processes';

describe('fieldbench export: a gateway bundle that runs from a folder outside the repository', () => {
  let tmp: { dir: string; cleanup: () => void };
  let plc: Peer;
  let broker: TestBroker;
  let rec: SparkplugRecorder;
  let gw: Peer | null = null;
  let projectFile: string;
  let pwFile: string;

  beforeAll(async () => {
    buildGatewayRuntime();
    tmp = tempDir('fieldbench-gwexp-');
    plc = await startPymodbusTcp(1);
    broker = await mosquittoBroker(tmp.dir);
    rec = await SparkplugRecorder.start(broker);
    const project = modbusProject(plc.port, [{ name: 'Pump', unitId: 1, tags: [holding('level', 0, 'uint16'), holding('flow', 9, 'float32'), { ...holding('sp', 5, 'int16'), access: 'read-write' }] }]);
    projectFile = path.join(tmp.dir, 'plant.fieldbench.json');
    writeFileSync(projectFile, JSON.stringify(project));
    pwFile = path.join(tmp.dir, 'mqtt.pw');
    writeFileSync(pwFile, `${broker.login.password}\n`);
  }, 120_000);
  afterAll(async () => {
    await gw?.stop();
    await rec?.close();
    await broker?.stop();
    await plc?.stop();
    tmp?.cleanup();
  });

  it('refuses a project whose read-write tag is not authorised, naming it, and writes nothing', async () => {
    const out = path.join(tmp.dir, 'refused');
    const r = await runCli(['export', '--project', projectFile, '--target', 'linux-x64', '--out', out, '--broker', broker.url, '--user', broker.login.username, '--password-file', pwFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tagMaps\.0\.tags\.2\.access: .*map0\/sp/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.zip`)).toBe(false);
  });

  it('refuses, writing nothing, when the pre-flight finds an error: a device that does not answer from here', async () => {
    const closed = await freePort();
    const dead = path.join(tmp.dir, 'dead.fieldbench.json');
    writeFileSync(dead, JSON.stringify(modbusProject(closed, [{ name: 'Gone', unitId: 1, tags: [holding('level', 0, 'uint16')] }])));
    const out = path.join(tmp.dir, 'refused-preflight');
    const r = await runCli(['export', '--project', dead, '--target', 'linux-x64', '--out', out, '--broker', broker.url, '--user', broker.login.username, '--password-file', pwFile], 60_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/ERROR\s+reachability\s+.*did not answer from this machine/);
    expect(r.stderr).toMatch(/refused.*nothing written/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.zip`)).toBe(false);
  });

  it('writes the bundle: manifest checked by sha256sum, secrets 0600 and nowhere else, a unit systemd-analyze accepts; it runs and publishes', async () => {
    const out = path.join(tmp.dir, 'bundle');
    const installDir = path.join(tmp.dir, 'edge', 'fieldbench-gateway');
    const healthPort = await freePort();
    const r = await runCli(['export', '--project', projectFile, '--target', 'linux-x64', '--out', out, '--broker', broker.url, '--user', broker.login.username, '--password-file', pwFile,
      '--group', 'Plant', '--node', 'edge-1', '--writable', 'map0/sp', '--health-port', String(healthPort), '--install-dir', installDir], 60_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/for linux-x64, with Node\.js 20\.\d+\.\d+/);
    // The pre-flight (src/gateway/preflight, the one the Deploy screen runs), printed and kept in the bundle: the device
    // answered, plaintext MQTT to loopback only warned, a login, the one authorised write, tags never verified.
    expect(r.stdout).toMatch(/OK\s+reachability\s+.*: answered: 3 of 3 tags read/);
    expect(r.stdout).toMatch(/WARNING\s+tls\s+northbound\.broker\.url: plaintext MQTT .*loopback/);
    expect(r.stdout).toMatch(/OK\s+access\s+northbound\.credentials: logs in to .* as "edge/);
    expect(r.stdout).toMatch(/WARNING\s+writes\s+writes\.authorised: 1 tag writable .*"sp"/);
    expect(r.stdout).toMatch(/WARNING\s+tags\s+.*3 of 3 tags not verified/);
    expect(readFileSync(path.join(out, 'PREFLIGHT.md'), 'utf8')).toMatch(/PASSED: no errors/);
    expect((JSON.parse(readFileSync(path.join(out, 'preflight.json'), 'utf8')) as { counts: { error: number } }).counts.error).toBe(0);
    // sha256sum, not our code, checks the manifest; and it lists every file of the folder.
    const check = spawnSync('sha256sum', ['-c', '--strict', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const listed = readFileSync(path.join(out, 'MANIFEST.sha256'), 'utf8').trim().split('\n').map((l) => l.split('  ')[1]).sort();
    const found = execFileSync('find', ['.', '-type', 'f', '!', '-name', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' }).trim().split('\n').map((f) => f.slice(2)).sort();
    // Every file but the secret ones: a password's or a key's hash is not published (the CA and certificates are).
    const secret = (f: string) => f.startsWith('secrets/') && !['secrets/ca.pem', 'secrets/ca-crl.pem', 'secrets/gateway-cert.pem'].includes(f);
    expect(listed).toEqual(found.filter((f) => !secret(f)));
    expect(found.filter(secret)).toEqual(expect.arrayContaining(['secrets/mqtt.password', 'secrets/gateway-key.pem']));
    const manifestText = readFileSync(path.join(out, 'MANIFEST.sha256'), 'utf8');
    for (const f of found.filter(secret)) expect(manifestText, f).not.toContain(createHash('sha256').update(readFileSync(path.join(out, f))).digest('hex'));
    expect(found).toEqual(expect.arrayContaining(['run', 'gateway.json', 'runtime/gateway.js', 'secrets/mqtt.password', 'fieldbench-gateway.service', 'README.txt', 'PREFLIGHT.md', 'preflight.json', 'runtime/node/bin/node', 'runtime/node/LICENSE']));
    expect(statSync(path.join(out, 'runtime/node/bin/node')).mode & 0o777).toBe(0o755);
    expect(found.some((f) => f.startsWith('prebuilds/linux-x64/') && f.endsWith('.node'))).toBe(true);
    expect(statSync(path.join(out, 'secrets/mqtt.password')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(out, 'run')).mode & 0o111).toBe(0o111);
    for (const f of found.filter((x) => !x.startsWith('secrets/') && !x.startsWith('runtime/') && !x.startsWith('prebuilds/'))) {
      expect(readFileSync(path.join(out, f), 'utf8'), f).not.toContain(broker.login.password);
    }
    expect(readFileSync(path.join(out, 'MANIFEST.sha256'), 'utf8')).not.toContain(broker.login.password);

    // The .zip beside it: unzip (not our code) tests it and gives back the same folder, modes and all.
    expect(spawnSync('unzip', ['-tq', `${out}.zip`], { encoding: 'utf8' }).status).toBe(0);
    const unzipped = path.join(tmp.dir, 'unzipped');
    expect(spawnSync('unzip', ['-q', `${out}.zip`, '-d', unzipped], { encoding: 'utf8' }).status).toBe(0);
    const again = spawnSync('sha256sum', ['-c', '--strict', 'MANIFEST.sha256'], { cwd: path.join(unzipped, 'bundle'), encoding: 'utf8' });
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(statSync(path.join(unzipped, 'bundle/run')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(unzipped, 'bundle/secrets/mqtt.password')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(unzipped, 'bundle/store')).isDirectory()).toBe(true);

    // Copied where the unit expects it, outside the repository; systemd checks the unit against it.
    cpSync(out, installDir, { recursive: true });
    const verify = spawnSync('systemd-analyze', ['verify', path.join(installDir, 'fieldbench-gateway.service')], { encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);

    gw = await startPeer(path.join(installDir, 'run'), [], /"event":"gateway\.started".*"healthUrl":"http:\/\/127\.0\.0\.1:(\d+)\/health"/, 60_000);
    expect(gw.port).toBe(healthPort);
    // The process is the bundle's own Node.js, in the copy outside the repository (run execs it: same pid).
    expect(readlinkSync(`/proc/${gw.child.pid}/exe`)).toBe(path.join(installDir, 'runtime/node/bin/node'));
    expect(gw.output()).not.toContain('carries no Node.js');
    await rec.waitFor(
      (m) => m.some((x) => x.topic.startsWith('spBv1.0/Plant/') && x.topic.endsWith('/edge-1/Pump') && x.payload.metrics.some((y) => y.name === 'level' && y.value === 1500n))
        && m.some((x) => x.topic.endsWith('/edge-1/Pump') && x.payload.metrics.some((y) => y.name === 'flow' && y.value === 25.5)),
      'the Pump values from the bundle',
    );
    const exited = new Promise<number | null>((res) => gw!.child.once('exit', (code) => res(code)));
    gw.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Plant/NDEATH/edge-1'), 'NDEATH');
    expect(gw.output()).not.toContain(broker.login.password);
    // The store is in the installed folder, where the unit lets it write.
    expect(existsSync(path.join(installDir, 'store', 'queue'))).toBe(true);
  }, 120_000);

  it('--no-node-runtime: a bundle smaller by the Node.js binary whose run says it uses the node on PATH, and runs', async () => {
    const out = path.join(tmp.dir, 'bundle-no-node');
    const r = await runCli(['export', '--project', projectFile, '--target', 'linux-x64', '--out', out, '--broker', broker.url, '--user', broker.login.username, '--password-file', pwFile,
      '--group', 'Plant', '--node', 'edge-2', '--writable', 'map0/sp', '--health-port', String(await freePort()), '--no-node-runtime'], 60_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/for linux-x64, without Node\.js/);
    expect(existsSync(path.join(out, 'runtime/node'))).toBe(false);
    const du = (d: string) => Number(execFileSync('du', ['-sb', d], { encoding: 'utf8' }).split('\t')[0]);
    const withNode = path.join(tmp.dir, 'bundle');
    expect(du(withNode) - du(out)).toBeGreaterThanOrEqual(statSync(path.join(withNode, 'runtime/node/bin/node')).size);
    const copy = path.join(tmp.dir, 'edge-no-node');
    cpSync(out, copy, { recursive: true });
    const peer = await startPeer(path.join(copy, 'run'), [], /"event":"gateway\.started".*"healthUrl":"http:\/\/127\.0\.0\.1:(\d+)\/health"/, 60_000);
    try {
      expect(peer.output()).toMatch(/this bundle carries no Node\.js \(runtime\/node\/bin\/node\); using \S+ \(v\d+\./);
      expect(readlinkSync(`/proc/${peer.child.pid}/exe`).startsWith(copy)).toBe(false);
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Plant/NBIRTH/edge-2'), 'NBIRTH of edge-2');
    } finally {
      await peer.stop();
    }
  }, 120_000);
});
