import { execFileSync, spawn } from 'node:child_process';

import path from 'node:path';
import mqtt from 'mqtt';
import { generateCredentials } from '../../src/engine/broker/credentials';
import { startBroker } from '../../src/engine/broker/embedded-broker';
import { EngineCore } from '../../src/engine/core';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';
import { EdgeNode, type EdgeSource } from '../../src/engine/sparkplug/edge-node';
import { decodePayload } from '../../src/engine/sparkplug/payload';
import { DiskQueue } from '../../src/engine/sparkplug/store/disk-queue';
import { GOOD } from '../../src/shared/quality';
import type { TagReading } from '../../src/shared/schemas/tags';
import { tempDir } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { mosquittoBroker } from '../helpers/mqtt-peers';
import { result, type Bench } from './bench';

/** A broker for one measurement: the embedded one (in this process) or mosquitto (apt, its own process). */
interface BenchBroker {
  url: string;
  login: { username: string; password: string };
  stop(): Promise<void>;
}

async function embedded(): Promise<BenchBroker> {
  const b = await startBroker({ port: 0, credentials: generateCredentials() });
  return { url: b.url, login: b.credentials, stop: () => b.close() };
}

async function mosquitto(dir: string): Promise<BenchBroker> {
  const b = await mosquittoBroker(dir, { quiet: true });
  return { url: b.url, login: b.login, stop: () => b.stop() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A source of tag readings the benchmark drives: every tag changes on each tick. */
function tickingSource(devices: number, tagsPerDevice: number): { source: EdgeSource; tick(v: number): void } {
  const project = modbusProject(
    1,
    Array.from({ length: devices }, (_, d) => ({ name: `D${d}`, unitId: 1, tags: Array.from({ length: tagsPerDevice }, (_, i) => holding(`t${i}`, i, 'float32')) })),
  );
  const listeners = new Set<(r: TagReading, changed: boolean) => void>();
  const last = new Map<string, TagReading>();
  const keys = project.tagMaps.flatMap((m) => m.tags.map((t) => ({ key: `${m.id}/${t.name}`, mapId: m.id, deviceId: m.deviceId, name: t.name })));
  return {
    source: { project, reading: (k) => last.get(k), onReading: (l) => (listeners.add(l), () => listeners.delete(l)), prepareWrite: () => Promise.reject(new Error('no')), confirmWrite: () => Promise.reject(new Error('no')) },
    tick(v) {
      const now = Date.now();
      for (const k of keys) {
        const r = { ...k, value: v, units: '', quality: GOOD, receivedAt: now } as TagReading;
        last.set(k.key, r);
        for (const l of listeners) l(r, true);
      }
    },
  };
}

/** Metrics/s from changed readings to a subscriber's received DDATA, through one broker, for about `ms`. */
async function publishRate(broker: BenchBroker, ms: number): Promise<number> {
  const DEVICES = 10;
  const TAGS = 100;
  const { source, tick } = tickingSource(DEVICES, TAGS);
  const sub = await mqtt.connectAsync(broker.url, { ...broker.login, reconnectPeriod: 0 });
  let got = 0;
  sub.on('message', (topic) => {
    if (topic.includes('/DDATA/')) got++;
  });
  await sub.subscribeAsync('spBv1.0/Bench/DDATA/#', { qos: 0 });
  const dir = tempDir('fieldbench-bench-sp-');
  const edge = new EdgeNode(source, { url: broker.url, login: broker.login, group: 'Bench', node: 'Rate', stateDir: dir.dir });
  try {
    tick(0);
    edge.start();
    while (edge.state !== 'online') await sleep(5);
    // At most a few ticks in flight: the rate is what reaches the subscriber, not what piles up in buffers.
    const WINDOW = 4;
    let sent = 0;
    const run = async (until: number) => {
      while (performance.now() < until) {
        tick(sent + 1);
        sent++;
        while (got < (sent - WINDOW) * DEVICES) await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
      }
    };
    await run(performance.now() + 300);
    const start = performance.now();
    const from = got;
    await run(start + ms);
    while (got < sent * DEVICES && performance.now() < start + ms + 2000) await sleep(1);
    return ((got - from) * TAGS * 1000) / (performance.now() - start);
  } finally {
    await edge.stop();
    await sub.endAsync(true);
    dir.cleanup();
  }
}

/** Change-to-subscriber latencies (ms) through the whole engine: a register changed in the simulator, scanned every `scanMs`. */
async function latencies(broker: BenchBroker, samples: number, scanMs: number): Promise<number[]> {
  const plant = createDemoPlant();
  plant.stop();
  const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  const dir = tempDir('fieldbench-bench-lat-');
  const core = new EngineCore({ writer: 'bench', dataDir: path.join(dir.dir, 'data') });
  core.load(modbusProject(sim.port, [{ name: 'Tank', unitId: 1, tags: [holding('level', 60, 'uint16', { scanClassMs: scanMs })] }]) as never);
  const sub = await mqtt.connectAsync(broker.url, { ...broker.login, reconnectPeriod: 0 });
  const waiting = new Map<number, number>();
  const out: number[] = [];
  sub.on('message', (topic, payload) => {
    if (!topic.includes('/DDATA/')) return;
    const at = performance.now();
    for (const m of decodePayload(payload).metrics) {
      const t0 = waiting.get(Number(m.value));
      if (t0 !== undefined) {
        waiting.delete(Number(m.value));
        out.push(at - t0);
      }
    }
  });
  await sub.subscribeAsync('spBv1.0/Bench/DDATA/#', { qos: 0 });
  const edge = new EdgeNode(core, { url: broker.url, login: broker.login, group: 'Bench', node: 'Latency', stateDir: dir.dir });
  try {
    plant.bank.holding[60] = 0;
    edge.start();
    while (edge.state !== 'online') await sleep(5);
    for (let i = 1; i <= samples; i++) {
      // A change at a random moment of the scan cycle.
      await sleep(Math.random() * scanMs);
      waiting.set(i, performance.now());
      plant.bank.holding[60] = i;
      while (waiting.has(i)) await sleep(1);
    }
    return out;
  } finally {
    await edge.stop();
    await core.close();
    await sub.endAsync(true);
    await sim.close();
    dir.cleanup();
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Replay of a queue of `n` stored metrics by an edge node in a child process: metrics/s and its highest RSS. */
async function replay(broker: BenchBroker, n: number): Promise<{ rate: number; rssMb: number; metrics: number }> {
  const TAGS = 100;
  const dir = tempDir('fieldbench-bench-replay-');
  try {
    const q = new DiskQueue(path.join(dir.dir, 'queue'), { maxBytes: 1 << 30 });
    const at = Date.now() - n;
    for (let i = 0; i < n; i += 10_000) q.append(Array.from({ length: Math.min(10_000, n - i) }, (_, j) => ({ key: `map0/t${(i + j) % TAGS}`, value: i + j, status: 'good' as const, at: at + i + j })));
    q.close();
    const sub = await mqtt.connectAsync(broker.url, { ...broker.login, reconnectPeriod: 0 });
    await sub.subscribeAsync('spBv1.0/Bench/#', { qos: 0 });
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'sparkplug-replay-child.ts'), dir.dir, broker.url, broker.login.username, broker.login.password, String(TAGS)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      await new Promise((r) => child.once('exit', r));
      const r = JSON.parse(text.trim().split('\n').at(-1)!) as { metrics: number; seconds: number; rssMb: number };
      return { rate: r.metrics / r.seconds, rssMb: r.rssMb, metrics: r.metrics };
    } finally {
      await sub.endAsync(true);
    }
  } finally {
    dir.cleanup();
  }
}

function hasMosquitto(): boolean {
  try {
    execFileSync('which', ['mosquitto']);
    return true;
  } catch {
    return false;
  }
}

async function withBrokers<T>(measure: (b: BenchBroker) => Promise<T>): Promise<{ own: T; ref: T }> {
  if (!hasMosquitto()) throw new Error('mosquitto (apt) is needed for the reference measurement');
  const dir = tempDir('fieldbench-bench-mosq-');
  try {
    const own = await embedded();
    let a: T;
    try {
      a = await measure(own);
    } finally {
      await own.stop();
    }
    const ref = await mosquitto(dir.dir);
    try {
      return { own: a, ref: await measure(ref) };
    } finally {
      await ref.stop();
    }
  } finally {
    dir.cleanup();
  }
}

const SCAN_MS = 100;
const REPLAY_METRICS = 1_000_000;

export const benches: Bench[] = [
  {
    // Edge node, embedded broker and subscriber share this one Node thread (one core); mosquitto, the reference,
    // runs in its own process, so the baseline has a second core for the broker.
    name: 'sparkplug-publish-metrics-per-second',
    async run() {
      const { own, ref } = await withBrokers((b) => publishRate(b, 3000));
      return result(this.name, own, 'metrics/s', 'the same edge node and subscriber through mosquitto (own process)', ref, { target: '>= 50000 metrics/s through the embedded broker', met: own >= 50_000 });
    },
  },
  {
    name: 'sparkplug-change-to-subscriber-latency',
    async run() {
      const { own, ref } = await withBrokers((b) => latencies(b, 80, SCAN_MS));
      const p99 = pct(own, 99);
      return result(this.name, p99, 'ms p99', 'p99 through mosquitto', pct(ref, 99), {
        p50: Math.round(pct(own, 50) * 10) / 10,
        baselineP50: Math.round(pct(ref, 50) * 10) / 10,
        samples: own.length,
        scanMs: SCAN_MS,
        target: `p99 <= scan interval + 10 ms = ${SCAN_MS + 10} ms`,
        met: p99 <= SCAN_MS + 10,
      });
    },
  },
  {
    name: 'sparkplug-store-replay-metrics-per-second',
    async run() {
      const { own, ref } = await withBrokers((b) => replay(b, REPLAY_METRICS));
      if (own.metrics !== REPLAY_METRICS) throw new Error(`replayed ${own.metrics} of ${REPLAY_METRICS}`);
      return result(this.name, own.rate, 'metrics/s', 'the same replay to mosquitto', ref.rate, {
        stored: REPLAY_METRICS,
        rssMb: Math.round(own.rssMb),
        baselineRssMb: Math.round(ref.rssMb),
        target: '>= 20000 metrics/s and RSS <= 250 MB',
        met: own.rate >= 20_000 && own.rssMb <= 250,
      });
    },
  },
];

