import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import type { Engine } from '../../src/engine/engine';
import type { TrafficEntry } from '../../src/shared/schemas/traffic';
import { makeEngine } from '../helpers/engine';

let engine: Engine;
let dispose: () => Promise<void>;
let sim: RunningTcpSim;
const plant = createDemoPlant(1);
plant.stop();

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.message}`);
  return env.value as T;
}

beforeAll(async () => {
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  ({ engine, dispose } = await makeEngine());
});
afterAll(async () => {
  await dispose?.();
  await sim?.close();
});

type Added = { device: { id: string; connectionId: string } };
const stats = async (deviceId: string) => (await call<{ deviceId: string; requests: number }[]>('devices.stats', {})).find((s) => s.deviceId === deviceId)!;

describe('a new project on the same wire', () => {
  it('attributes traffic to the new project connection and starts its counters from zero', async () => {
    await call('project.new', { name: 'First site' });
    const first = await call<Added>('devices.addTcp', { name: 'Skid', host: '127.0.0.1', port: sim.port });
    for (let i = 0; i < 3; i++) await call('modbus.read', { deviceId: first.device.id, table: 'holding', address: 0, count: 1 });
    expect((await stats(first.device.id)).requests).toBe(3);

    await call('project.new', { name: 'Second site' });
    await call('traffic.clear', {});
    const second = await call<Added>('devices.addTcp', { name: 'Skid', host: '127.0.0.1', port: sim.port });
    expect(second.device.connectionId).not.toBe(first.device.connectionId);
    await call('modbus.read', { deviceId: second.device.id, table: 'holding', address: 0, count: 1 });

    const frames = await call<TrafficEntry[]>('traffic.list', {});
    expect(frames.length).toBe(2); // one request, one answer
    expect(new Set(frames.map((f) => f.connectionId))).toEqual(new Set([second.device.connectionId]));
    expect(await call<TrafficEntry[]>('traffic.list', { connectionId: second.device.connectionId })).toHaveLength(2);
    expect((await stats(second.device.id)).requests).toBe(1);
  });
});
