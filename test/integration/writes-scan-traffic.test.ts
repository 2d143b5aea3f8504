import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp, type RunningTcpSim } from '../../src/engine/modbus/sim/tcp-server';
import type { Engine } from '../../src/engine/engine';
import type { ScanProgress } from '../../src/shared/schemas/scan';
import type { TrafficEntry } from '../../src/shared/schemas/traffic';
import type { WriteTicket, AuditEntry } from '../../src/shared/schemas/writes';
import { makeEngine } from '../helpers/engine';

let engine: Engine;
let dispose: () => Promise<void>;
let sim: RunningTcpSim;
let deviceId: string;
const plant = createDemoPlant(1);
plant.device.addUnit(4).holding[0] = 444;

async function call<T>(name: string, input: unknown): Promise<T> {
  const env = await engine.dispatch(name, input);
  if (!env.ok) throw Object.assign(new Error(`${name}: ${env.error.message}`), { code: env.error.code });
  return env.value as T;
}

/** The last progress of a scan, as a page sees it: the scan.progress event that is no longer 'running'. */
function scanEnd(scanId: string): Promise<ScanProgress> {
  return new Promise((resolve) => {
    const off = engine.subscribe('scan.progress', (p) => {
      const progress = p as ScanProgress;
      if (progress.scanId === scanId && progress.state !== 'running') {
        off();
        resolve(progress);
      }
    });
  });
}

beforeAll(async () => {
  sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
  ({ engine, dispose } = await makeEngine());
  deviceId = (await call<{ device: { id: string } }>('devices.addTcp', { name: 'Tank skid', host: '127.0.0.1', port: sim.port })).device.id;
});
afterAll(async () => {
  await dispose?.();
  await sim?.close();
});

describe('confirmed writes', () => {
  it('prepare reads the current value and says what it will send, without writing', async () => {
    const t = await call<WriteTicket>('writes.prepare', { deviceId, table: 'holding', address: 0, value: 1600, note: 'raise level setpoint' });
    expect(t).toMatchObject({ oldValue: 1500, newValue: 1600, deviceName: 'Tank skid', broadcast: false, target: 'holding register 40001 of unit 1' });
    expect(t.detail).toMatchObject({ protocol: 'modbus', register: '40001', functionCode: 6, oldRaw: [1500], raw: [1600] });
    expect(plant.bank.holding[0]).toBe(1500);
    await call('writes.cancel', { ticketId: t.ticketId });
    await expect(call('writes.confirm', { ticketId: t.ticketId })).rejects.toThrow(/no such write/);
    expect(plant.bank.holding[0]).toBe(1500);
  });

  it('confirm sends exactly the prepared registers once, reads back, and logs it', async () => {
    const t = await call<WriteTicket>('writes.prepare', { deviceId, table: 'holding', address: 19, type: 'float32', value: 4.5, note: 'test pressure' });
    expect(t.detail).toMatchObject({ protocol: 'modbus', functionCode: 16, raw: [0x4090, 0x0000] });
    const done = await call<{ readBack: number[] }>('writes.confirm', { ticketId: t.ticketId });
    expect(done.readBack).toEqual([0x4090, 0]);
    expect([plant.bank.holding[19], plant.bank.holding[20]]).toEqual([0x4090, 0]);
    await expect(call('writes.confirm', { ticketId: t.ticketId })).rejects.toThrow(/no such write/);

    const coil = await call<WriteTicket>('writes.prepare', { deviceId, table: 'coil', address: 3, value: true });
    expect(coil).toMatchObject({ oldValue: false, detail: { functionCode: 5, raw: [1] } });
    await call('writes.confirm', { ticketId: coil.ticketId });
    expect(plant.bank.coil[3]).toBe(1);

    const audit = await call<AuditEntry[]>('audit.list', {});
    // Each write: its intent before the frame left, then its outcome.
    expect(audit.map((a) => [a.action, a.register, a.newValue, a.result, a.ok])).toEqual([
      ['write-intent', '40020', 4.5, 'sending', true],
      ['write', '40020', 4.5, 'written, read back as sent', true],
      ['write-intent', '00004', true, 'sending', true],
      ['write', '00004', true, 'written, read back as sent', true],
    ]);
    expect(audit[0]!.note).toBe('test pressure');
    expect(audit[0]!.ticketId).toBe(audit[1]!.ticketId);
  });

  it('refuses values the register cannot hold, naming the type, and logs device refusals', async () => {
    await expect(call('writes.prepare', { deviceId, table: 'holding', address: 0, value: 70000 })).rejects.toThrow('70000 does not fit uint16 (0 to 65535)');
    await expect(call('writes.prepare', { deviceId, table: 'holding', address: 0, value: 1.5, type: 'int16' })).rejects.toThrow(/whole number/);
    plant.bank.holes.holding.add(100);
    const t = await call<WriteTicket>('writes.prepare', { deviceId, table: 'holding', address: 100, value: 1 });
    expect(t.oldQuality).toBe('exception 0x02 (illegal data address)');
    await expect(call('writes.confirm', { ticketId: t.ticketId })).rejects.toThrow('write to holding register 40101 of unit 1 failed: exception 0x02 (illegal data address)');
    const audit = await call<AuditEntry[]>('audit.list', {});
    expect(audit.at(-1)).toMatchObject({ register: '40101', ok: false, result: 'failed: exception 0x02 (illegal data address)' });
  });
});

