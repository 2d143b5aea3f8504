import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCipSim, type CipSim } from '../../src/engine/cip/sim/sim-server';
import type { Engine } from '../../src/engine/engine';
import type { CipIdentityCard, CipTagRow } from '../../src/shared/contract';
import type { FieldbenchErrorData } from '../../src/shared/errors';
import type { Connection, Device } from '../../src/shared/project/schema';
import type { TagMapSummary, TagReading } from '../../src/shared/schemas/tags';
import { startAbServer, type AbServer } from '../helpers/cip-peer';
import { makeEngine } from '../helpers/engine';
import { freePort } from '../helpers/opcua-peer';

// The EtherNet/IP part of the contract, through the engine's dispatch as the UI calls it: identify, add and browse
// against Fieldbench's Logix simulator (List Identity and the tag list with templates), add and read and write against
// libplctag's ab_server (a controller simulator that is not ours).
let sim: CipSim;
let engine: Engine;
let dispose: () => Promise<void>;

beforeAll(async () => {
  sim = await startCipSim({ port: 0, tickMs: 50 });
  ({ engine, dispose } = await makeEngine());
}, 60_000);

afterAll(async () => {
  await dispose?.();
  await sim?.close();
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

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const reading = (deviceId: string, name: string, good = true) =>
  until(`${name} ${good ? 'Good' : 'read'}`, async () => (await call<TagReading[]>('tags.snapshot', {})).find((r) => r.deviceId === deviceId && r.name === name && (!good || r.quality.status === 'good')));

describe('the EtherNet/IP contract through the engine', { timeout: 60_000 }, () => {
  it('rejects invalid input with typed errors', async () => {
    expect((await failure('cip.identify', { host: '', port: 44818 })).code).toBe('invalid_input');
    expect(await failure('devices.addCip', { name: 'x', host: '127.0.0.1', port: sim.port, routePath: 'slot 0' })).toMatchObject({ code: 'invalid_input', issues: [{ path: 'routePath' }] });
    expect((await failure('cip.tags', { deviceId: 'no such id!' })).code).toBe('invalid_input');
    expect((await failure('cip.tags', { deviceId: 'nope' })).code).toBe('not_found');
  });

  it('identifies the simulator by List Identity, its vendor and device type named', async () => {
    const id = await call<CipIdentityCard>('cip.identify', { host: '127.0.0.1', port: sim.port });
    expect(id).toMatchObject({ productName: 'Fieldbench Logix simulator', productCode: 0x56, revision: '33.11', serialNumber: 'f1e1db0c', status: 0x60, ip: '127.0.0.1', port: sim.port, deviceType: 0x0e });
    expect(id.deviceTypeName).toBe('programmable logic controller');
    expect(id.vendor).toBe('Fieldbench (simulator)');
  });

  it('finds the simulator by List Identity over UDP to the address typed, and nothing where nothing listens', async () => {
    const { devices } = await call<{ devices: CipIdentityCard[] }>('cip.discover', { address: '127.0.0.1', port: sim.port, timeoutMs: 1000 });
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ productName: 'Fieldbench Logix simulator', serialNumber: 'f1e1db0c', ip: '127.0.0.1', port: sim.port, from: `127.0.0.1:${sim.port}` });
    expect((await call<{ devices: CipIdentityCard[] }>('cip.discover', { address: '127.0.0.1', port: await freePort(), timeoutMs: 300 })).devices).toEqual([]);
    expect((await failure('cip.discover', { address: '127.0.0.1', timeoutMs: 50 })).code).toBe('invalid_input');
  });

  it('names an address where nothing answers, and adds nothing there', async () => {
    const closed = await freePort();
    const found = await failure('cip.identify', { host: '127.0.0.1', port: closed });
    expect(found.code).toBe('connection_failed');
    expect(found.message).toContain(`127.0.0.1:${closed}`);
    const before = (await call<{ devices: Device[] }>('devices.list', {})).devices.length;
    expect((await failure('devices.addCip', { name: 'ghost', host: '127.0.0.1', port: closed })).code).toBe('connection_failed');
    expect((await call<{ devices: Device[] }>('devices.list', {})).devices).toHaveLength(before);
  });

  it('adds the simulator as a controller and lists its tags with types, dimensions, scope and UDT members', async () => {
    const { device, connection } = await call<{ device: Device; connection: Connection }>('devices.addCip', { name: 'Line 1 PLC', host: '127.0.0.1', port: sim.port, routePath: '1,0' });
    expect(device).toMatchObject({ name: 'Line 1 PLC', protocol: 'cip', connectionId: connection.id });
    expect(connection).toMatchObject({ kind: 'cip', host: '127.0.0.1', port: sim.port, routePath: '1,0' });
    expect((await call<{ devices: Device[] }>('devices.list', {})).devices.map((d) => d.id)).toContain(device.id);
    expect((await failure('devices.addCip', { name: 'Line 1 PLC', host: '127.0.0.1', port: sim.port })).code).toBe('already_exists');

    const { tags } = await call<{ tags: CipTagRow[] }>('cip.tags', { deviceId: device.id });
    const get = (name: string) => tags.find((t) => t.name === name);
    expect(get('Counter')).toEqual({ name: 'Counter', dataType: 'DINT', dims: [], scope: 'controller', member: false });
    expect(get('Matrix')).toMatchObject({ dataType: 'INT', dims: [3, 4], member: false });
    expect(get('Motor_1')).toMatchObject({ dataType: 'Motor', udt: 'Motor', member: false });
    expect(get('Motor_1.Status.Code')).toMatchObject({ dataType: 'INT', member: true, scope: 'controller' });
    expect(get('Program:MainProgram.Temps')).toMatchObject({ dataType: 'REAL', dims: [4], scope: 'MainProgram' });
    expect(tags.filter((t) => t.name.startsWith('Analog_'))).toHaveLength(200);

    // Tags picked from that list read live beside the others: an atomic tag that moves and a UDT member.
    await call<TagMapSummary>('tagMaps.put', {
      deviceId: device.id,
      name: 'Line 1 PLC tags',
      tags: [
        { name: 'Counter', source: { kind: 'cip', tagPath: 'Counter', dataType: 'DINT' } },
        { name: 'Motor_1.Status.Code', source: { kind: 'cip', tagPath: 'Motor_1', member: 'Status.Code', dataType: 'INT' } },
        { name: 'Temps[2]', source: { kind: 'cip', tagPath: 'Program:MainProgram.Temps', element: [2], dataType: 'REAL' } },
      ],
    });
    const first = await reading(device.id, 'Counter');
    expect(typeof first.value).toBe('number');
    const later = await until('Counter to move', async () => {
      const r = await reading(device.id, 'Counter');
      return r.value !== first.value ? r : undefined;
    });
    expect(later.quality.status).toBe('good');
    expect(typeof (await reading(device.id, 'Motor_1.Status.Code')).value).toBe('number');
    expect(typeof (await reading(device.id, 'Temps[2]')).value).toBe('number');
  });

  it('refuses cip.tags for a device that is not a controller', async () => {
    const { device } = await call<{ device: Device }>('devices.addTcp', { name: 'modbus box', host: '127.0.0.1', port: await freePort(), unitId: 1 });
    const e = await failure('cip.tags', { deviceId: device.id });
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('not an EtherNet/IP controller');
  });
});

