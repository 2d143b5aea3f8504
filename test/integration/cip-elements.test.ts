import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CipDriver } from '../../src/engine/cip/cip-driver';
import { startCipSim, type CipSim } from '../../src/engine/cip/sim/sim-server';
import type { EngineCore } from '../../src/engine/core';
import type { CipSource, TagInput } from '../../src/shared/project/schema';
import type { TagReading } from '../../src/shared/schemas/tags';
import { cipCore, cipProject, cipTag, startAbServer, type AbServer } from '../helpers/cip-peer';

// Array slices (Read Tag with an element count, Read Tag Fragmented past the connection size), BOOL arrays (packed 32
// to a DWORD, one BOOL written by Read-Modify-Write Tag) and UDTs read whole and decoded by their templates.

const tag = (name: string, source: Omit<CipSource, 'kind'>): TagInput => ({ name, access: 'read-write', scanClassMs: 100, source: { kind: 'cip', ...source } });
const byName = (rs: TagReading[]) => Object.fromEntries(rs.map((r) => [r.name, r]));
const requests = (core: EngineCore) => (core.device('dev').driver as unknown as { reader: { requestsLastRead: number } }).reader.requestsLastRead;

async function write(core: EngineCore, tagKey: string, value: number | boolean | string) {
  const ticket = await core.prepareWrite({ tagKey, value, note: 'test' });
  return { ticket, outcome: await core.confirmWrite(ticket.ticketId) };
}

describe('slices, BOOL arrays and whole UDTs against sim cip', () => {
  let sim: CipSim;
  let classic: CipSim;
  beforeAll(async () => {
    sim = await startCipSim({ port: 0, tickMs: 60_000 });
    classic = await startCipSim({ port: 0, tickMs: 60_000, classic: true });
  });
  afterAll(async () => {
    await sim?.close();
    await classic?.close();
  });
  const simTag = (s: CipSim, name: string) => s.tags.controller.find((t) => t.name === name)!;

  it('reads an array slice in one Read Tag with an element count, beside single tags in one Multiple Service Packet', async () => {
    const counts = simTag(sim, 'Counts').data;
    for (let i = 0; i < 10; i++) counts.writeInt32LE(1000 - i * 11, i * 4);
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(sim.port, [tag('slice', { tagPath: 'Counts', element: [2], count: 5 }), cipTag('one', 'Counts[7]'), cipTag('a', 'Analog_004')]), { acquire: false });
      const r = byName(await core.readOnce('dev'));
      expect(r.slice).toMatchObject({ value: ['978', '967', '956', '945', '934'], quality: { status: 'good' } });
      expect(r.one!.value).toBe(923);
      expect(r.a!.value).toBe(2);
      expect(requests(core)).toBe(1);

      // Past the end of the array: the controller's status, named.
      core.load(cipProject(sim.port, [tag('over', { tagPath: 'Counts', element: [8], count: 3 })]), { acquire: false });
      expect((await core.readOnce('dev'))[0]!.quality).toEqual({ status: 'bad', reason: expect.stringMatching(/^Counts\[8\]: CIP status 0xFF .*extended 0x2105/) as unknown });
    } finally {
      await dispose();
    }
  });

  it('reads a slice larger than the connection with Read Tag Fragmented, on a Large and on a classic 504-byte connection', async () => {
    for (const s of [sim, classic]) {
      const { core, dispose } = cipCore();
      try {
        core.load(cipProject(s.port, [tag('all', { tagPath: 'Trend', element: [0], count: 1000 }), tag('tail', { tagPath: 'Trend', element: [990], count: 10 })]), { acquire: false });
        const r = byName(await core.readOnce('dev'));
        expect(r.all!.quality).toEqual({ status: 'good' });
        const all = r.all!.value as string[];
        expect(all).toHaveLength(1000);
        // The simulator's Trend[i] holds i / 4.
        expect([all[0], all[1], all[513], all[999]]).toEqual(['0', '0.25', '128.25', '249.75']);
        expect(r.tail!.value).toEqual(['247.5', '247.75', '248', '248.25', '248.5', '248.75', '249', '249.25', '249.5', '249.75']);
        const size = (core.device('dev').driver as CipDriver).session.connectionSize;
        // 4000 bytes of REALs need at least ceil(4000 / size) replies.
        expect(requests(core)).toBeGreaterThanOrEqual(Math.ceil(4000 / size));
      } finally {
        await dispose();
      }
    }
  });

  it('reads BOOLs of a BOOL array as bit i % 32 of DWORD i / 32, and writes one with the other 31 left alone', async () => {
    const flags = simTag(sim, 'Flags').data;
    flags.writeUInt32LE(0x80000001, 0); // bits 0 and 31
    flags.writeUInt32LE(0x00000020, 4); // bit 37
    const { core, dispose } = cipCore();
    try {
      const bools = [0, 1, 31, 32, 36, 37, 63].map((i) => tag(`b${i}`, { tagPath: 'Flags', element: [i], dataType: 'BOOL' }));
      core.load(cipProject(sim.port, [...bools, tag('run', { tagPath: 'Flags', element: [30], count: 9, dataType: 'BOOL' })]), { acquire: false });
      const r = byName(await core.readOnce('dev'));
      expect(Object.fromEntries([0, 1, 31, 32, 36, 37, 63].map((i) => [i, r[`b${i}`]!.value]))).toEqual({ 0: true, 1: false, 31: true, 32: false, 36: false, 37: true, 63: false });
      expect(r.run!.value).toEqual(['false', 'true', 'false', 'false', 'false', 'false', 'false', 'true', 'false']);

      const on = await write(core, 'm/b36', true);
      expect(on.ticket).toMatchObject({ oldValue: false, newValue: true });
      expect(on.outcome).toMatchObject({ result: 'written', readBackValue: true });
      expect(flags.readUInt32LE(4)).toBe(0x30);
      expect(flags.readUInt32LE(0)).toBe(0x80000001);
      await write(core, 'm/b37', false);
      await write(core, 'm/b63', 'on');
      expect(flags.readUInt32LE(4)).toBe(0x80000010);
      await write(core, 'm/b0', false);
      expect(flags.readUInt32LE(0)).toBe(0x80000000);
      const back = byName(await core.readOnce('dev'));
      expect([back.b0!.value, back.b31!.value, back.b36!.value, back.b37!.value, back.b63!.value]).toEqual([false, true, true, false, true]);
      await expect(core.prepareWrite({ tagKey: 'm/run', value: true, note: 'test' })).rejects.toThrow(/9 elements; write one at a time/);
    } finally {
      await dispose();
    }
  });

  it('lists a BOOL array as BOOL with its BOOL count', async () => {
    const { browseTags } = await import('../../src/engine/cip/taglist');
    const { CipSession } = await import('../../src/engine/cip/session');
    const session = new CipSession({ host: '127.0.0.1', port: sim.port, routePath: '1,0', timeoutMs: 2000 });
    try {
      expect((await browseTags(session)).find((t) => t.name === 'Flags')).toMatchObject({ dataType: 'BOOL', dims: [64] });
    } finally {
      await session.close();
    }
  });

  it('reads a UDT tag whole in one Read Tag and decodes every member by its template, nested ones too', async () => {
    const m = simTag(sim, 'Motors').data;
    const size = m.length / 3;
    const at = 2 * size; // Motors[2]; offsets from the simulator's template, laid out as Logix does
    m.writeUInt8(1, at); // Running
    m.writeFloatLE(87.5, at + 4); // Speed
    m.writeInt32LE(42, at + 8); // Starts
    m.writeUInt8(1, at + 12); // Status.Fault
    m.writeInt16LE(-5, at + 14); // Status.Code
    m.writeFloatLE(1234.5, at + 16); // Status.Hours
    m.writeUInt32LE(6, at + 20); // Name.LEN
    m.write('Pump 2', at + 24, 'latin1'); // Name.DATA
    [1.5, 2.5, 3.5, 4.5].forEach((v, i) => m.writeFloatLE(v, at + 108 + i * 4)); // Setpoints
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(sim.port, [cipTag('whole', 'Motors[2]'), cipTag('inner', 'Motors[2].Status')]), { acquire: false });
      const r = byName(await core.readOnce('dev'));
      expect(r.whole).toMatchObject({
        quality: { status: 'good' },
        value: ['Running=true', 'Speed=87.5', 'Starts=42', 'Status.Fault=true', 'Status.Code=-5', 'Status.Hours=1234.5', 'Name=Pump 2', 'Setpoints[0]=1.5', 'Setpoints[1]=2.5', 'Setpoints[2]=3.5', 'Setpoints[3]=4.5'],
      });
      expect(r.inner!.value).toEqual(['Fault=true', 'Code=-5', 'Hours=1234.5']);
      // The templates are read once; after that a whole UDT is one Read Tag (both tags share one packet).
      await core.readOnce('dev');
      expect(requests(core)).toBe(1);
    } finally {
      await dispose();
    }
  });
});

