import { describe, expect, it } from 'vitest';
import { importMap } from '../../src/shared/import';
import { layoutModel, type LayoutSource } from '../../src/shared/sunspec/layout';
import { officialModel } from '../helpers/sunspec';

/**
 * The layout of repeating groups, computed from the official definitions (resources/sunspec/model_N.json). Every
 * expected offset below is worked out by hand from the point sizes in those files; the comments show the sums.
 */

const layout = (id: number, src?: LayoutSource) => layoutModel(officialModel(id), src);
const at = (l: ReturnType<typeof layout>, name: string) => {
  const p = l.points.find((x) => x.name === name);
  if (!p) throw new Error(`no point ${name} in ${l.points.map((x) => x.name).join(', ')}`);
  return { offset: p.offset, sf: p.sfOffset };
};
/** A device's registers for a model, by offset from its ID register: what the count points say. */
const device = (registers: Record<number, number>, length: number): LayoutSource => ({ length, count: (p) => registers[p.offset] });

describe('SunSpec layout: a group of count 0 fills the model', () => {
  // Model 160 (mppt): ID, L, DCA_SF, DCV_SF, DCW_SF, DCWH_SF (1 each), Evt (2), N, TmsPer (1 each) = 10 registers.
  // module: ID 1, IDStr 8, DCA 1, DCV 1, DCW 1, DCWH 2, Tms 2, Tmp 1, DCSt 1, DCEvt 2 = 20 registers.
  it('repeats model 160\'s module as often as L holds it: L = 8 + 3 x 20 = 68 is three modules', () => {
    const l = layout(160, { length: 68 });
    expect(l.notes).toEqual([]);
    expect(l.length).toBe(68);
    // module[k] starts at 10 + 20(k-1); DCA is 1 + 8 = 9 into it; its sf DCA_SF is the model's, at offset 2.
    expect(at(l, 'module[1].DCA')).toEqual({ offset: 19, sf: 2 });
    expect(at(l, 'module[2].DCA')).toEqual({ offset: 39, sf: 2 });
    expect(at(l, 'module[3].DCA')).toEqual({ offset: 59, sf: 2 });
    // DCWH (acc32) is 9 + 1 + 1 + 1 = 12 into a module, scaled by DCWH_SF at 5.
    expect(at(l, 'module[2].DCWH')).toEqual({ offset: 42, sf: 5 });
    // The last point of module 3: DCEvt, 18 into it (50 + 18 = 68), two registers: the model ends at 70 = L + 2.
    expect(at(l, 'module[3].DCEvt')).toEqual({ offset: 68, sf: undefined });
    expect(l.points.filter((p) => p.point.name === 'DCA')).toHaveLength(3);
    expect(l.points.some((p) => p.name.startsWith('module[4]'))).toBe(false);
  });

  it('says when L is not a whole number of modules, and maps what fits', () => {
    const l = layout(160, { length: 69 });
    expect(l.points.filter((p) => p.point.name === 'DCA')).toHaveLength(3);
    expect(l.notes).toEqual(["the device's L (69) is 1 register longer than the model's points: those registers are not mapped"]);
  });

  it('without a device, lays one module out and says it had to', () => {
    const l = layout(160);
    expect(l.points.filter((p) => p.point.name === 'DCA').map((p) => p.name)).toEqual(['module[1].DCA']);
    expect(l.length).toBe(28); // 10 + 20 - 2
    expect(l.notes).toEqual(["group module repeats to fill the model's length, which only the device knows: one instance is laid out"]);
  });
});

describe('SunSpec layout: a group counted by a point repeats as the device says', () => {
  // Model 705 (DERVoltVar): ID, L, Ena, AdptCrvReq, AdptCrvRslt, NPt (5), NCrv (6): 7 registers; RvrtTms 2 (7),
  // RvrtRem 2 (9), RvrtCrv (11), V_SF (12), DeptRef_SF (13), RspTms_SF (14): 15 registers in all.
  // Crv: ActPt, DeptRef, Pri, VRef, VRefAuto, VRefAutoEna, VRefAutoTms (1 each: 7), RspTms 2, ReadOnly 1 = 10,
  // then NPt points Pt: V, Var (1 each). With NPt = 4 a curve is 10 + 8 = 18 registers; NCrv = 3 makes 15 + 54 = 69.
  it('lays out NCrv curves of NPt points each, read from the device', () => {
    const asked: string[] = [];
    const l = layoutModel(officialModel(705), {
      length: 67,
      count: (p) => {
        asked.push(`${p.name}@${p.offset}`);
        return { 5: 4, 6: 3 }[p.offset];
      },
    });
    expect(asked).toEqual(['NCrv@6', 'NPt@5', 'NPt@5', 'NPt@5']);
    expect(l.notes).toEqual([]);
    expect(l.length).toBe(67);
    // Crv[c] starts at 15 + 18(c-1); Pt[p] at 10 + 2(p-1) into it.
    expect(at(l, 'Crv[1].ActPt')).toEqual({ offset: 15, sf: undefined });
    expect(at(l, 'Crv[2].VRef')).toEqual({ offset: 36, sf: 12 });
    expect(at(l, 'Crv[1].RspTms')).toEqual({ offset: 22, sf: 14 });
    expect(at(l, 'Crv[2].Pt[1].V')).toEqual({ offset: 43, sf: 12 });
    expect(at(l, 'Crv[3].Pt[4].V')).toEqual({ offset: 67, sf: 12 });
    expect(at(l, 'Crv[3].Pt[4].Var')).toEqual({ offset: 68, sf: 13 });
    expect(l.points.filter((p) => p.point.name === 'Var')).toHaveLength(12);
  });

  it('leaves a group out when its count is not implemented (0xFFFF) or could not be read', () => {
    const ni = layout(705, device({ 5: 4, 6: 0xffff }, 13));
    expect(ni.points.map((p) => p.name).filter((n) => n.startsWith('Crv'))).toEqual([]);
    expect(ni.notes).toEqual(['NCrv (the number of Crv instances) is not implemented (0xFFFF): the group is left out']);
    const unread = layout(705, { length: 13, count: () => undefined });
    expect(unread.notes).toEqual(['NCrv (the number of Crv instances) could not be read: the group is left out']);
    expect(unread.length).toBe(13);
  });

  it('keeps to the device\'s L when the counts ask for more than it holds', () => {
    // NCrv = 3 and NPt = 4 need 69 registers; L = 40 ends at 42, inside Crv[2] (which starts at 33).
    const l = layout(705, device({ 5: 4, 6: 3 }, 40));
    expect(Math.max(...l.points.map((p) => p.offset + p.size))).toBeLessThanOrEqual(42);
    expect(l.points.some((p) => p.name.startsWith('Crv[3]'))).toBe(false);
    expect(l.notes).toEqual(["the device's L (40) ends inside the model's points: the points past it are left out"]);
  });
});

