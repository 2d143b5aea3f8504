import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { startBridge, type RunningBridge } from '../../src/bridge/server';
import type { Engine } from '../../src/engine/engine';
import { EngineEvents } from '../../src/engine/events';
import type { TagValuesFrame } from '../../src/shared/schemas/tag-frame';
import { makeEngine } from '../helpers/engine';

let engine: Engine;
let dispose: () => Promise<void>;
let bridge: RunningBridge;

beforeAll(async () => {
  ({ engine, dispose } = await makeEngine());
  bridge = await startBridge(engine, { port: 0 });
});
afterAll(async () => {
  await bridge?.close();
  await dispose?.();
});

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket, pred: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData) => {
      const f = JSON.parse(String(data)) as Record<string, unknown>;
      if (pred(f)) {
        ws.off('message', on);
        resolve(f);
      }
    };
    ws.on('message', on);
  });
}

describe('WebSocket bridge', () => {
  it('listens on 127.0.0.1 only and requires this run\'s token', async () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    const base = `ws://127.0.0.1:${bridge.port}/fieldbench`;
    await expect(connect(base)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}?token=wrong`)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}?token=${bridge.token}x`)).rejects.toThrow('HTTP 401');
  });

  it('tells its own page that a stale token was refused, in a close code the page can read, before any request', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/fieldbench?token=from-an-earlier-run`, { headers: { Origin: `http://127.0.0.1:${bridge.port}` } });
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    expect(closed).toEqual({ code: 4401, reason: 'access token refused' });
  });

  it('refuses pages from another origin even with the token', async () => {
    await expect(connect(bridge.wsUrl, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ok = await connect(bridge.wsUrl, { Origin: `http://127.0.0.1:${bridge.port}` });
    ok.close();
  });

  it('answers each request on the socket that asked, with typed errors', async () => {
    const a = await connect(bridge.wsUrl);
    const b = await connect(bridge.wsUrl);
    const ra = nextFrame(a, (f) => f['t'] === 'res');
    const rb = nextFrame(b, (f) => f['t'] === 'res');
    a.send(JSON.stringify({ t: 'req', id: 1, name: 'app.info', input: {} }));
    b.send(JSON.stringify({ t: 'req', id: 1, name: 'devices.addTcp', input: { name: '', host: '127.0.0.1' } }));
    const [fa, fb] = await Promise.all([ra, rb]);
    expect(fa).toMatchObject({ t: 'res', id: 1, env: { ok: true, value: { name: 'Fieldbench', host: 'cli' } } });
    expect(fb).toMatchObject({ t: 'res', id: 1, env: { ok: false, error: { code: 'invalid_input' } } });

    const unknown = nextFrame(a, (f) => f['t'] === 'res');
    a.send(JSON.stringify({ t: 'req', id: 2, name: 'shell.exec', input: {} }));
    expect(await unknown).toMatchObject({ id: 2, env: { ok: false, error: { code: 'unknown_request' } } });

    const malformed = nextFrame(a, (f) => f['t'] === 'res');
    a.send(JSON.stringify({ t: 'call', id: 3 }));
    expect(await malformed).toMatchObject({ id: 3, env: { ok: false, error: { code: 'invalid_input' } } });
    a.close();
    b.close();
  });

  it('pushes engine events to every connected client', async () => {
    const a = await connect(bridge.wsUrl);
    a.send(JSON.stringify({ t: 'sub', name: 'devices.changed' }));
    const subscribed = nextFrame(a, (f) => f['t'] === 'res' && f['id'] === 1);
    a.send(JSON.stringify({ t: 'req', id: 1, name: 'app.info', input: {} }));
    await subscribed;
    const evt = nextFrame(a, (f) => f['t'] === 'evt' && f['name'] === 'devices.changed');
    await engine.dispatch('devices.addTcp', { name: 'Boiler', host: '127.0.0.1', port: 1502 });
    const f = await evt;
    expect((f['payload'] as { devices: { name: string }[] }).devices.map((d) => d.name)).toContain('Boiler');
    a.close();
  });

  it('closes a connection that sends something other than JSON', async () => {
    const a = await connect(bridge.wsUrl);
    const closed = new Promise<number>((r) => a.once('close', (code) => r(code)));
    a.send('not json at all');
    expect(await closed).toBe(1007);
  });

  it('sends only the event streams a page subscribed to, until it unsubscribes', async () => {
    const events = new EngineEvents();
    const own = await startBridge({ dispatch: (n, i) => engine.dispatch(n, i), subscribe: (n, l) => events.onAny(n, l) }, { port: 0 });
    const ws = await connect(own.wsUrl);
    const got: string[] = [];
    ws.on('message', (data) => got.push(String((JSON.parse(String(data)) as { name?: string }).name)));
    const roundTrip = async (id: number) => {
      const reply = nextFrame(ws, (f) => f['t'] === 'res' && f['id'] === id);
      ws.send(JSON.stringify({ t: 'req', id, name: 'app.info', input: {} }));
      await reply;
    };
    await roundTrip(1);
    expect(events.hasListeners('tags.values')).toBe(false);
    events.emit('tags.changed', []);
    ws.send(JSON.stringify({ t: 'sub', name: 'tags.changed' }));
    ws.send(JSON.stringify({ t: 'sub', name: 'no.such.stream' }));
    await roundTrip(2);
    events.emit('tags.changed', []);
    events.emit('tags.marks', {});
    ws.send(JSON.stringify({ t: 'unsub', name: 'tags.changed' }));
    await roundTrip(3);
    events.emit('tags.changed', []);
    await roundTrip(4);
    expect(got.filter((g) => g !== 'undefined')).toEqual(['tags.changed']);
    expect(events.hasListeners('tags.changed')).toBe(false);
    ws.close();
    await own.close();
  });

  it('a page that stops reading is sent fewer tag batches, not an ever-growing queue; other events all arrive', async () => {
    const events = new EngineEvents();
    const own = await startBridge({ dispatch: (n, i) => engine.dispatch(n, i), subscribe: (n, l) => events.onAny(n, l) }, { port: 0 });
    const ws = await connect(own.wsUrl);
    ws.send(JSON.stringify({ t: 'sub', name: 'tags.values' }));
    ws.send(JSON.stringify({ t: 'sub', name: 'tags.changed' }));
    const subscribed = nextFrame(ws, (f) => f['t'] === 'res' && f['id'] === 1);
    ws.send(JSON.stringify({ t: 'req', id: 1, name: 'app.info', input: {} }));
    await subscribed;
    const got: string[] = [];
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { t: string; name?: string; payload?: { at?: number } };
      if (f.t === 'evt') got.push(f.name === 'tags.values' ? `values ${f.payload!.at}` : f.name!);
    });
    // The page hangs (a debugger, a frozen tab): its socket is not read, so the bridge's send queue fills.
    const socket = (ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const n = 5000;
    const batch = (at: number): TagValuesFrame => ({
      at,
      units: ['V'],
      qualities: [{ status: 'good' }],
      maps: [{ mapId: 'm1', deviceId: 'd1', names: Array.from({ length: n }, (_v, i) => `line_${i}`), values: Array(n).fill(230.1), units: Array(n).fill(0), widths: Array(n).fill(1), raw: Array(n).fill(2301), quality: Array(n).fill(0), dt: Array(n).fill(0) }],
    });
    const sent = 100; // about 10 MB
    for (let i = 1; i <= sent; i++) events.emit('tags.values', batch(i));
    events.emit('tags.changed', []);
    socket.resume();
    for (let i = 0; i < 200 && !got.includes('tags.changed'); i++) await new Promise((r) => setTimeout(r, 25));
    ws.close();
    const values = got.filter((g) => g.startsWith('values'));
    expect(got).toContain('tags.changed');
    expect(values[0]).toBe('values 1');
    expect(values.length).toBeGreaterThan(0);
    expect(values.length).toBeLessThan(sent);
    await own.close();
  });

  it('takes a 40,000-tag map in one request (about 8 MB), and refuses one over the limit with a typed error', async () => {
    const ws = await connect(bridge.wsUrl);
    const ask = async (id: number, name: string, input: unknown) => {
      const reply = nextFrame(ws, (f) => f['t'] === 'res' && f['id'] === id);
      ws.send(JSON.stringify({ t: 'req', id, name, input }));
      return (await reply)['env'] as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string; issues?: { path: string; message: string }[] } };
    };
    // A device nobody answers for: the map is polled, and reads Bad "comm lost", which is not what this test is about.
    const added = await ask(1, 'devices.addTcp', { name: 'Far away', host: '127.0.0.1', port: 9, timeoutMs: 200 });
    expect(added.ok).toBe(true);
    const deviceId = ((added.value as { device: { id: string } }).device).id;
    const tags = (n: number) =>
      Array.from({ length: n }, (_v, i) => ({ name: `area_${Math.floor(i / 1000)}_point_${i}`, source: { kind: 'modbus', table: i < 30_000 ? 'holding' : 'input', address: i % 30_000, type: 'uint16' }, units: 'kW', description: `Feeder ${i} active power, as the vendor sheet lists it` }));
    const big = tags(40_000);
    expect(JSON.stringify(big).length).toBeGreaterThan(4 * 1024 * 1024); // above what the bridge used to take
    const put = await ask(2, 'tagMaps.put', { deviceId, name: 'Whole plant', tags: big });
    expect(put.ok).toBe(true);
    expect(put.value).toMatchObject({ name: 'Whole plant', tagCount: 40_000 });
    const over = await ask(3, 'tagMaps.put', { deviceId, name: 'Too big', tags: [...big, ...tags(10_001).map((t) => ({ ...t, name: `more_${t.name}` }))] });
    expect(over.ok).toBe(false);
    expect(over.error).toMatchObject({ code: 'invalid_input' });
    expect(over.error!.issues).toContainEqual(expect.objectContaining({ path: 'tags', message: 'a map holds at most 50,000 tags' }));
    await ask(4, 'tagMaps.remove', { mapId: (put.value as { id: string }).id });
    await ask(5, 'devices.remove', { deviceId });
    ws.close();
  });
});