describe('slices against ab_server', () => {
  let ab: AbServer;
  beforeAll(async () => {
    ab = await startAbServer(['TestDINT:DINT[10]', 'Big:DINT[2000]']);
  });
  afterAll(async () => {
    await ab?.stop();
  });

  it('reads a DINT slice in one Read Tag, and 2000 DINTs through Read Tag Fragmented', async () => {
    const { core, dispose } = cipCore();
    try {
      const elements = [2, 3, 4, 5, 6].map((i) => cipTag(`e${i}`, `TestDINT[${i}]`));
      core.load(cipProject(ab.port, [...elements, cipTag('big7', 'Big[1777]'), tag('slice', { tagPath: 'TestDINT', element: [2], count: 5 }), tag('big', { tagPath: 'Big', element: [0], count: 2000 })]), { acquire: false });
      for (const i of [2, 3, 4, 5, 6]) await write(core, `m/e${i}`, i * 1000 + 7);
      await write(core, 'm/big7', -1777);
      const r = byName(await core.readOnce('dev'));
      expect(r.slice).toMatchObject({ value: ['2007', '3007', '4007', '5007', '6007'], quality: { status: 'good' } });
      expect(r.big!.quality).toEqual({ status: 'good' });
      const big = r.big!.value as string[];
      expect(big).toHaveLength(2000);
      expect([big[0], big[1776], big[1777], big[1999]]).toEqual(['0', '0', '-1777', '0']);
    } finally {
      await dispose();
    }
  });
});
