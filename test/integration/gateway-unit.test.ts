import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { WatchUpdate } from '../../src/shared/contract';
import { makeEngine } from '../helpers/engine';
import { rogueTcp, type RogueTcp } from '../helpers/rogue/rogue-tcp';

/**
 * A Modbus TCP gateway whose unit 7 is gone: the socket is up, and every request to unit 7 is answered with exception
 * 0x0B (gateway target device failed to respond), while unit 1 answers. The rogue peer plays the gateway.
 */
let engine: Engine;
let dispose: () => Promise<void>;
let gateway: RogueTcp;

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
  return env.value as T;
}

beforeAll(async () => {
  gateway = await rogueTcp();
  // Unit ids are in the MBAP header, not the PDU: the script cannot see them, so unit 7 is the only one used below
  // where the gateway refuses; unit 1 is used where it answers.
  ({ engine, dispose } = await makeEngine());
});
afterAll(async () => {
  await dispose?.();
  await gateway?.stop();
});

describe('a unit behind a gateway that does not answer', () => {
  it('SunSpec discovery names the gateway exception instead of "no SunSpec marker"', async () => {
    gateway.script = () => ({ kind: 'exception', code: 0x0b });
    const { device } = await call<{ device: { id: string } }>('devices.addTcp', { name: 'Meter 7', host: '127.0.0.1', port: gateway.port, unitId: 7 });
    const err = await call('sunspec.discover', { deviceId: device.id }).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({ code: 'modbus_exception' });
    expect((err as Error).message).toMatch(/^unit 7 did not answer through its gateway: exception 0x0B \(gateway target device failed to respond\) at every SunSpec base/);
  });

  it('its watch reads Bad with the exception, every time: what the Devices row shows for it', async () => {
    gateway.script = () => ({ kind: 'exception', code: 0x0b });
    const list = await call<{ devices: { id: string; name: string }[] }>('devices.list', {});
    const meter = list.devices.find((d) => d.name === 'Meter 7')!;
    const updates: WatchUpdate[] = [];
    const off = engine.subscribe('watch.update', (u) => updates.push(u as WatchUpdate));
    await call('watches.add', { deviceId: meter.id, table: 'holding', address: 0, count: 2, intervalMs: 100 });
    for (let i = 0; i < 100 && updates.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    off();
    expect(updates.length).toBeGreaterThanOrEqual(3);
    for (const u of updates) expect(u.quality).toEqual({ status: 'bad', reason: 'exception 0x0B (gateway target device failed to respond)' });
  });
});
