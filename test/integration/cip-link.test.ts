import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { CipLink } from '../../src/shared/contract';
import type { FieldbenchErrorData } from '../../src/shared/errors';
import type { Device } from '../../src/shared/project/schema';
import type { TagReading } from '../../src/shared/schemas/tags';
import { startAbServer, type AbServer } from '../helpers/cip-peer';
import { makeEngine } from '../helpers/engine';

// A wrong route path against libplctag's ab_server is refused with the path and the CIP statuses named, and cip.link
// (the EtherNet/IP screen's connection badge) says what the session is doing: connected with its Forward Open and
// connection size, or failing with the reason and when the engine dials again, and connected again after.
let engine: Engine;
let dispose: () => Promise<void>;
let ab: AbServer;

beforeAll(async () => {
  ab = await startAbServer(['TestDINT:DINT[10]'], { path: '1,0' });
  ({ engine, dispose } = await makeEngine());
}, 60_000);

afterAll(async () => {
  await dispose?.();
  await ab?.stop();
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.code}: ${env.error.message}`);
  return env.value as T;
}

async function failure(name: string, input: unknown): Promise<FieldbenchErrorData> {
  const env = await engine.dispatch(name, input);
  if (env.ok) throw new Error(`${name} succeeded; expected it to fail`);
  return env.error;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const link = (deviceId: string) => call<CipLink>('cip.link', { deviceId });
const linkIn = (deviceId: string, state: CipLink['state'][]) => until(`link ${state.join('/')}`, async () => {
  const l = await link(deviceId);
  return state.includes(l.state) ? l : undefined;
});

async function addWithTag(name: string, routePath: string): Promise<Device> {
  const { device } = await call<{ device: Device }>('devices.addCip', { name, host: '127.0.0.1', port: ab.port, routePath, check: false });
  await call('tagMaps.put', { deviceId: device.id, name: `${name} tags`, tags: [{ name: 'd', scanClassMs: 100, source: { kind: 'cip', tagPath: 'TestDINT', element: [1] } }] });
  return device;
}

describe('route path and connection state against ab_server', { timeout: 60_000 }, () => {
  it('a wrong slot is refused naming the route path, the slot and each CIP status; nothing is added', async () => {
    const e = await failure('devices.addCip', { name: 'wrong slot', host: '127.0.0.1', port: ab.port, routePath: '1,3' });
    expect(e.code).toBe('connection_failed');
    expect(e.message).toContain(`127.0.0.1:${ab.port} refused the connection through route path "1,3" (backplane slot 3)`);
    expect(e.message).toMatch(/Large Forward Open: CIP status 0x[0-9A-F]{2} \(.+\); Forward Open: CIP status 0x[0-9A-F]{2} \(.+\)/);
    expect(e.message).toContain('Check the route path');
    expect((await call<{ devices: Device[] }>('devices.list', {})).devices.map((d) => d.name)).not.toContain('wrong slot');
  });

  it('a device on a wrong slot reads Bad with that reason, and its link says error, the reason and when it dials again', async () => {
    const device = await addWithTag('slot 3', '1,3');
    const l = await until('a failed attempt', async () => {
      const x = await link(device.id);
      return x.state === 'error' && x.lastError ? x : undefined;
    });
    expect(l).toMatchObject({ routePath: '1,3', sessionHandle: null, large: null, connectionSize: null });
    expect(l.lastError).toContain('route path "1,3"');
    expect(l.lastError).toContain('CIP status');
    expect(l.failures).toBeGreaterThanOrEqual(1);
    expect(typeof l.nextAttemptAt).toBe('number');
    const bad = await until('the tag Bad', async () => (await call<TagReading[]>('tags.snapshot', {})).find((r) => r.deviceId === device.id && r.quality.status === 'bad'));
    expect(bad.quality.reason).toContain('route path "1,3"');
    await call('devices.remove', { deviceId: device.id });
  });

  it('connected: session handle, Large Forward Open and its size; after the controller goes, disconnected or reconnecting with the reason; connected again when it is back', async () => {
    const device = await addWithTag('slot 0', '1,0');
    const up = await linkIn(device.id, ['connected']);
    expect(up).toMatchObject({ routePath: '1,0', large: true, connectionSize: 4002, lastError: null, nextAttemptAt: null, failures: 0, address: `127.0.0.1:${ab.port}` });
    expect(up.sessionHandle).not.toBeNull();

    await ab.kill();
    const down = await linkIn(device.id, ['error', 'disconnected']);
    expect(down.lastError).toMatch(new RegExp(`127\\.0\\.0\\.1:${ab.port}`));
    expect(down.sessionHandle).toBeNull();
    const retrying = await linkIn(device.id, ['error']);
    expect(retrying.lastError).toContain('connection refused');
    expect(typeof retrying.nextAttemptAt).toBe('number');

    await ab.restart();
    const again = await linkIn(device.id, ['connected']);
    expect(again).toMatchObject({ large: true, connectionSize: 4002, lastError: null, failures: 0 });
    await call('devices.remove', { deviceId: device.id });
  });

  it('refuses cip.link for a device that is not a controller', async () => {
    expect((await failure('cip.link', { deviceId: 'nope' })).code).toBe('not_found');
  });
});
