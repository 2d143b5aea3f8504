import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import ModbusRTU from 'modbus-serial';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { gatewayDoc, holdingTag, writeConfig } from '../helpers/gateway-runtime-config';
import { freePort, mosquittoBroker, SparkplugRecorder, type TestBroker } from '../helpers/mqtt-peers';
import { int32, type WireMetric } from '../helpers/mqtt-wire';
import { ROOT, runCli, startPeer, startPymodbusTcp, type Peer } from '../helpers/processes';

/** Whether something listens on 127.0.0.1:port only (not 0.0.0.0 or ::), from the kernel's own socket table. */
function listeners(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') out.push(cols[1].split(':')[0]!);
    }
  }
  return out;
}

const health = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { sources: { id: string; state: string; devices: { name: string; status: string; lastGoodPoll: string | null; lastProblem: string | null; good: number }[] }[] } };
};

describe('fieldbench gateway run against pymodbus and mosquitto', () => {
  let tmp: { dir: string; cleanup: () => void };
  let plc: Peer;
  let broker: TestBroker;
  let rec: SparkplugRecorder;
  let gw: Peer;
  const metric = (name: string) => (m: { payload: { metrics: WireMetric[] } }) => m.payload.metrics.find((x) => x.name === name);

  beforeAll(async () => {
    tmp = tempDir('fieldbench-gwrun-');
    plc = await startPymodbusTcp(1);
    broker = await mosquittoBroker(tmp.dir);
    rec = await SparkplugRecorder.start(broker);
    writeFileSync(path.join(tmp.dir, 'mqtt.pw'), `${broker.login.password}\n`, { mode: 0o600 });
    const nobody = await freePort(); // nothing listens there: a source that fails
    const doc = gatewayDoc(
      plc.port,
      [
        {
          name: 'Pump',
          unitId: 1,
          tags: [
            holdingTag('level', 0, 'uint16', { units: 'mm' }),
            holdingTag('flow', 9, 'float32', { units: 'l/min' }),
            { name: 'count', scanClassMs: 200, source: { kind: 'modbus', table: 'input', address: 0, type: 'int32' } },
          ],
        },
        { name: 'Ghost', unitId: 1, port: nobody, tags: [holdingTag('x', 0, 'uint16')] },
      ],
      { broker: { kind: 'url', url: broker.url }, credentials: { username: broker.login.username, passwordFile: 'mqtt.pw' } },
    );
    doc['watchdog'] = { target: { deviceId: 'dev0', register: 100 }, intervalMs: 1000, preAuthorised: true };
    const file = writeConfig(tmp.dir, doc);
    gw = await startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'gateway', 'run', '--config', file], /"event":"gateway\.started".*"healthUrl":"http:\/\/127\.0\.0\.1:(\d+)\/health"/, 30_000);
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
    await rec?.close();
    await broker?.stop();
    await plc?.stop();
    tmp?.cleanup();
  });

  it('every tag arrives by Sparkplug with its value and quality; a failing source is Bad, never a value', async () => {
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/DBIRTH/N/Pump') && m.some((x) => x.topic === 'spBv1.0/G/DBIRTH/N/Ghost'), 'the births');
    const has = (name: string, test: (m: WireMetric) => boolean) => rec.messages.some((x) => x.topic.endsWith('/N/Pump') && x.payload.metrics.some((m) => m.name === name && test(m)));
    await rec.waitFor(() => has('level', (m) => m.value === 1500n) && has('flow', (m) => m.value === 25.5) && has('count', (m) => !m.isNull), 'every Pump value');
    const latest = (name: string) => rec.messages.filter((x) => x.topic.endsWith('/N/Pump')).map(metric(name)).filter((m) => m && !m.isNull).at(-1)!;
    expect(latest('level')).toMatchObject({ datatype: 6, value: 1500n });
    expect(latest('flow')).toMatchObject({ datatype: 9, value: 25.5 });
    expect(latest('count').datatype).toBe(3);
    expect(int32(latest('count').value)).toBe(-123456);
    // The first Good value (in the birth, or after the birth's null) says so: Quality 192.
    const firstLevel = rec.messages.flatMap((x) => x.payload.metrics).find((m) => m.name === 'level' && !m.isNull)!;
    expect(firstLevel.props['Quality']).toBe(192n);
    // The Ghost source refuses connections: its metric is Bad (null, Quality 0) in every message.
    const ghost = rec.messages.filter((x) => x.topic.endsWith('/N/Ghost')).map(metric('x')).filter(Boolean) as WireMetric[];
    expect(ghost.length).toBeGreaterThan(0);
    for (const m of ghost) expect(m).toMatchObject({ isNull: true, props: { Quality: 0n } });
  });

  it('GET /health on 127.0.0.1 only: per-source state, last good poll, queue depth and counters', async () => {
    expect(listeners(gw.port)).toEqual(['0100007F']);
    let h = await health(gw.port);
    for (let i = 0; i < 100 && !h.body.sources.every((s) => s.devices.every((d) => d.status !== 'none')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      h = await health(gw.port);
    }
    // One source is failing: the gateway says so with 503.
    expect(h.status).toBe(503);
    const [pump, ghost] = h.body.sources;
    expect(pump!.devices[0]).toMatchObject({ name: 'Pump', status: 'good', lastProblem: null });
    expect(Date.parse(pump!.devices[0]!.lastGoodPoll!)).not.toBeNaN();
    expect(pump!.devices[0]!.good).toBeGreaterThan(0);
    expect(ghost!.devices[0]).toMatchObject({ name: 'Ghost', status: 'bad', lastGoodPoll: null });
    expect(ghost!.devices[0]!.lastProblem).toBeTruthy();
    expect(h.body['queue']).toMatchObject({ depth: 0 });
    expect(h.body['sparkplug']).toMatchObject({ state: 'online', group: 'G', node: 'N', connections: 1 });
    expect((await fetch(`http://127.0.0.1:${gw.port}/other`)).status).toBe(404);
  });

  it('the watchdog heartbeat increments on the PLC, through the audited write path', async () => {
    const client = new ModbusRTU();
    await client.connectTCP('127.0.0.1', { port: plc.port });
    client.setID(1);
    try {
      const read = async () => (await client.readHoldingRegisters(100, 1)).data[0]!;
      let first = await read();
      for (let i = 0; i < 100 && first === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        first = await read();
      }
      expect(first).toBeGreaterThan(0);
      let next = first;
      for (let i = 0; i < 100 && next === first; i++) {
        await new Promise((r) => setTimeout(r, 100));
        next = await read();
      }
      expect(next).toBe(first + 1);
    } finally {
      client.close(() => undefined);
    }
    const audit = readFileSync(path.join(tmp.dir, 'store/audit', 'writes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; note?: string });
    expect(audit.filter((a) => a.action === 'write').length).toBeGreaterThan(0);
    expect(audit.every((a) => a.note?.includes('watchdog'))).toBe(true);
  });

  it('store-and-forward on disk: a change read while mosquitto is down arrives after it is back, as history', async () => {
    await broker.stop();
    const state = async () => ((await health(gw.port)).body['sparkplug'] as { state: string }).state;
    for (let i = 0; i < 200 && (await state()) === 'online'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await state()).not.toBe('online');
    const client = new ModbusRTU();
    await client.connectTCP('127.0.0.1', { port: plc.port });
    client.setID(1);
    try {
      await client.writeRegister(0, 1601);
    } finally {
      client.close(() => undefined);
    }
    let depth = 0;
    for (let i = 0; i < 200 && depth === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      depth = ((await health(gw.port)).body['queue'] as { depth: number }).depth;
    }
    expect(depth).toBeGreaterThan(0);
    await broker.restart();
    await rec.connect(broker);
    await rec.waitFor((m) => m.some((x) => x.topic.endsWith('/DDATA/N/Pump') && x.payload.metrics.some((y) => y.name === 'level' && y.value === 1601n && y.historical)), 'the stored level, replayed as history');
    for (let i = 0; i < 200 && depth > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      depth = ((await health(gw.port)).body['queue'] as { depth: number }).depth;
    }
    expect(depth).toBe(0);
  });

  it('SIGTERM: NDEATH with the birth bdSeq, exit 0; JSON log lines only, never the password', async () => {
    const bdSeq = rec.of('NBIRTH').at(-1)!.payload.metrics.find((m) => m.name === 'bdSeq')!.value;
    const exited = new Promise<number | null>((r) => gw.child.once('exit', (code) => r(code)));
    gw.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/NDEATH/N' && x.payload.metrics[0]?.value === bdSeq), 'NDEATH');
    // The session's NDEATH carries its NBIRTH's bdSeq (the one before it ended with the broker's outage).
    expect(rec.of('NDEATH').at(-1)!.payload.metrics).toEqual([expect.objectContaining({ name: 'bdSeq', value: bdSeq })]);
    const lines = gw.output().trim().split('\n');
    const events = lines.map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events.at(-1)).toBe('gateway.stopped');
    expect(gw.output()).not.toContain(broker.login.password);
    expect(listeners(gw.port)).toEqual([]);
  });
});

