import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import type { BrokerMessage, BrokerMessageBatch, BrokerStarted, SparkplugSettings, SparkplugStatus } from '../../src/shared/contract';
import { makeEngine } from '../helpers/engine';
import { holding, modbusProject } from '../helpers/mqtt-edge';
import { mosquittoBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';
import { int32 } from '../helpers/mqtt-wire';

// The app's edge node and bridge through the engine contract, as the Broker screen drives them: the demo Modbus plant
// served over TCP, the embedded broker started by request, a recorder decoding the bytes with the tests' own reader,
// and mosquitto (apt) as the upstream of the bridge.
const plant = createDemoPlant();
plant.stop();
let sim: RunningTcpSim;
let engine: Engine;
let dir: string;
let dispose: () => Promise<void>;
let started: BrokerStarted;
let local: TestBroker;
let rec: SparkplugRecorder;

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.code}: ${env.error.message}`);
  return env.value as T;
}

async function until<T>(get: () => Promise<T> | T, ok: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 400; i++) {
    last = await get();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

/** A DCMD setting UInt16 metric `name` to `v` < 128 (field numbers of sparkplug_b.proto). */
const dcmd = (name: string, v: number) => Buffer.from([0x12, 2 + name.length + 4, 0x0a, name.length, ...Buffer.from(name), 0x20, 0x06, 0x50, v]);

beforeAll(async () => {
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  ({ engine, dir, dispose } = await makeEngine());
  const project = modbusProject(sim.port, [
    { name: 'Pump', unitId: 1, tags: [holding('level', 0, 'uint16'), { ...holding('sp', 5, 'uint16'), access: 'read-write' }, { ...holding('rw', 7, 'uint16'), access: 'read-write' }] },
  ]);
  mkdirSync(path.join(dir, 'projects'), { recursive: true });
  writeFileSync(path.join(dir, 'projects', 'plant.fieldbench.json'), JSON.stringify(project));
  await call('project.open', { source: { kind: 'workspace', name: 'plant' } });
  started = await call<BrokerStarted>('broker.start', { port: 0 });
  const url = started.status.listeners[0]!.url;
  local = { url, port: started.status.listeners[0]!.port, login: started.credentials, stop: async () => undefined, restart: async () => undefined };
  rec = await SparkplugRecorder.start(local);
}, 30_000);

afterAll(async () => {
  await rec?.close();
  await dispose?.();
  await sim?.close();
});

describe('the app edge node through the contract', () => {
  it('offers settings from the project until some were used', async () => {
    const s = await call<SparkplugSettings>('sparkplug.settings', {});
    expect(s.edge).toMatchObject({ brokerUrl: null, group: 'Fieldbench', node: 'edge-1', aliases: false, badDevice: 'metrics' });
    expect(s.bridge).toBeNull();
    const status = await call<SparkplugStatus>('sparkplug.status', {});
    expect(status.edge.state).toBe('stopped');
    expect(status.bridge.state).toBe('stopped');
  });

  it('refuses ids Sparkplug forbids', async () => {
    const env = await engine.dispatch('sparkplug.start', { settings: { group: 'a/b', node: 'n' } });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('invalid_input');
  });

  it('starts on the embedded broker: NBIRTH with its bdSeq, a DBIRTH named from the tags, then DDATA on change', async () => {
    const s = await call<SparkplugStatus>('sparkplug.start', { settings: { group: 'Site', node: 'Gw', aliases: true, writable: ['map0/rw'] } });
    expect(s.edge).toMatchObject({ group: 'Site', node: 'Gw', url: local.url, devices: 1, metrics: 3 });
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Site/DBIRTH/Gw/Pump'), 'the births');
    const nbirth = rec.of('NBIRTH')[0]!;
    expect(nbirth.topic).toBe('spBv1.0/Site/NBIRTH/Gw');
    expect(nbirth.payload.seq).toBe(0n);
    const bd = nbirth.payload.metrics.find((m) => m.name === 'bdSeq')!.value;
    const dbirth = rec.of('DBIRTH')[0]!;
    expect(dbirth.payload.metrics.map((m) => m.name)).toEqual(['level', 'sp', 'rw']);
    expect(dbirth.payload.metrics.every((m) => m.alias !== undefined)).toBe(true);
    const online = await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.edge.state === 'online', 'online');
    expect(BigInt(online.edge.bdSeq!)).toBe(bd);
    expect(online.edge.births).toBe(1);
    expect(online.edge.published).toBeGreaterThanOrEqual(2);

    const levelAlias = dbirth.payload.metrics.find((m) => m.name === 'level')!.alias;
    plant.bank.holding[0] = 4321;
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Site/DDATA/Gw/Pump' && x.payload.metrics.some((y) => y.alias === levelAlias && y.value === 4321n)), 'DDATA with the new level');
    const ddata = rec.of('DDATA').at(-1)!;
    expect(ddata.payload.metrics.every((m) => m.name === undefined)).toBe(true);
    expect(int32(ddata.payload.seq)).toBeGreaterThan(0);
  });

  it('writes a pre-authorised DCMD at once; any other waits for the operator, who confirms it', async () => {
    await rec.publish('spBv1.0/Site/DCMD/Gw/Pump', dcmd('rw', 33));
    await until(() => plant.bank.holding[7], (v) => v === 33, 'the pre-authorised write');
    await rec.publish('spBv1.0/Site/DCMD/Gw/Pump', dcmd('sp', 44));
    const waiting = await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.pending.length === 1, 'a DCMD waiting');
    expect(waiting.pending[0]).toMatchObject({ device: 'Pump', metric: 'sp', ticket: { tagKey: 'map0/sp', newValue: 44 } });
    expect(plant.bank.holding[5]).not.toBe(44);
    const { outcome } = await call<{ outcome: { result: string } | null }>('sparkplug.command', { ticketId: waiting.pending[0]!.ticket.ticketId, confirm: true });
    expect(outcome?.result).toBe('written');
    expect(plant.bank.holding[5]).toBe(44);
    // A refused one is never written.
    await rec.publish('spBv1.0/Site/DCMD/Gw/Pump', dcmd('sp', 55));
    const again = await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.pending.length === 1, 'a second DCMD waiting');
    expect((await call<{ outcome: unknown }>('sparkplug.command', { ticketId: again.pending[0]!.ticket.ticketId, confirm: false })).outcome).toBeNull();
    expect(plant.bank.holding[5]).toBe(44);
    expect((await call<SparkplugStatus>('sparkplug.status', {})).pending).toEqual([]);
  });

  it('keeps the settings it started with (no password in them) and stops with NDEATH carrying the bdSeq', async () => {
    const s = await call<SparkplugSettings>('sparkplug.settings', {});
    expect(s.edge).toMatchObject({ group: 'Site', node: 'Gw', aliases: true, writable: ['map0/rw'] });
    expect(readFileSync(path.join(dir, 'data', 'sparkplug', 'settings.json'), 'utf8')).not.toContain(started.credentials.password);
    const bd = rec.of('NBIRTH').at(-1)!.payload.metrics.find((m) => m.name === 'bdSeq')!.value;
    const stopped = await call<SparkplugStatus>('sparkplug.stop', {});
    expect(stopped.edge.state).toBe('stopped');
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Site/NDEATH/Gw'), 'NDEATH');
    expect(rec.of('NDEATH')[0]!.payload.metrics.find((m) => m.name === 'bdSeq')!.value).toBe(bd);
  });

  it('is reborn with a new bdSeq when the embedded broker restarts with a new login', async () => {
    await call('sparkplug.start', { settings: { group: 'Site', node: 'Gw' } });
    const first = await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.edge.state === 'online', 'online');
    await call('broker.stop', {});
    await rec.close();
    started = await call<BrokerStarted>('broker.start', { port: local.port });
    local = { ...local, login: started.credentials };
    rec = await SparkplugRecorder.start(local);
    const again = await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.edge.state === 'online' && x.edge.bdSeq !== first.edge.bdSeq, 'online again');
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/Site/NBIRTH/Gw'), 'a new NBIRTH');
    expect(rec.of('NBIRTH')[0]!.payload.metrics.find((m) => m.name === 'bdSeq')!.value).toBe(BigInt(again.edge.bdSeq!));
  });
});

describe('the app bridge to mosquitto through the contract', () => {
  let up: TestBroker;
  const upstreamSeen: BrokerMessage[] = [];
  let off: () => void;

  beforeAll(async () => {
    up = await mosquittoBroker(dir);
    off = engine.subscribe('bridge.messages', (b) => upstreamSeen.push(...(b as BrokerMessageBatch).messages));
  }, 30_000);
  afterAll(async () => {
    off?.();
    await call('bridge.stop', {}).catch(() => undefined);
    await up?.stop();
  });

  it('bridges both ways by prefix rules, keeps the upstream password in a 0600 file, and shows the upstream read-only', async () => {
    const settings = {
      remoteUrl: up.url,
      username: up.login.username,
      rules: [
        { local: 'spBv1.0/', remote: 'site1/spBv1.0/', direction: 'out', qos: 1 },
        { local: 'cmd/', remote: 'hq/cmd/', direction: 'in', qos: 1 },
      ],
      backoff: { minMs: 200, maxMs: 1000 },
    };
    await call('bridge.start', { settings, password: up.login.password });
    const pwFile = path.join(dir, 'data', 'sparkplug', 'bridge-password');
    expect(readFileSync(pwFile, 'utf8').trim()).toBe(up.login.password);
    if (process.platform !== 'win32') expect(statSync(pwFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'data', 'sparkplug', 'settings.json'), 'utf8')).not.toContain(up.login.password);
    await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.bridge.state === 'connected', 'the bridge connected');

    const remote = await mqtt.connectAsync(up.url, { ...up.login, reconnectPeriod: 0 });
    const atRemote: string[] = [];
    remote.on('message', (t) => atRemote.push(t));
    await remote.subscribeAsync('site1/#', { qos: 1 });
    const atLocal: { topic: string; text: string }[] = [];
    const client = await mqtt.connectAsync(local.url, { ...local.login, reconnectPeriod: 0 });
    client.on('message', (topic, p) => atLocal.push({ topic, text: p.toString() }));
    await client.subscribeAsync('cmd/#', { qos: 1 });
    try {
      // The edge node's messages go up under the remote prefix.
      await call('sparkplug.stop', {});
      await call('sparkplug.start', { settings: { group: 'Site', node: 'Gw' } });
      await until(() => atRemote, (t) => t.includes('site1/spBv1.0/Site/DBIRTH/Gw/Pump'), 'the DBIRTH upstream');
      const births = (await call<SparkplugStatus>('sparkplug.status', {})).edge.births;
      // A message upstream under hq/cmd/ comes down under cmd/; nothing under other prefixes does.
      await remote.publishAsync('hq/cmd/pump/start', 'go', { qos: 1 });
      await remote.publishAsync('elsewhere/x', 'no', { qos: 1 });
      await until(() => atLocal, (m) => m.some((x) => x.topic === 'cmd/pump/start' && x.text === 'go'), 'the command down');
      expect(atLocal.map((m) => m.topic)).toEqual(['cmd/pump/start']);
      const s = await call<SparkplugStatus>('sparkplug.status', {});
      expect(s.bridge.forwardedOut).toBeGreaterThanOrEqual(2);
      expect(s.bridge.forwardedIn).toBe(1);
      // The Broker screen's upstream tree: what is under the rules' remote prefixes, not the rest.
      await until(() => upstreamSeen, (m) => m.some((x) => x.topic === 'hq/cmd/pump/start') && m.some((x) => x.sparkplug?.type === 'DBIRTH'), 'the upstream feed');
      expect(upstreamSeen.some((m) => m.topic === 'elsewhere/x')).toBe(false);

      // The upstream comes back after an outage: it has not seen the births, so the edge node is born again for it.
      // mosquitto logs every PUBLISH it receives (a subscriber could connect too late to see them).
      const birthsUp = () => (up.log!().match(/Received PUBLISH from \S+ \([^)]*'site1\/spBv1\.0\/Site\/NBIRTH\/Gw'/g) ?? []).length;
      const before = birthsUp();
      await up.stop();
      await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.bridge.state === 'reconnecting', 'the bridge reconnecting');
      await up.restart();
      const s2 = await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.bridge.state === 'connected' && x.edge.births === births + 1, 'a rebirth for the upstream');
      expect(s2.edge.state).toBe('online');
      await until(birthsUp, (n) => n > before, 'the NBIRTH upstream again');
    } finally {
      await remote.endAsync(true);
      await client.endAsync(true);
    }
  });

  it('shows reconnecting with the next attempt while the upstream is down, and connects again when it is back', async () => {
    await up.stop();
    const down = await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.bridge.state === 'reconnecting' && x.bridge.nextAttemptAt !== null, 'reconnecting');
    expect(down.bridge.remote).toBe('reconnecting');
    expect(down.bridge.local).toBe('connected');
    await up.restart();
    await until(() => call<SparkplugStatus>('sparkplug.status', {}), (x) => x.bridge.state === 'connected' && x.bridge.nextAttemptAt === null, 'connected again');
    const stopped = await call<SparkplugStatus>('bridge.stop', {});
    expect(stopped.bridge.state).toBe('stopped');
    const kept = await call<SparkplugSettings>('sparkplug.settings', {});
    expect(kept.bridge?.rules).toHaveLength(2);
    expect(kept.bridgePassword).toBe(true);
  });
});