describe('SunSpec layout: nested groups of model 707', () => {
  // ID, L, Ena, AdptCrvReq, AdptCrvRslt, NPt (5), NCrvSet (6), V_SF (7), Tms_SF (8): 9 registers.
  // Crv (NCrvSet times): ReadOnly 1, then MustTrip, MayTrip, MomCess (once each): ActPt 1, then NPt x Pt: V 1, Tms 2.
  // NPt = 2: a trip group is 1 + 2 x 3 = 7, a curve set 1 + 3 x 7 = 22; NCrvSet = 2 makes 9 + 44 = 53 (L = 51).
  const l = layout(707, device({ 5: 2, 6: 2 }, 51));

  it('unrolls Crv, its three trip groups and their points, naming only the groups that repeat', () => {
    expect(l.notes).toEqual([]);
    expect(l.length).toBe(51);
    expect(at(l, 'Crv[1].ReadOnly').offset).toBe(9);
    expect(at(l, 'Crv[1].MustTrip.ActPt').offset).toBe(10);
    expect(at(l, 'Crv[2].ReadOnly').offset).toBe(31);
    expect(at(l, 'Crv[2].MustTrip.Pt[1].V')).toEqual({ offset: 33, sf: 7 });
    expect(at(l, 'Crv[2].MustTrip.Pt[2].Tms')).toEqual({ offset: 37, sf: 8 });
    expect(at(l, 'Crv[2].MayTrip.ActPt').offset).toBe(39);
    expect(at(l, 'Crv[2].MomCess.ActPt').offset).toBe(46);
    expect(at(l, 'Crv[2].MomCess.Pt[2].V')).toEqual({ offset: 50, sf: 7 });
    expect(at(l, 'Crv[2].MomCess.Pt[2].Tms')).toEqual({ offset: 51, sf: 8 });
    // 9 top-level points (ID and L included), 2 x (ReadOnly + 3 x (ActPt + 2 x 2)) = 2 x 16 = 32 in the groups.
    expect(l.points).toHaveLength(9 + 32);
  });
});

describe('SunSpec layout: scale factors per group instance', () => {
  // Model 133 (schedule): ID, L, ActSchd 2, ModEna, NSchd, NPts, Pad = 8 registers; each "repeating" instance:
  // ActPts 1, StrTms 2, RepPer, IntvTyp, XTyp (1 each) -> X_SF at 6, YTyp 7, Y_SF 8, X1..Y10 (int32) from 9, Nam 8,
  // WinTms, RmpTms, ActIndx = 9 + 40 + 11 = 60 registers. L = 6 + 2 x 60 = 126: two schedules.
  it('reads each schedule\'s X1 with that schedule\'s own X_SF', () => {
    const l = layout(133, { length: 126 });
    expect(l.notes).toEqual([]);
    expect(at(l, 'repeating[1].X1')).toEqual({ offset: 17, sf: 14 });
    expect(at(l, 'repeating[2].X1')).toEqual({ offset: 77, sf: 74 });
    // Y10 is 9 + 19 x 2 = 47 into an instance; Y_SF is 8 into it.
    expect(at(l, 'repeating[2].Y10')).toEqual({ offset: 115, sf: 76 });
  });

  it('finds a scale factor that comes after its point in the instance (model 63002)', () => {
    // ID, L; each instance: sunssf_1, int16_1 (sf sunssf_1), int16_2 (sf sunssf_2), sunssf_2 = 4 registers.
    const l = layout(63002, { length: 8 });
    expect(at(l, 'repeating[1].int16_1')).toEqual({ offset: 3, sf: 2 });
    expect(at(l, 'repeating[1].int16_2')).toEqual({ offset: 4, sf: 5 });
    expect(at(l, 'repeating[2].int16_2')).toEqual({ offset: 8, sf: 9 });
  });
});

describe('SunSpec model JSON imported as a file (no device)', () => {
  it('imports one module of model 160 with its scale factor, and warns that only the device knows how many', () => {
    const r = importMap(JSON.stringify(officialModel(160)), 'model_160.json', { sunspecModelAddress: 40002 });
    // module[1] starts 10 registers after the ID register: DCA at 40002 + 19, DCA_SF at 40002 + 2.
    expect(r.tags.find((t) => t.name === 'module[1].DCA')).toMatchObject({ address: 40021, sfAddress: 40004, units: 'A' });
    expect(r.tags.filter((t) => t.name.startsWith('module[')).map((t) => t.name)).toHaveLength(10);
    expect(r.problems.map((p) => p.message)).toEqual(["group module repeats to fill the model's length, which only the device knows: one instance is laid out"]);
  });
});
