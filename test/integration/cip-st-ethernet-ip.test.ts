import { createRequire } from 'node:module';
import { Controller, Tag, TagGroup } from 'st-ethernet-ip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCipSim, type CipSim } from '../../src/engine/cip/sim/sim-server';
import { cipCore, cipProject, cipTag } from '../helpers/cip-peer';

// Fieldbench's Logix simulator against a client that shares none of its code: st-ethernet-ip 2.7.5 (connected
// messaging, its own Forward Open, tag list, templates and Multiple Service Packet), and values crossing between it
// and the engine's driver through the simulator.
const config = createRequire(import.meta.url)('st-ethernet-ip/dist/config') as { EIP_PORT: number };
let sim: CipSim;
let plc: Controller;
beforeAll(async () => {
  sim = await startCipSim({ port: 0 });
  // st-ethernet-ip dials its module-wide port (44818 unless changed before connecting).
  config.EIP_PORT = sim.port;
  plc = new Controller(true);
  await plc.connect('127.0.0.1', 0);
});
afterAll(async () => {
  await plc?.disconnect().catch(() => undefined);
  await sim?.close();
});

describe('st-ethernet-ip against sim cip', () => {
  it('reads the identity and the tag list with templates', () => {
    expect(plc.properties).toMatchObject({ name: 'Fieldbench Logix simulator', version: '33.11', run: true });
    const tags = plc.tagList as unknown as { name: string; program: string | null; type: { typeName: string; structure: boolean; code: number } }[];
    expect(tags.find((t) => t.name === 'Test_LREAL')?.type.typeName).toBe('LREAL');
    expect(tags.find((t) => t.name === 'Step' && t.program === 'MainProgram')).toBeTruthy();
    const motor = tags.find((t) => t.name === 'Motor_1')!;
    expect(motor.type.structure).toBe(true);
    const template = plc.templateList[motor.type.code] as unknown as { _name: string; _members: { name: string }[] };
    expect(template._name).toBe('Motor');
    expect(template._members.map((m) => m.name)).toEqual(['Running', 'Speed', 'Starts', 'Status', 'Name', 'Setpoints']);
  });

  it('a value written by the engine reads back in st-ethernet-ip, and the other way, member and array element included', async () => {
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(sim.port, [cipTag('d', 'Test_DINT'), cipTag('r', 'Test_REAL'), cipTag('c', 'Motor_1.Status.Code'), cipTag('k', 'Counts[4]')]), { acquire: false });
      const t = await core.prepareWrite({ tagKey: 'm/d', value: 4321, note: 'cross-check' });
      await core.confirmWrite(t.ticketId);
      const dint = new Tag('Test_DINT');
      await plc.readTag(dint);
      expect(dint.value).toBe(4321);

      // st-ethernet-ip learns a tag's type from a read before it writes it.
      for (const [name, value] of [['Test_REAL', 1.5], ['Motor_1.Status.Code', -321], ['Counts[4]', 99]] as const) {
        const tag = new Tag(name);
        await plc.readTag(tag);
        await plc.writeTag(tag, value);
      }
      const r = Object.fromEntries((await core.readOnce('dev')).map((x) => [x.name, x]));
      expect(r.r).toMatchObject({ value: 1.5, quality: { status: 'good' } });
      expect(r.c).toMatchObject({ value: -321, quality: { status: 'good' } });
      expect(r.k).toMatchObject({ value: 99, quality: { status: 'good' } });
    } finally {
      await dispose();
    }
  });

  it('reads a tag group through the simulator\'s Multiple Service Packet', async () => {
    const group = new TagGroup();
    const names = ['Analog_010', 'Analog_011', 'Analog_150', 'Motor_1.Starts'];
    const tags = names.map((n) => new Tag(n));
    for (const t of tags) group.add(t);
    await plc.readTagGroup(group);
    expect(tags.map((t) => t.value)).toEqual([5, 5.5, 75, 0]);
  });
});
