import { describe, expect, it } from 'vitest';
import { decodeTag, type DecodeResult } from '../../src/shared/codec';
import { codecOf, type ModbusTag as Tag } from '../../src/shared/project/schema';
import { layoutSunSpecModel } from '../../src/shared/sunspec/model';
import { sunspecModel, sunspecModelIds } from '../../src/shared/sunspec/models';
import { discoverSunSpec } from '../../src/engine/sunspec/discover';
import { parseSunSpecList, writeSunSpecDevice } from '../../src/engine/modbus/sim/sunspec-device';
import type { RegisterBank } from '../../src/engine/modbus/sim/register-bank';
import { registerChannel } from '../helpers/sunspec';

function decodeAll(bank: RegisterBank, tags: Tag[]): Map<string, DecodeResult> {
  const regs = Array.from(bank.holding);
  return new Map(tags.map((t) => [t.name, decodeTag(regs, codecOf(t.source), { at: t.source.address, sf: t.source.sfAddress === undefined ? undefined : regs[t.source.sfAddress] })]));
}

/** Plausible ranges of the simulator's values by units (what a real device of that kind would read). */
const RANGES: Record<string, [number, number]> = { V: [2, 500], A: [0, 100], W: [0, 20000], Hz: [45, 65], C: [-40, 100], Wh: [1, 1e10], 'W/m2': [0, 1500] };

describe('the simulator\'s SunSpec device, built from every definition', () => {
  it('serves each of the 112 models with values discovery reads back: in range, scale factors sane, mandatory points implemented', async () => {
    for (const id of sunspecModelIds()) {
      const { bank, channel } = registerChannel({});
      const [written] = writeSunSpecDevice(bank, [{ id }]);
      const d = await discoverSunSpec(channel, 1);
      expect(d.models, `model ${id}`).toEqual([{ id, name: sunspecModel(id)!.group.name, address: 40002, length: written!.length, known: true }]);
      // What the project cannot hold is said, not hidden: MAC and IPv6 addresses, and 64411's 150-register strings.
      const expected = /SunSpec type "(eui48|ipv6addr)" is not one the codec decodes|^ACSimInterface: ACSimInterface\.\w+Har\w: length: Too big/;
      expect(d.notes.filter((n) => !expected.test(n)), `model ${id}`).toEqual([]);
      const values = decodeAll(bank, d.tags);
      for (const t of d.tags) {
        const v = values.get(t.name)!;
        expect(v.kind, `${t.name}`).not.toBe('error');
        if (v.kind !== 'value' || typeof v.value !== 'number') continue;
        const range = RANGES[t.units];
        if (range && !/Cell/.test(t.name)) expect(v.value, `${t.name} ${v.value} ${t.units}`).toSatisfy((x: number) => x >= range[0] && x <= range[1]);
      }
      // Every mandatory point the codec decodes reads as a value.
      const def = sunspecModel(id)!;
      const layout = layoutSunSpecModel(def, { length: written!.length, count: (p) => bank.holding[40002 + p.offset] });
      for (const p of layout.points) {
        if (p.point.mandatory !== 'M' || (p.depth === 0 && p.offset < 2) || p.point.type === 'pad') continue;
        const v = values.get(`${def.group.name}.${p.name}`);
        if (v) expect(v.kind, `${def.group.name}.${p.name}`).toBe('value');
      }
    }
  });

  it('gives model 160 two modules numbered 1 and 2, N saying so, and some points not implemented', async () => {
    const { bank, channel } = registerChannel({});
    writeSunSpecDevice(bank, parseSunSpecList('1,160'));
    const d = await discoverSunSpec(channel, 1);
    const v = decodeAll(bank, d.tags);
    expect(v.get('mppt.N')).toEqual({ kind: 'value', value: 2 });
    expect(v.get('mppt.module[1].ID')).toEqual({ kind: 'value', value: 1 });
    expect(v.get('mppt.module[2].ID')).toEqual({ kind: 'value', value: 2 });
    expect(d.tags.some((t) => t.name.startsWith('mppt.module[3]'))).toBe(false);
    expect([...v.values()].filter((r) => r.kind === 'not-implemented').length).toBeGreaterThan(0);
    // The model's length is what its definition needs for two modules: 8 + 2 x 20.
    expect(d.models[1]).toMatchObject({ id: 160, length: 48 });
  });

  it('refuses a model it has no definition of unless given its length, and serves that one as opaque registers', () => {
    expect(() => parseSunSpecList('1,64900')).toThrow('model 64900 has no definition in this version; serve it as a vendor model with its length (64900:L)');
    expect(() => parseSunSpecList('1,103:50')).toThrow('model 103 has a definition: give it without a length');
    expect(() => parseSunSpecList('1,x')).toThrow('"x" is not a model id');
    expect(parseSunSpecList('1, 64900:8')).toEqual([{ id: 1 }, { id: 64900, length: 8 }]);
  });
});