describe('device identification', () => {
  it('reads FC 43/14 basic objects from the simulator', async () => {
    const id = await call<{ vendorName: string; productCode: string; revision: string }>('devices.identify', { deviceId });
    expect(id).toMatchObject({ vendorName: 'Fieldbench', productCode: 'FB-SIM', revision: '1.0' });
  });
});

describe('TCP scan', () => {
  it('finds the unit ids that answer on the hosts typed, with progress, and not the ones behind a silent gateway', async () => {
    const progress: ScanProgress[] = [];
    const off = engine.subscribe('scan.progress', (p) => progress.push(p as ScanProgress));
    const started = await call<ScanProgress>('scan.start', { kind: 'tcp', hosts: ['127.0.0.1'], port: sim.port, units: { from: 1, to: 6 }, timeoutMs: 200 });
    expect(started).toMatchObject({ state: 'running', done: 0, total: 6 });
    const end = await scanEnd(started.scanId);
    off();
    expect(end.state).toBe('done');
    expect(end.done).toBe(6);
    expect(end.found.map((h) => [h.unitId, h.where, h.answer])).toEqual([
      [1, `127.0.0.1:${sim.port}`, 'registers'],
      [4, `127.0.0.1:${sim.port}`, 'registers'],
    ]);
    expect(progress.at(-1)?.state).toBe('done');
    expect(progress.some((p) => p.state === 'running' && p.done > 0 && p.done < 6)).toBe(true);
  });

  it('can be cancelled', async () => {
    const started = await call<ScanProgress>('scan.start', { kind: 'tcp', hosts: ['127.0.0.1'], port: sim.port, units: { from: 1, to: 247 }, timeoutMs: 200 });
    const ended = scanEnd(started.scanId);
    await call('scan.cancel', { scanId: started.scanId });
    const end = await ended;
    expect(end.state).toBe('cancelled');
    expect(end.done).toBeLessThan(247);
  });
});

describe('traffic monitor', () => {
  it('records each frame in and out, decoded, with turnaround, and exports CSV', async () => {
    await call('traffic.clear', {});
    await call('modbus.read', { deviceId, table: 'holding', address: 0, count: 2 });
    await call('modbus.read', { deviceId, table: 'holding', address: 200, count: 1 }).catch(() => undefined);
    plant.bank.holes.holding.add(300);
    await call('modbus.read', { deviceId, table: 'holding', address: 300, count: 1 });
    const frames = await call<TrafficEntry[]>('traffic.list', {});
    expect(frames.map((f) => [f.dir, f.text])).toEqual([
      ['tx', 'read holding 0 x2'],
      ['rx', 'read holding: 2 registers'],
      ['tx', 'read holding 200 x1'],
      ['rx', 'read holding: 1 register'],
      ['tx', 'read holding 300 x1'],
      ['rx', 'read holding: exception 0x02 (illegal data address)'],
    ]);
    expect(frames[1]!.values).toEqual([plant.bank.holding[0], plant.bank.holding[1]]);
    // The turnaround is an answer's time since its request: its gap, when nothing came between; a request has none.
    expect(frames[1]!.turnaroundMs).toEqual(expect.any(Number));
    expect(frames[1]!.turnaroundMs).toBe(frames[1]!.gapMs);
    expect(frames[0]!.turnaroundMs).toBeUndefined();
    expect(frames[0]!.hex).toMatch(/^[0-9A-F]{2} [0-9A-F]{2} 00 00 00 06 01 03 00 00 00 02$/);
    const errors = await call<TrafficEntry[]>('traffic.list', { onlyErrors: true });
    expect(errors).toHaveLength(1);
    const { csv, fileName } = await call<{ csv: string; fileName: string }>('traffic.exportCsv', {});
    expect(fileName).toMatch(/^fieldbench-traffic-.*\.csv$/);
    expect(csv.split('\r\n')[0]).toBe('id,time,connection,direction,unit,function,text,crc,exception,turnaround_ms,gap_ms,hex');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(7);

    expect(await call('traffic.status', {})).toEqual({ paused: false });
    await call('traffic.setPaused', { paused: true });
    expect(await call('traffic.status', {})).toEqual({ paused: true });
    await call('modbus.read', { deviceId, table: 'holding', address: 0, count: 1 });
    expect(await call<TrafficEntry[]>('traffic.list', {})).toHaveLength(6);
    await call('traffic.setPaused', { paused: false });
    expect(await call('traffic.status', {})).toEqual({ paused: false });
  });
});
