import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIdentityTcp, listIdentityUdp } from '../../src/engine/cip/identity';
import { CipSession } from '../../src/engine/cip/session';
import { sourceFromName } from '../../src/engine/cip/epath';
import { startCipSim, type CipSim } from '../../src/engine/cip/sim/sim-server';
import { browseTags } from '../../src/engine/cip/taglist';
import type { TagReading } from '../../src/shared/schemas/tags';
import { cipCore, cipProject, cipTag } from '../helpers/cip-peer';
import { nextReading } from '../helpers/opcua-peer';

// What ab_server cannot do, against Fieldbench's own Logix simulator: List Identity, the tag list with templates,
// Multiple Service Packet, UDT members, program scope, several clients at once.
let sim: CipSim;
beforeAll(async () => {
  sim = await startCipSim({ port: 0, tickMs: 50 });
});
afterAll(async () => {
  await sim?.close();
});

const byName = (rs: TagReading[]) => Object.fromEntries(rs.map((r) => [r.name, r]));

describe('List Identity', () => {
  it('answers over UDP to the address typed, and over TCP, with the identity the simulator declares', async () => {
    const udp = await listIdentityUdp('127.0.0.1', sim.port, 1500);
    expect(udp).toHaveLength(1);
    expect(udp[0]).toMatchObject({ ...sim.identity, from: `127.0.0.1:${sim.port}` });
    const tcp = await listIdentityTcp('127.0.0.1', sim.port);
    expect(tcp).toEqual([{ ...sim.identity, from: `127.0.0.1:${sim.port}` }]);
  });
});

describe('tag list', () => {
  it('lists controller and program tags with types and dimensions, UDTs expanded from their templates, no system tags', async () => {
    const session = new CipSession({ host: '127.0.0.1', port: sim.port, routePath: '1,0', timeoutMs: 3000 });
    try {
      const tags = await browseTags(session);
      const get = (name: string) => tags.find((t) => t.name === name);
      expect(get('Test_LREAL')).toEqual({ name: 'Test_LREAL', dataType: 'LREAL', dims: [], scope: 'controller', member: false });
      expect(get('Matrix')).toMatchObject({ dataType: 'INT', dims: [3, 4] });
      expect(get('Message')).toMatchObject({ dataType: 'STRING', member: false });
      expect(get('Motor_1')).toMatchObject({ dataType: 'Motor', udt: 'Motor', member: false });
      expect(get('Motor_1.Status')).toMatchObject({ dataType: 'MotorStatus', member: true });
      expect(get('Motor_1.Status.Code')).toMatchObject({ dataType: 'INT', member: true });
      expect(get('Motor_1.Name')).toMatchObject({ dataType: 'STRING', member: true });
      expect(get('Motor_1.Setpoints')).toMatchObject({ dataType: 'REAL', dims: [4] });
      expect(get('Motors')).toMatchObject({ dataType: 'Motor', dims: [3] });
      expect(get('Program:MainProgram.Temps')).toMatchObject({ dataType: 'REAL', dims: [4], scope: 'MainProgram' });
      expect(tags.filter((t) => t.name.startsWith('Analog_'))).toHaveLength(200);
      expect(tags.some((t) => t.name.startsWith('__'))).toBe(false);
      expect(tags.some((t) => t.name === 'Program:MainProgram')).toBe(false);
    } finally {
      await session.close();
    }
  });
});

