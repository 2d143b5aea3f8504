import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridge } from '../../src/bridge/server';
import { readRequest } from '../../src/engine/modbus/pdu';
import { MAX_QUEUED_REQUESTS } from '../../src/engine/modbus/queue-limit';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { FieldbenchError } from '../../src/shared/errors';
import { makeEngine } from '../helpers/engine';
import { always } from '../helpers/rogue/faults';
import { rogueTcp } from '../helpers/rogue/rogue-tcp';

// Issue 14 item 9: a device that never answers must not let one client pile up unbounded work in the engine.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('work queued for a device that does not answer', () => {
  it('a master holds at most MAX_QUEUED_REQUESTS waiting; past it a request fails at once as busy', async () => {
    const rogue = await rogueTcp({ script: always({ kind: 'silent' }) });
    cleanups.push(() => rogue.stop());
    const master = new TcpMaster({ host: '127.0.0.1', port: rogue.port, timeoutMs: 60_000 });
    const asked = MAX_QUEUED_REQUESTS + 100;
    const outcomes = Array.from({ length: asked }, (_v, i) => master.request(1, readRequest('holding', i, 1)).then(() => 'answered', (e: FieldbenchError) => e.code));
    // The busy ones are refused at once, before anything is sent (the others wait for a device that never answers).
    expect(await Promise.all(outcomes.slice(-100))).toEqual(Array(100).fill('busy'));
    master.close();
    const all = await Promise.all(outcomes);
    expect(all.filter((o) => o === 'busy')).toHaveLength(100);
    expect(all.filter((o) => o === 'connection_failed')).toHaveLength(MAX_QUEUED_REQUESTS);
  });

  it('one page over the bridge gets "busy" past 64 requests in flight, and is served again once they are answered', async () => {
    const rogue = await rogueTcp({ script: always({ kind: 'silent' }) });
    cleanups.push(() => rogue.stop());
    const { engine, dispose } = await makeEngine();
    cleanups.push(dispose);
    const bridge = await startBridge(engine, { port: 0 });
    cleanups.push(() => bridge.close());
    const added = await engine.dispatch('devices.addTcp', { name: 'Silent', host: '127.0.0.1', port: rogue.port, timeoutMs: 50 });
    const deviceId = (added as { ok: true; value: { device: { id: string } } }).value.device.id;
    const ws = new WebSocket(bridge.wsUrl);
    cleanups.push(() => ws.close());
    const replies = new Map<number, { ok: boolean; error?: { code: string } }>();
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { t: string; id: number; env: { ok: boolean; error?: { code: string } } };
      if (f.t === 'res') replies.set(f.id, f.env);
    });
    await new Promise((r) => ws.once('open', r));
    for (let id = 1; id <= 200; id++) ws.send(JSON.stringify({ t: 'req', id, name: 'modbus.read', input: { deviceId, table: 'holding', address: id, count: 1 } }));
    await expect.poll(() => replies.size, { timeout: 60_000 }).toBe(200);
    const codes = [...replies.values()].map((e) => (e.ok ? 'ok' : e.error!.code));
    expect(codes.filter((c) => c === 'busy')).toHaveLength(200 - 64);
    // The 64 that ran got the device's answer: none (a Bad read, not a busy refusal).
    expect(codes.filter((c) => c === 'ok')).toHaveLength(64);
    const again = new Promise<{ ok: boolean }>((resolve) => ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { t: string; id: number; env: { ok: boolean } };
      if (f.t === 'res' && f.id === 999) resolve(f.env);
    }));
    ws.send(JSON.stringify({ t: 'req', id: 999, name: 'app.info', input: {} }));
    expect(await again).toMatchObject({ ok: true });
  });
});
