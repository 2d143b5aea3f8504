import { describe, expect, it } from 'vitest';
import { type SolveCandidate, codecSpec, decodeTag, encodeTag, parseDisplay, solveKnownValue } from '../../src/shared/codec';

const TIER = { exact: 4, scaled: 3, rounded: 2, loose: 1 } as const;
const brief = (c: SolveCandidate) => `${c.spec.type} ${c.spec.order} ×${c.spec.scale} @${c.at}`;

/** Every candidate, applied to the tag the way the UI would, decodes to the value the solver promised. */
function checkConsistent(registers: number[], list: SolveCandidate[]): void {
  for (const c of list) {
    const d = decodeTag(registers, c.spec, { at: c.at });
    expect(d, c.reason).toEqual({ kind: 'value', value: c.value });
  }
  for (let i = 1; i < list.length; i++) {
    expect(list[i - 1]!.score, `${list[i - 1]!.reason} / ${list[i]!.reason}`).toBeGreaterThanOrEqual(list[i]!.score);
    expect(TIER[list[i - 1]!.match]).toBeGreaterThanOrEqual(TIER[list[i]!.match]);
  }
}

describe('known-value solver', () => {
  it('finds a word-swapped float32 first', () => {
    const registers = encodeTag(230.1, codecSpec({ type: 'float32', order: 'CDAB' }));
    expect(registers).toEqual([0x199a, 0x4366]);
    const list = solveKnownValue({ registers, display: 230.1 });
    expect(brief(list[0]!)).toBe('float32 CDAB ×1 @0');
    expect(list[0]!.match).toBe('exact');
    expect(list[0]!.reason).toBe('float32, word-swapped (CDAB): 230.1 exactly');
    checkConsistent(registers, list);
  });

  it('finds uint16 × 0.1 for [2301], and prefers fewer registers when more were selected', () => {
    const one = solveKnownValue({ registers: [2301], display: '230.1' });
    expect(brief(one[0]!)).toBe('uint16 ABCD ×0.1 @0');
    expect(one[0]!.reason).toBe('uint16 × 0.1: 2301 → 230.1 exactly');
    expect(one.map(brief)).toContain('int16 ABCD ×0.1 @0');
    const two = solveKnownValue({ registers: [2301, 0], display: '230.1' });
    expect(brief(two[0]!)).toBe('uint16 ABCD ×0.1 @0');
    const idx = (b: string) => two.map(brief).indexOf(b);
    expect(idx('uint32 CDAB ×0.1 @0')).toBeGreaterThan(idx('uint16 ABCD ×0.1 @0'));
    checkConsistent([2301, 0], two);
  });

  it('ranks an exact float above a scaled integer above a rounded one above a loose one', () => {
    const float = solveKnownValue({ registers: [0x4366, 0x199a, 0, 2301], display: '230.1' });
    expect(brief(float[0]!)).toBe('float32 ABCD ×1 @0');
    expect(float.find((c) => c.match === 'scaled' && c.spec.type === 'uint16')?.at).toBe(3);
    checkConsistent([0x4366, 0x199a, 0, 2301], float);

    const list = solveKnownValue({ registers: [23014, 23030], display: '230.1', tolerance: 0.5 });
    expect(list[0]!.match).toBe('rounded');
    expect(list[0]!.reason).toBe('uint16 × 0.01: 23014 → 230.14, shown as 230.1');
    const loose = list.find((c) => c.match === 'loose' && c.at === 1 && c.spec.type === 'uint16');
    expect(loose?.reason).toBe('uint16 × 0.01 from register +1: 23030 → 230.3, 0.2 from 230.1 (within ±0.5)');
    checkConsistent([23014, 23030], list);
    expect(solveKnownValue({ registers: [23030], display: '230.1' })).toEqual([]);
  });

  it('puts common orders before exotic ones when several match', () => {
    // uint32 in the four orders reads 1, 65536, 256 and 16777216: all within a (very) loose tolerance of 0.
    const list = solveKnownValue({ registers: [0x0000, 0x0001], display: '0', tolerance: 1e8 }).filter((c) => c.spec.type === 'uint32' && c.spec.scale === 1);
    expect(list.map((c) => [c.spec.order, c.raw])).toEqual([
      ['ABCD', 1],
      ['CDAB', 65536],
      ['BADC', 256],
      ['DCBA', 16777216],
    ]);
    // Bits that only make a float near 1e-38 are not offered as one, and a zero is not offered at every scale.
    expect(solveKnownValue({ registers: [0x0001, 0x0002], display: '0' }).some((c) => c.spec.type === 'float32')).toBe(false);
    expect(solveKnownValue({ registers: [0], display: '0' }).map(brief)).toEqual(['uint16 ABCD ×1 @0', 'int16 ABCD ×1 @0', 'bcd16 ABCD ×1 @0']);
  });

  it('handles negative values, decimal commas, units, 64-bit and BCD', () => {
    const neg = solveKnownValue({ registers: [0xf703], display: '-230,1 V' });
    expect(brief(neg[0]!)).toBe('int16 ABCD ×0.1 @0');
    expect(neg.some((c) => c.spec.type === 'uint16')).toBe(false);
    const energy = encodeTag(123456789012n, codecSpec({ type: 'uint64', order: 'HGFEDCBA' }));
    const e = solveKnownValue({ registers: energy, display: '123456789.012' });
    expect(brief(e[0]!)).toBe('uint64 DCBA ×0.001 @0');
    expect(e[0]!.reason).toBe('uint64, little-endian (HGFEDCBA) × 0.001: 123456789012 → 123456789.012 exactly');
    const bcd = solveKnownValue({ registers: [0x1234], display: '12.34' });
    expect(bcd.map(brief)).toContain('bcd16 ABCD ×0.01 @0');
    expect(bcd.find((c) => c.spec.type === 'bcd16')!.reason).toBe('BCD16 × 0.01: 1234 → 12.34 exactly');
  });

  it('reads what the display shows', () => {
    expect(parseDisplay('230.10')).toEqual({ target: 230.1, resolution: 0.01, text: '230.10' });
    expect(parseDisplay('1.234,5 kWh')).toEqual({ target: 1234.5, resolution: 0.1, text: '1.234,5' });
    expect(parseDisplay('1,234.56')).toEqual({ target: 1234.56, resolution: 0.01, text: '1,234.56' });
    expect(parseDisplay('0.0001')).toEqual({ target: 0.0001, resolution: 0.0001, text: '0.0001' });
    expect(parseDisplay(' 230,1 V')).toEqual({ target: 230.1, resolution: 0.1, text: '230,1' });
    expect(parseDisplay(1500)).toEqual({ target: 1500, resolution: 1, text: '1500' });
    expect(parseDisplay('1.5e3')).toEqual({ target: 1500, resolution: 100, text: '1.5e3' });
    expect(() => parseDisplay('V')).toThrow(/not a number/);
    expect(() => solveKnownValue({ registers: [1, 2, 3, 4, 5], display: 1 })).toThrow();
  });
});
