import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

  it('writes the bundle: manifest checked by sha256sum, secrets 0600 and nowhere else, a unit systemd-analyze accepts; it runs and publishes', async () => {
    const out = path.join(tmp.dir, 'bundle');
    const installDir = path.join(tmp.dir, 'edge', 'fieldbench-gateway');
    const healthPort = await freePort();
    const r = await runCli(['export', '--project', projectFile, '--target', 'linux-x64', '--out', out, '--broker', broker.url, '--user', broker.login.username, '--password-file', pwFile,
      '--group', 'Plant', '--node', 'edge-1', '--writable', 'map0/sp', '--health-port', String(healthPort), '--install-dir', installDir], 60_000);
    expect(r.code, r.stderr).toBe(0);
    // The pre-flight, printed and kept in the bundle: a reachable source, plaintext MQTT to loopback only warned,
    // a login, the one authorised write, and tags that were never verified at commissioning.
    expect(r.stdout).toMatch(/PASS\s+source sim: 127\.0\.0\.1:\d+ reachable/);
    expect(r.stdout).toMatch(/WARN\s+northbound TLS: plaintext MQTT .*loopback/);
    expect(r.stdout).toMatch(/PASS\s+anonymous access: MQTT login edge/);
    expect(r.stdout).toMatch(/PASS\s+writes: pre-authorised: map0\/sp/);
    expect(r.stdout).toMatch(/WARN\s+tags: 3 of 3 tags not verified/);
    expect(readFileSync(path.join(out, 'PREFLIGHT.txt'), 'utf8')).toContain('northbound TLS');
    // sha256sum, not our code, checks the manifest; and it lists every file of the folder.
    const check = spawnSync('sha256sum', ['-c', '--strict', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const listed = readFileSync(path.join(out, 'MANIFEST.sha256'), 'utf8').trim().split('\n').map((l) => l.split('  ')[1]).sort();
    const found = execFileSync('find', ['.', '-type', 'f', '!', '-name', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' }).trim().split('\n').map((f) => f.slice(2)).sort();
    expect(listed).toEqual(found);
    expect(found).toEqual(expect.arrayContaining(['run', 'gateway.json', 'runtime/gateway.js', 'secrets/mqtt.password', 'fieldbench-gateway.service', 'README.txt', 'PREFLIGHT.txt']));
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
});
