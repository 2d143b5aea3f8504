import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import type { ReadResult, WatchUpdate } from '../../src/shared/contract';
import type { Engine } from '../../src/engine/engine';
import { makeEngine } from '../helpers/engine';
import { startPymodbusTcp, type Peer } from '../helpers/processes';

/**
 * The engine reads the same registers from its own simulator and from an independent slave (pymodbus),
 * through the contract, and gets the same values.
 */
let pymodbus: Peer;
let sim: RunningTcpSim;
let engine: Engine;
let dispose: () => Promise<void>;
const plant = createDemoPlant();

beforeAll(async () => {
  pymodbus = await startPymodbusTcp(1);
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  ({ engine, dispose } = await makeEngine());
});

afterAll(async () => {
  await dispose?.();
  await sim?.close();
  await pymodbus?.stop();
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw new Error(`${name}: ${env.error.message}`);
  return env.value as T;
}

describe('engine against real Modbus TCP slaves', () => {
  it('reads the same values from the simulator and from pymodbus', async () => {
    const a = await call<{ device: { id: string } }>('devices.addTcp', { name: 'Simulator', host: '127.0.0.1', port: sim.port, unitId: 1 });
    const b = await call<{ device: { id: string } }>('devices.addTcp', { name: 'pymodbus', host: '127.0.0.1', port: pymodbus.port, unitId: 1 });
    // Hold the simulator's moving values still at what pymodbus serves, so the comparison is exact.
    plant.stop();
    plant.bank.setFloat32('holding', 9, 25.5);
    plant.bank.setFloat32('holding', 19, 3.2);
    plant.bank.holding[29] = 1250;

    const reads = [
      { table: 'holding', address: 0, count: 1, type: 'uint16' },
      { table: 'holding', address: 9, count: 2, type: 'float32' },
      { table: 'holding', address: 19, count: 2, type: 'float32' },
      { table: 'holding', address: 29, count: 1, type: 'uint16' },
      { table: 'holding', address: 39, count: 1, type: 'uint16' },
      { table: 'holding', address: 0, count: 41, type: 'uint16' },
    ];
    for (const r of reads) {
      const fromSim = await call<ReadResult>('modbus.read', { deviceId: a.device.id, ...r });
      const fromPy = await call<ReadResult>('modbus.read', { deviceId: b.device.id, ...r });
      expect(fromSim.quality.status, JSON.stringify(r)).toBe('good');
      expect(fromPy.quality.status, JSON.stringify(r)).toBe('good');
      expect(fromSim.raw, JSON.stringify(r)).toEqual(fromPy.raw);
      expect(fromSim.values.map((v) => v.value)).toEqual(fromPy.values.map((v) => v.value));
    }
    const tank = await call<ReadResult>('modbus.read', { deviceId: b.device.id, table: 'holding', address: 0, count: 1 });
    expect(tank.values[0]!.value).toBe(1500);
    const flow = await call<ReadResult>('modbus.read', { deviceId: b.device.id, table: 'holding', address: 9, count: 2, type: 'float32' });
    expect(flow.values[0]!.value).toBe(25.5);
    const signed = await call<ReadResult>('modbus.read', { deviceId: b.device.id, table: 'input', address: 0, count: 2, type: 'int32' });
    expect(signed.values[0]!.value).toBe(-123456);
    const coils = await call<ReadResult>('modbus.read', { deviceId: b.device.id, table: 'coil', address: 0, count: 8 });
    expect(coils.raw).toEqual([1, 0, 1, 1, 0, 0, 0, 1]);
  });

  it('reports an address pymodbus does not have as Bad with the exception, not as a number', async () => {
    const list = await call<{ devices: { id: string; name: string }[] }>('devices.list', {});
    const py = list.devices.find((d) => d.name === 'pymodbus')!;
    const r = await call<ReadResult>('modbus.read', { deviceId: py.id, table: 'holding', address: 190, count: 20 });
    expect(r.quality).toEqual({ status: 'bad', reason: 'exception 0x02 (illegal data address)' });
    expect(r.values).toEqual([]);
  });

  it('streams watch updates with quality, and Bad "comm lost" when the slave goes away', async () => {
    const list = await call<{ devices: { id: string; name: string }[] }>('devices.list', {});
    const py = list.devices.find((d) => d.name === 'pymodbus')!;
    const updates: WatchUpdate[] = [];
    const off = engine.subscribe('watch.update', (u) => updates.push(u as WatchUpdate));
    const watch = await call<{ id: string }>('watches.add', { deviceId: py.id, table: 'holding', address: 0, count: 41, intervalMs: 100 });
    const waitFor = async (pred: (u: WatchUpdate) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const hit = updates.find((u) => u.watchId === watch.id && pred(u));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no matching update; last: ${JSON.stringify(updates.at(-1))}`);
    };
    const good = await waitFor((u) => u.quality.status === 'good');
    expect(good.raw[0]).toBe(1500);
    expect(good.raw[39]).toBe(1);
    await pymodbus.stop();
    const lost = await waitFor((u) => u.quality.status === 'bad');
    expect(lost.quality.reason).toMatch(/^comm lost/);
    expect(lost.raw).toEqual([]);
    off();
    await call('watches.remove', { watchId: watch.id });
  });
});
