import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import type { AuditEntry, WriteTicket } from '../../src/shared/schemas/writes';
import { makeEngine } from '../helpers/engine';

/**
 * A confirmation that comes too late (the ticket expired) or for a device that left the project after the write was
 * prepared is refused, nothing is sent, and the refusal is in the audit log.
 */

let engine: Engine;
let dispose: () => Promise<void>;
let sim: RunningTcpSim;
const plant = createDemoPlant(1);

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
  return env.value as T;
}

const addDevice = async (name: string) => (await call<{ device: { id: string } }>('devices.addTcp', { name, host: '127.0.0.1', port: sim.port })).device.id;

beforeAll(async () => {
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  ({ engine, dispose } = await makeEngine());
});
afterAll(async () => {
  await dispose?.();
  await sim?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a refused confirmation is audited and sends nothing', () => {
  it('the device was removed after the write was prepared', async () => {
    const deviceId = await addDevice('Tank skid');
    const before = plant.bank.holding[39];
    const t = await call<WriteTicket>('writes.prepare', { deviceId, table: 'holding', address: 39, value: 7, note: 'pump mode' });
    expect(t.oldValue).toBe(before);
    await call('devices.remove', { deviceId });
    await expect(call('writes.confirm', { ticketId: t.ticketId })).rejects.toMatchObject({ code: 'not_found', message: 'device "Tank skid" is no longer in the project; nothing was written' });
    expect(plant.bank.holding[39]).toBe(before);
    // The ticket is used up by the refusal.
    await expect(call('writes.confirm', { ticketId: t.ticketId })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^no such write/) });
    const audit = await call<AuditEntry[]>('audit.list', {});
    expect(audit.filter((a) => a.ticketId === t.ticketId)).toEqual([
      expect.objectContaining({
        action: 'write-refused',
        ok: false,
        result: 'refused: the device was removed after the write was prepared',
        deviceName: 'Tank skid',
        register: '40040',
        functionCode: 6,
        raw: [7],
        newValue: 7,
        note: 'pump mode',
      }),
    ]);
  });

  it('the ticket expired: a confirmation a minute after the prepare is refused; one within the minute goes through', async () => {
    const deviceId = await addDevice('Level loop');
    const before = plant.bank.holding[29];
    const t = await call<WriteTicket>('writes.prepare', { deviceId, table: 'holding', address: 29, value: 1234, note: 'late confirm' });
    // Only the clock the ticket is held against moves on; sockets and timers keep real time.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t.expiresAt + 1);
    await expect(call('writes.confirm', { ticketId: t.ticketId })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'this write was prepared over a minute ago; prepare it again so the current value is fresh',
    });
    vi.useRealTimers();
    expect(plant.bank.holding[29]).toBe(before);
    const refused = (await call<AuditEntry[]>('audit.list', {})).filter((a) => a.ticketId === t.ticketId);
    expect(refused.map((a) => [a.action, a.ok, a.result])).toEqual([['write-refused', false, 'refused: confirmation came after the ticket expired']]);

    // Confirmed at the last moment of its minute, the same write is sent.
    const again = await call<WriteTicket>('writes.prepare', { deviceId, table: 'holding', address: 29, value: 1234, note: 'in time' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(again.expiresAt);
    await expect(call('writes.confirm', { ticketId: again.ticketId })).resolves.toMatchObject({ result: 'written', readBack: [1234] });
    vi.useRealTimers();
    expect(plant.bank.holding[29]).toBe(1234);
  });
});
