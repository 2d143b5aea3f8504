import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startBroker } from '../../src/engine/broker/embedded-broker';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';
import { tempDir } from '../helpers/engine';
import { buildGatewayRuntime } from '../helpers/gateway-runtime-build';
import { gatewayDoc, writeConfig } from '../helpers/gateway-runtime-config';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { CLI_BUNDLE, stopChild } from '../helpers/processes';
import { result, type Bench } from './bench';

/** RSS of a process from /proc, in MB. */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Total size of the files under a folder, in MB. */
function folderMb(dir: string): number {
  return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;
}

const execFileAsync = promisify(execFile);

/** MB, one decimal. */
const mb1 = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/**
 * `fieldbench export` (the built CLI, as `npm run bench` builds it) of a one-tag project on the demo plant (served in
 * this process, so the pre-flight reads it) for linux-x64 into fresh folders, without and with the Node.js runtime (the
 * registry tarball cached in the data folder by an untimed export first): the bundle the runs below start from, the
 * export times, and the time to merely copy the result.
 */
let exported: { dir: string; bare: string; exportMs: number; exportWithNodeMs: number; copyMs: number; cleanup: () => void } | null = null;
async function exportBundle() {
  if (exported) return exported;
  buildGatewayRuntime();
  const tmp = tempDir('fieldbench-gwbundle-');
  const plant = createDemoPlant();
  const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  try {
    const project = path.join(tmp.dir, 'p.fieldbench.json');
    writeFileSync(project, JSON.stringify(modbusProject(sim.port, [{ name: 'Plant', unitId: 1, tags: [holding('t0', 0, 'uint16')] }])));
    // Asynchronously: the demo plant in this process must answer the pre-flight's reads meanwhile.
    const cli = async (out: string, ...extra: string[]) => {
      const t0 = performance.now();
      await execFileAsync(process.execPath, [CLI_BUNDLE, 'export', '--project', project, '--target', 'linux-x64', '--out', path.join(tmp.dir, out), ...extra]);
      return performance.now() - t0;
    };
    await cli('warm-the-node-cache');
    const exportMs = await cli('bare', '--no-node-runtime');
    const exportWithNodeMs = await cli('bundle');
    const dir = path.join(tmp.dir, 'bundle');
    const t1 = performance.now();
    cpSync(dir, path.join(tmp.dir, 'copy'), { recursive: true });
    const copyMs = performance.now() - t1;
    exported = { dir, bare: path.join(tmp.dir, 'bare'), exportMs, exportWithNodeMs, copyMs, cleanup: tmp.cleanup };
    return exported;
  } finally {
    await sim.close();
    plant.stop();
  }
}

/**
 * The exported bundle's runtime (runtime/gateway.js, the one file the edge runs, on the bundle's own runtime/node) on a config of `tags` uint16 tags of the demo plant (in this
 * process) at `scanMs`, publishing to an aedes broker in this process. Resolves once the broker saw its NBIRTH.
 */
async function runGateway(tags: number, scanMs: number) {
  const tmp = tempDir('fieldbench-gwbench-');
  const plant = createDemoPlant();
  const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  let birth: (() => void) | null = null;
  const births = new Promise<void>((r) => (birth = r));
  const broker = await startBroker({ port: 0, onPublish: (m) => m.topic.includes('/NBIRTH/') && birth?.() });
  const pw = path.join(tmp.dir, 'mqtt.pw');
  writeFileSync(pw, broker.credentials.password);
  const doc = gatewayDoc(sim.port, [{ name: 'Plant', unitId: 1, tags: Array.from({ length: tags }, (_, i) => ({ name: `t${i}`, scanClassMs: scanMs, source: { kind: 'modbus', table: 'holding', address: i, type: 'uint16' } })) }], {
    broker: { kind: 'url', url: broker.url },
    credentials: { username: broker.credentials.username, passwordFile: pw },
  });
  doc['scanClasses'] = [{ name: 'scan', intervalMs: scanMs }];
  const file = writeConfig(tmp.dir, doc);
  const bundle = (await exportBundle()).dir;
  const t0 = performance.now();
  const child: ChildProcess = spawn(path.join(bundle, 'runtime', 'node', 'bin', 'node'), [path.join(bundle, 'runtime', 'gateway.js'), '--config', file], { stdio: process.env['FB_BENCH_DEBUG'] ? 'inherit' : 'ignore' });
  await births;
  const coldStartMs = performance.now() - t0;
  return {
    child,
    coldStartMs,
    async stop() {
      await stopChild(child);
      await broker.close();
      await sim.close();
      plant.stop();
      tmp.cleanup();
    },
  };
}

/** A bare Node.js process that loads mqtt, connects to the same kind of broker and publishes once: the floor. */
async function bareMqttStart(): Promise<{ ms: number; rss: number }> {
  let got: (() => void) | null = null;
  const seen = new Promise<void>((r) => (got = r));
  const broker = await startBroker({ port: 0, onPublish: (m) => m.topic === 'bare/hello' && got?.() });
  const code = `const m=require('mqtt');const c=m.connect(${JSON.stringify(broker.url)},{username:${JSON.stringify(broker.credentials.username)},password:process.env.PW});c.on('connect',()=>c.publish('bare/hello','x'));setInterval(()=>{},1000);`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore', env: { ...process.env, PW: broker.credentials.password } });
  await seen;
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 3000));
  const rss = rssMb(child.pid!);
  await stopChild(child);
  await broker.close();
  return { ms, rss };
}

export const benches: Bench[] = [
  {
    name: 'gateway-export',
    async run() {
      const b = await exportBundle();
      return result(this.name, b.exportMs, 'ms', 'copying the exported folder', b.copyMs, {
        target: '<= 10000 ms; <= 30 MB without the Node runtime',
        bundleMb: Math.round(folderMb(b.bare) * 10) / 10,
        bundleWithNodeRuntimeMb: Math.round(folderMb(b.dir) * 10) / 10,
        zipMb: mb1(statSync(`${b.bare}.zip`).size),
        zipWithNodeRuntimeMb: mb1(statSync(`${b.dir}.zip`).size),
        exportWithNodeRuntimeMs: Math.round(b.exportWithNodeMs),
        runtimeMb: mb1(statSync(path.join(b.dir, 'runtime', 'gateway.js')).size),
      });
    },
  },
  {
    name: 'gateway-cold-start-to-nbirth',
    async run() {
      const bare = await bareMqttStart();
      const gw = await runGateway(50, 1000);
      await gw.stop();
      return result(this.name, gw.coldStartMs, 'ms', 'bare node + mqtt connect and publish', bare.ms, { target: '<= 3000 ms', tags: 50 });
    },
  },
  {
    name: 'gateway-rss-1000-tags-1s-scan',
    async run() {
      const bare = await bareMqttStart();
      const gw = await runGateway(1000, 1000);
      // Ten scans in, with every tag read and published.
      await new Promise((r) => setTimeout(r, 10_000));
      const rss = rssMb(gw.child.pid!);
      await gw.stop();
      exported?.cleanup();
      return result(this.name, rss, 'MB', 'bare node + mqtt client RSS', bare.rss, { target: '<= 150 MB', tags: 1000, scanMs: 1000 });
    },
  },
];