describe('fieldbench gateway run with a bad config', () => {
  let tmp: { dir: string; cleanup: () => void };
  const servers: Server[] = [];
  let connects = 0;
  const counting = async () => {
    const s = createServer((sock) => {
      connects++;
      sock.destroy();
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    return (s.address() as { port: number }).port;
  };
  beforeAll(() => {
    tmp = tempDir('fieldbench-gwbad-');
  });
  afterAll(() => {
    for (const s of servers) s.close();
    tmp?.cleanup();
  });

  it('each names the path, exits 2, and nothing connects or listens', async () => {
    const device = await counting();
    const mqttPort = await counting();
    const healthPort = await freePort();
    const base = () => gatewayDoc(device, [{ name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16'), holdingTag('flow', 9, 'float32')] }], { broker: { kind: 'url', url: `mqtt://127.0.0.1:${mqttPort}` }, healthPort });
    /** The object at a dotted path of a config document. */
    const at = (d: unknown, p: string) => p.split('.').reduce((o, k) => (o as Record<string, unknown>)[k], d) as Record<string, unknown>;
    const cases: [string, (d: unknown) => void, string][] = [
      ['missing field', (d) => delete at(d, 'northbound')['node'], 'northbound.node'],
      ['wrong type', (d) => (at(d, 'tagMaps.0.tags.0.source')['address'] = '40001'), 'tagMaps.0.tags.0.source.address'],
      ['unknown source', (d) => (at(d, 'devices.0')['connectionId'] = 'plc-9'), 'devices.0.connectionId'],
      ['duplicate tag path', (d) => (at(d, 'tagMaps.0.tags.1')['path'] = 'Pump/level'), 'tagMaps.0.tags.1.path'],
      ['write tag without authorisation', (d) => (at(d, 'tagMaps.0.tags.1')['access'] = 'read-write'), 'tagMaps.0.tags.1.access'],
    ];
    const runs = cases.map(async ([label, spoil, where]) => {
      const doc = base();
      spoil(doc);
      const file = writeConfig(tmp.dir, doc, `${label.replace(/ /g, '-')}.json`);
      const r = await runCli(['gateway', 'run', '--config', file], 60_000);
      return { label, where, ...r };
    });
    for (const r of await Promise.all(runs)) {
      expect(r.code, `${r.label}: ${r.stdout}${r.stderr}`).toBe(2);
      const problems = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; path: string });
      expect(problems.map((p) => p.event), r.label).toEqual(problems.map(() => 'config.invalid'));
      expect(problems.map((p) => p.path), r.label).toContain(r.where);
    }
    expect(connects).toBe(0);
    expect(listeners(healthPort)).toEqual([]);
  }, 120_000);
});

describe('fieldbench gateway run with no broker given: the embedded one', () => {
  it('publishes to its own loopback broker with a generated login kept in a 0600 file, beats a heartbeat tag, and NDEATH on SIGTERM', async () => {
    const tmp = tempDir('fieldbench-gwemb-');
    const plc = await startPymodbusTcp(1);
    let gw: Peer | null = null;
    let rec: SparkplugRecorder | null = null;
    try {
      // The heartbeat here goes to a read-write tag: the watchdog's pre-authorisation covers it, no DCMD may write it.
      const doc = gatewayDoc(plc.port, [{ name: 'Pump', unitId: 1, tags: [holdingTag('level', 0, 'uint16'), holdingTag('heartbeat', 110, 'int16', { access: 'read-write' })] }]);
      doc['watchdog'] = { target: { tagKey: 'map0/heartbeat' }, intervalMs: 1000, preAuthorised: true };
      const file = writeConfig(tmp.dir, doc);
      gw = await startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'gateway', 'run', '--config', file], /"event":"broker\.started".*"port":(\d+)/, 30_000);
      await new Promise((r) => setTimeout(r, 50));
      const started = JSON.parse(gw.output().split('\n').find((l) => l.includes('"broker.started"'))!) as { url: string; loginFile: string };
      expect(started.loginFile).toBe(path.join(tmp.dir, 'store', 'broker-login.json'));
      expect(statSync(started.loginFile).mode & 0o777).toBe(0o600);
      const login = JSON.parse(readFileSync(started.loginFile, 'utf8')) as { username: string; password: string };
      expect(listeners(gw.port)).toEqual(['0100007F']);
      rec = await SparkplugRecorder.start({ url: started.url, port: gw.port, login, stop: async () => undefined, restart: async () => undefined });
      // Subscribed after the births, so ask for them again: NCMD Rebirth is what a host application does.
      const NAME = Buffer.from('Node Control/Rebirth');
      await rec.publish('spBv1.0/G/NCMD/N', Buffer.concat([Buffer.from([0x12, 2 + NAME.length + 4, 0x0a, NAME.length]), NAME, Buffer.from([0x20, 0x0b, 0x70, 0x01])]));
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/DBIRTH/N/Pump' && x.payload.metrics.some((y) => y.name === 'level' && y.value === 1500n)), 'the Pump birth with its level');
      // The heartbeat tag counts up on the PLC (read by modbus-serial) and the gateway publishes it like any tag.
      const client = new ModbusRTU();
      await client.connectTCP('127.0.0.1', { port: plc.port });
      client.setID(1);
      try {
        let beats = new Set<number>();
        for (let i = 0; i < 100 && beats.size < 2; i++) {
          beats = new Set([...beats, (await client.readHoldingRegisters(110, 1)).data[0]!].filter((v) => v > 0));
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(beats.size).toBe(2);
        const [a, b] = [...beats];
        expect(b).toBe(a! + 1);
      } finally {
        client.close(() => undefined);
      }
      await rec.waitFor((m) => m.some((x) => x.payload.metrics.some((y) => y.name === 'heartbeat' && !y.isNull)), 'the heartbeat metric');
      const exited = new Promise<number | null>((r) => gw!.child.once('exit', (code) => r(code)));
      gw.child.kill('SIGTERM');
      await rec.waitFor((m) => m.some((x) => x.topic === 'spBv1.0/G/NDEATH/N'), 'NDEATH');
      expect(await exited).toBe(0);
      expect(gw.output()).not.toContain(login.password);
    } finally {
      await rec?.close().catch(() => undefined);
      await gw?.stop();
      await plc.stop();
      tmp.cleanup();
    }
  }, 60_000);
});