describe('reads and writes through EngineCore', () => {
  it('reads 200 tags in a few Multiple Service Packets per scan, with UDT members, a STRING and program scope', async () => {
    const { core, dispose } = cipCore();
    try {
      const analog = Array.from({ length: 200 }, (_, i) => cipTag(`a${i}`, `Analog_${String(i).padStart(3, '0')}`, 200));
      const extra = [cipTag('speed', 'Motor_1.Speed', 200), cipTag('name', 'Motor_1.Name', 200), cipTag('msg', 'Message', 200), cipTag('nope', 'Not_There', 200)];
      const project = cipProject(sim.port, [...analog, ...extra, { name: 'step', scanClassMs: 200, source: { kind: 'cip', tagPath: 'Program:MainProgram.Step' } }]);
      core.load(project);
      await nextReading(core, (r) => r.name === 'a199' && r.quality.status === 'good');
      const r = byName(core.snapshot());
      expect(r.a0!.value).toBe(0);
      expect(r.a17!.value).toBe(8.5);
      expect(r.a199!.value).toBe(99.5);
      expect(r.name!.value).toBe('Feed pump');
      expect(r.msg!.value).toBe('Hello from Fieldbench');
      expect(r.speed!.quality.status).toBe('good');
      expect(typeof r.step!.value).toBe('number');
      expect(r.nope).toMatchObject({ value: null, quality: { status: 'bad', reason: 'Not_There: CIP status 0x04 (path segment error)' } });
      const [stats] = core.scanStats();
      const cls = stats!.scanClasses.find((c) => c.scanClassMs === 200)!;
      // 205 tags: one request per tag would be 205; packets within the 4002-byte Large Forward Open connection take a few.
      expect(cls.requestsPerScan).toBeGreaterThan(0);
      expect(cls.requestsPerScan).toBeLessThan(10);
    } finally {
      await dispose();
    }
  });

  it('sees values move, and writes a UDT member, an array element of a UDT array, a STRING and a BOOL, read back', async () => {
    const { core, dispose } = cipCore();
    try {
      const tags = [cipTag('counter', 'Counter', 50), cipTag('code', 'Motor_1.Status.Code'), cipTag('sp', 'Motors[2].Setpoints[1]'), cipTag('msg', 'Message'), cipTag('b', 'Test_BOOL')];
      core.load(cipProject(sim.port, tags));
      const first = await nextReading(core, (r) => r.name === 'counter' && r.quality.status === 'good');
      await nextReading(core, (r) => r.name === 'counter' && r.value !== first.value && r.quality.status === 'good');
      for (const [key, value, expected, type] of [
        ['m/code', '-12', -12, 'INT'],
        ['m/sp', 12.75, 12.75, 'REAL'],
        ['m/msg', 'Line 2 stopped', 'Line 2 stopped', 'STRING'],
        ['m/b', 'on', true, 'BOOL'],
      ] as const) {
        const t = await core.prepareWrite({ tagKey: key, value, note: 'test' });
        expect(t.detail).toMatchObject({ protocol: 'cip', dataType: type, value: expected });
        const done = await core.confirmWrite(t.ticketId);
        expect(done.readBackValue).toBe(expected);
      }
      const r = byName(await core.readOnce('dev'));
      expect(r.code!.value).toBe(-12);
      expect(r.sp!.value).toBe(12.75);
      expect(r.msg!.value).toBe('Line 2 stopped');
      expect(r.b!.value).toBe(true);
      await expect(core.prepareWrite({ tagKey: 'm/code', value: 40000, note: '' })).rejects.toThrow(/beyond the range of a INT/);
    } finally {
      await dispose();
    }
  });

  it('reads tags named as an operator types them: program scope, two-dimensional elements, members of UDT array elements', async () => {
    const { core, dispose } = cipCore();
    try {
      const names = ['Program:MainProgram.Temps[2]', 'Matrix[2,3]', 'Motors[1].Status.Hours', 'Motors[2].Name', 'Motor_1.Setpoints[3]', 'Motors[3].Speed'];
      core.load(cipProject(sim.port, names.map((n, i) => ({ name: `t${i}`, source: sourceFromName(n) }))), { acquire: false });
      const r = byName(await core.readOnce('dev'));
      for (let i = 0; i < 5; i++) expect(r[`t${i}`], names[i]).toMatchObject({ value: i === 3 ? '' : 0, quality: { status: 'good' } });
      // Motors has three elements: [3] is beyond it.
      expect(r.t5!.quality).toEqual({ status: 'bad', reason: 'Motors[3].Speed: CIP status 0x05 (path destination unknown)' });
    } finally {
      await dispose();
    }
  });

  it('identifies the controller from its Identity object over the connection', async () => {
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(sim.port, []), { acquire: false });
      const id = await core.device('dev').driver.identify!();
      expect(id).toEqual({
        vendorName: 'Fieldbench (simulator)',
        productCode: String(sim.identity.productCode),
        revision: sim.identity.revision,
        objects: { productName: sim.identity.productName, deviceType: 'programmable logic controller', serialNumber: sim.identity.serialNumber, status: '0x0060' },
      });
    } finally {
      await dispose();
    }
  });

  it('refuses a write to a whole UDT, naming it', async () => {
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(sim.port, [cipTag('motor', 'Motor_1')]), { acquire: false });
      await expect(core.prepareWrite({ tagKey: 'm/motor', value: 1, note: '' })).rejects.toThrow(/Motor_1 on 127\.0\.0\.1:\d+: it is a STRUCT 0x5c27; write its members/);
    } finally {
      await dispose();
    }
  });
});

describe('a controller without Large Forward Open', () => {
  it('falls back to the classic Forward Open and packs reads into 504-byte packets', async () => {
    const classic = await startCipSim({ port: 0, classic: true });
    const { core, dispose } = cipCore();
    try {
      const analog = Array.from({ length: 200 }, (_, i) => cipTag(`a${i}`, `Analog_${String(i).padStart(3, '0')}`, 200));
      core.load(cipProject(classic.port, analog));
      await nextReading(core, (r) => r.name === 'a199' && r.quality.status === 'good');
      await nextReading(core, (r) => r.name === 'a199' && r.quality.status === 'good');
      const r = byName(core.snapshot());
      expect(Object.values(r).every((x) => x.quality.status === 'good')).toBe(true);
      expect(r.a150!.value).toBe(75);
      const cls = core.scanStats()[0]!.scanClasses[0]!;
      // A Read Tag of "Analog_000" is 18 bytes and its reply 10: 200 of them need more than one 504-byte packet, and far fewer than 200.
      expect(cls.requestsPerScan).toBeGreaterThan(4);
      expect(cls.requestsPerScan).toBeLessThan(20);
    } finally {
      await dispose();
      await classic.close();
    }
  });
});
