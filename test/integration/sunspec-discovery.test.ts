import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { discoverSunSpec } from '../../src/engine/sunspec/discover';
import type { TagReading } from '../../src/shared/schemas/tags';
import { makeEngine } from '../helpers/engine';

let sim: RunningTcpSim;
let master: TcpMaster;
const plant = createDemoPlant();

beforeAll(async () => {
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  master = new TcpMaster({ host: '127.0.0.1', port: sim.port, timeoutMs: 500 });
});
afterAll(async () => {
  master?.close();
  await sim?.close();
});

describe('SunSpec discovery', () => {
  it('finds the marker, walks the model chain and builds tags with scale factors', async () => {
    const d = await discoverSunSpec(master, 1);
    expect(d.base).toBe(40000);
    expect(d.models.map((m) => [m.id, m.name, m.address, m.known])).toEqual([
      [1, 'common', 40002, true],
      [103, 'inverter_three_phase', 40002 + 2 + 66, true],
    ]);
    const a = d.tags.find((t) => t.name === 'inverter_three_phase.A')!;
    expect(a).toMatchObject({ units: 'A', source: { kind: 'modbus', address: 40070 + 2, type: 'uint16', sentinel: 'sunspec' } });
    expect(a.source.sfAddress).toBe(d.tags.find((t) => t.name === 'inverter_three_phase.A_SF')!.source.address);
    expect(d.tags.find((t) => t.name === 'common.Mn')?.source).toMatchObject({ type: 'string', length: 16 });
    expect(d.tags.find((t) => t.name === 'inverter_three_phase.St')?.source.labels?.['4']).toBe('MPPT');
  });

  it('reads the discovered map live: scaled values, labels, and "not implemented" never as numbers', async () => {
    const { engine, dispose } = await makeEngine();
    try {
      const call = async <T>(name: string, input: unknown): Promise<T> => {
        const env = await engine.dispatch(name, input);
        if (!env.ok) throw new Error(env.error.message);
        return env.value as T;
      };
      const { device } = await call<{ device: { id: string } }>('devices.addTcp', { name: 'Inverter', host: '127.0.0.1', port: sim.port });
      const d = await discoverSunSpec(master, 1);
      await call('tagMaps.put', { deviceId: device.id, name: 'SunSpec', tags: d.tags.map((t) => ({ ...t, scanClassMs: 200 })) });
      let snap: TagReading[] = [];
      for (let i = 0; i < 100 && snap.length < d.tags.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
        snap = await call<TagReading[]>('tags.snapshot', {});
      }
      const v = (n: string) => snap.find((r) => r.name === n)!;
      expect(v('common.Mn')).toMatchObject({ value: 'Fieldbench', quality: { status: 'good' } });
      expect(v('inverter_three_phase.A').value).toBeCloseTo(12.34, 10);
      expect(v('inverter_three_phase.PhVphA').value).toBeCloseTo(230.1, 10);
      expect(v('inverter_three_phase.Hz').value).toBeCloseTo(50.01, 10);
      expect(v('inverter_three_phase.St')).toMatchObject({ value: 4, label: 'MPPT' });
      // Points the device does not implement (0xFFFF / 0x8000) show as such, never as numbers.
      expect(v('inverter_three_phase.PPVphAB')).toMatchObject({ value: null, quality: { status: 'uncertain', reason: 'not implemented by the device' } });
      expect(v('inverter_three_phase.TmpCab')).toMatchObject({ value: null, quality: { status: 'uncertain' } });
    } finally {
      await dispose();
    }
  });

  it('says clearly when a device has no SunSpec marker', async () => {
    const other = createDemoPlant();
    other.bank.holding[40000] = 0;
    const s2 = await serveTcp(other.device, { host: '127.0.0.1', port: 0 });
    const m2 = new TcpMaster({ host: '127.0.0.1', port: s2.port, timeoutMs: 500 });
    await expect(discoverSunSpec(m2, 1)).rejects.toThrow('no SunSpec marker "SunS" at holding register 440001 (wire 40000), 40001 (wire 0) or 450001 (wire 50000) of unit 1');
    m2.close();
    await s2.close();
  });
});