describe('the EtherNet/IP contract against ab_server', { timeout: 60_000 }, () => {
  let ab: AbServer;
  beforeAll(async () => {
    ab = await startAbServer(['TestDINT:DINT[10]', 'TestREAL:REAL[2]']);
  }, 30_000);
  afterAll(async () => {
    await ab?.stop();
  });

  it('adds ab_server with its route path, reads its tags Good, and a confirmed write reads back', async () => {
    const { device } = await call<{ device: Device }>('devices.addCip', { name: 'ab_server', host: '127.0.0.1', port: ab.port, routePath: '1,0' });
    const map = await call<TagMapSummary>('tagMaps.put', {
      deviceId: device.id,
      name: 'ab tags',
      tags: [
        { name: 'd3', access: 'read-write', scanClassMs: 100, source: { kind: 'cip', tagPath: 'TestDINT', element: [3], dataType: 'DINT' } },
        { name: 'r1', source: { kind: 'cip', tagPath: 'TestREAL', element: [1], dataType: 'REAL' } },
      ],
    });
    await reading(device.id, 'd3');
    expect((await reading(device.id, 'r1')).value).toBe(0);
    const ticket = await call<{ ticketId: string }>('writes.prepare', { tagKey: `${map.id}/d3`, value: 4242, note: 'contract test' });
    expect(await call('writes.confirm', { ticketId: ticket.ticketId })).toMatchObject({ result: 'written', readBackValue: 4242 });
    await until('d3 to read 4242', async () => {
      const r = await reading(device.id, 'd3');
      return r.value === 4242 ? r : undefined;
    });
    await call('devices.remove', { deviceId: device.id });
  });
});
