import { describe, expect, it } from 'vitest';
import { decodeTag } from '../../src/shared/codec';
import { codecOf } from '../../src/shared/project/schema';
import { discoverSunSpec } from '../../src/engine/sunspec/discover';
import { registerChannel, SUNS } from '../helpers/sunspec';

/**
 * Discovery over register images laid out by hand from the official definitions (offsets worked out in the
 * comments; see test/unit/sunspec-layout.test.ts for the sums of model 705 and 160).
 */
describe('SunSpec discovery of repeating groups and vendor models', () => {
  // 40000 SunS; 40002 model 1 (L 66); 40070 a vendor model 64900 (L 4); 40076 model 705 (L 67: NPt 4, NCrv 3);
  // 40076 + 69 = 40145 the end model.
  const image = () => {
    const vv = new Array<number>(69).fill(0);
    vv[0] = 705;
    vv[1] = 67;
    vv[5] = 4; // NPt
    vv[6] = 3; // NCrv
    vv[12] = 0xffff; // V_SF -1
    vv[67] = 1030; // Crv[3].Pt[4].V: 103.0 % of nominal
    return registerChannel({ 40000: SUNS, 40002: [1, 66], 40070: [64900, 4, 1, 2, 3, 4], 40076: vv, 40145: [0xffff, 0] });
  };

  it('skips a vendor model by its L and lays out the next model\'s curves from its count points', async () => {
    const { bank, channel } = image();
    const d = await discoverSunSpec(channel, 1);
    expect(d.models.map((m) => [m.id, m.address, m.length, m.known])).toEqual([
      [1, 40002, 66, true],
      [64900, 40070, 4, false],
      [705, 40076, 67, true],
    ]);
    expect(d.notes).toContain('model 64900 (4 registers at 440071) has no definition in this version: skipped to the next model at 440077');
    const vv = d.tags.filter((t) => t.name.startsWith('DERVoltVar.'));
    // 11 top-level points besides ID and L (Ena .. RspTms_SF), 9 per curve x 3, 2 per curve point x 4 x 3.
    expect(vv).toHaveLength(11 + 27 + 24);
    const v = vv.find((t) => t.name === 'DERVoltVar.Crv[3].Pt[4].V')!;
    expect(v).toMatchObject({ units: 'VNomPct', source: { address: 40143, sfAddress: 40088 } });
    const regs = Array.from(bank.holding);
    expect(decodeTag(regs, codecOf(v.source), { at: v.source.address, sf: regs[v.source.sfAddress!] })).toEqual({ kind: 'value', value: 103 });
    expect(d.notes.filter((n) => n.startsWith('DERVoltVar'))).toEqual([]);
  });

  it('reads a model longer than one request in parts, and names a second copy of a model with its number', async () => {
    // model 705 with NCrv 10 and NPt 10: 15 + 10 x (10 + 20) = 315 registers (L 313), more than two reads of 125.
    const big = new Array<number>(315).fill(0);
    [big[0], big[1], big[5], big[6]] = [705, 313, 10, 10];
    // Then model 160 twice: L 48 (two modules of 20 after its 8) and L 28 (one module).
    const { channel, requests } = registerChannel({ 0: SUNS, 2: big, 317: [160, 48], 367: [160, 28], 397: [0xffff, 0] });
    const d = await discoverSunSpec(channel, 1);
    expect(d.base).toBe(0);
    expect(d.models.map((m) => [m.id, m.name, m.address, m.length])).toEqual([
      [705, 'DERVoltVar', 2, 313],
      [160, 'mppt', 317, 48],
      [160, 'mppt', 367, 28],
    ]);
    expect(d.tags.find((t) => t.name === 'DERVoltVar.Crv[10].Pt[10].Var')?.source.address).toBe(2 + 314);
    expect(d.tags.find((t) => t.name === 'mppt.module[2].DCA')).toMatchObject({ source: { address: 317 + 39, sfAddress: 317 + 2 } });
    expect(d.tags.find((t) => t.name === 'mppt[2].module[1].DCA')).toMatchObject({ source: { address: 367 + 19, sfAddress: 367 + 2 } });
    expect(d.tags.some((t) => t.name.startsWith('mppt[2].module[2]'))).toBe(false);
    // Bases tried until the marker (1 at wire 40000, then 0), 4 model headers, and 705 read whole in 3 parts.
    expect(requests()).toBe(2 + 4 + 3);
  });

  it('says when a model is shorter than its definition and keeps the points that fit', async () => {
    // Model 1 is 66 registers after ID and L (Mn 16, Md 16, Opt 8, Vr 8, SN 16, DA 1, Pad 1); a device says 65.
    const { channel } = registerChannel({ 40000: SUNS, 40002: [1, 65], 40069: [0xffff, 0] });
    const d = await discoverSunSpec(channel, 1);
    expect(d.tags.find((t) => t.name === 'common.DA')?.source.address).toBe(40002 + 66);
    expect(d.notes).toContain("common: the device's L (65) ends inside the model's points: the points past it are left out");
  });
});
