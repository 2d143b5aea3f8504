import { describe, expect, it } from 'vitest';
import { codecSpec, decodeTag, encodeTag } from '../../src/shared/codec';

const str = (length: number, order: 'ABCD' | 'CDAB' | 'BADC' | 'DCBA' = 'ABCD') => codecSpec({ type: 'string', length, order });

describe('codec: strings', () => {
  it('reads high-byte-first and low-byte-first strings', () => {
    // The SunSpec marker "SunS" at 40001.
    expect(decodeTag([0x5375, 0x6e53], str(2))).toEqual({ kind: 'value', value: 'SunS' });
    expect(decodeTag([0x5375, 0x6e53], str(2, 'CDAB'))).toEqual({ kind: 'value', value: 'SunS' });
    expect(decodeTag([0x7553, 0x536e], str(2, 'BADC'))).toEqual({ kind: 'value', value: 'SunS' });
    expect(decodeTag([0x7553, 0x536e], str(2, 'DCBA'))).toEqual({ kind: 'value', value: 'SunS' });
  });

  it('trims trailing NULs and spaces, ends at the first NUL, keeps leading spaces', () => {
    const text = (s: string) => [...s.padEnd(16, '\0')].reduce<number[]>((regs, _c, i, all) => (i % 2 ? regs : [...regs, (all[i]!.charCodeAt(0) << 8) | all[i + 1]!.charCodeAt(0)]), []);
    expect(decodeTag(text('Fronius'), str(8))).toEqual({ kind: 'value', value: 'Fronius' });
    expect(decodeTag(text('SMA   '), str(8))).toEqual({ kind: 'value', value: 'SMA' });
    expect(decodeTag(text('  x'), str(8))).toEqual({ kind: 'value', value: '  x' });
    expect(decodeTag([0x4142, 0x0043, 0x4445], str(3))).toEqual({ kind: 'value', value: 'AB' });
    expect(decodeTag([0x2020, 0x2020], str(2))).toEqual({ kind: 'value', value: '' });
    expect(decodeTag([0, 0], str(2))).toEqual({ kind: 'value', value: '' });
  });

  it('round-trips text in both byte orders and pads with NUL', () => {
    expect(encodeTag('ABC', str(2))).toEqual([0x4142, 0x4300]);
    expect(encodeTag('ABC', str(2, 'BADC'))).toEqual([0x4241, 0x0043]);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./ °µ';
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      const len = n % 21;
      let s = '';
      for (let i = 0; i < len; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += alphabet[seed % alphabet.length];
      }
      s = s.trimEnd();
      for (const order of ['ABCD', 'BADC'] as const) {
        const spec = str(10, order);
        expect(decodeTag(encodeTag(s, spec), spec), `${order} "${s}"`).toEqual({ kind: 'value', value: s });
      }
    }
  });

  it('refuses text that does not fit or is not 8-bit', () => {
    expect(() => encodeTag('ABCDE', str(2))).toThrow(/4/);
    expect(() => encodeTag('€', str(2))).toThrow(/8-bit/);
    expect(() => encodeTag('a\0b', str(2))).toThrow(/NUL/);
    expect(() => encodeTag(12, str(2))).toThrow(TypeError);
  });
});

describe('codec: BCD', () => {
  it('reads BCD16 and BCD32 in any order, with scaling', () => {
    expect(decodeTag([0x1234], codecSpec({ type: 'bcd16' }))).toEqual({ kind: 'value', value: 1234 });
    expect(decodeTag([0x3412], codecSpec({ type: 'bcd16', order: 'BADC' }))).toEqual({ kind: 'value', value: 1234 });
    expect(decodeTag([0x0230], codecSpec({ type: 'bcd16', scale: 0.1 }))).toEqual({ kind: 'value', value: 23 });
    expect(decodeTag([0x1234, 0x5678], codecSpec({ type: 'bcd32' }))).toEqual({ kind: 'value', value: 12345678 });
    expect(decodeTag([0x5678, 0x1234], codecSpec({ type: 'bcd32', order: 'CDAB' }))).toEqual({ kind: 'value', value: 12345678 });
    expect(decodeTag([0x9999, 0x9999], codecSpec({ type: 'bcd32', scale: 0.01 }))).toEqual({ kind: 'value', value: 999999.99 });
  });

  it('reports an invalid nibble as an error, never as a number', () => {
    expect(decodeTag([0x12a4], codecSpec({ type: 'bcd16' }))).toEqual({ kind: 'error', reason: 'invalid BCD digit A in 0x12A4' });
    expect(decodeTag([0xffff], codecSpec({ type: 'bcd16' })).kind).toBe('error');
    expect(decodeTag([0x1234, 0x567f], codecSpec({ type: 'bcd32' }))).toEqual({ kind: 'error', reason: 'invalid BCD digit F in 0x1234567F' });
    expect(decodeTag([0xb000, 0x0000], codecSpec({ type: 'bcd32' })).kind).toBe('error');
    for (let nibble = 0; nibble < 4; nibble++) {
      for (let d = 10; d < 16; d++) expect(decodeTag([d << (nibble * 4)], codecSpec({ type: 'bcd16' })).kind).toBe('error');
    }
  });

  it('round-trips every BCD16 value and a sweep of BCD32, and refuses what BCD cannot hold', () => {
    const b16 = codecSpec({ type: 'bcd16' });
    for (let v = 0; v <= 9999; v++) expect(decodeTag(encodeTag(v, b16), b16)).toEqual({ kind: 'value', value: v });
    for (const order of ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const) {
      const b32 = codecSpec({ type: 'bcd32', order });
      for (let v = 0; v <= 99999999; v += 99991) expect(decodeTag(encodeTag(v, b32), b32)).toEqual({ kind: 'value', value: v });
      expect(decodeTag(encodeTag(99999999, b32), b32)).toEqual({ kind: 'value', value: 99999999 });
    }
    expect(encodeTag(1234, b16)).toEqual([0x1234]);
    expect(() => encodeTag(10000, b16)).toThrow(RangeError);
    expect(() => encodeTag(-1, b16)).toThrow(RangeError);
    expect(() => encodeTag(1.5, b16)).toThrow(RangeError);
  });
});

describe('codec: unix time', () => {
  it('reads uint32 seconds and int64 milliseconds as ISO strings', () => {
    expect(decodeTag([0x6553, 0xf100], codecSpec({ type: 'unix32s' }))).toEqual({ kind: 'value', value: '2023-11-14T22:13:20.000Z' });
    expect(decodeTag([0xf100, 0x6553], codecSpec({ type: 'unix32s', order: 'CDAB' }))).toEqual({ kind: 'value', value: '2023-11-14T22:13:20.000Z' });
    const ms = encodeTag(1700000000123n, codecSpec({ type: 'int64' }));
    expect(decodeTag(ms, codecSpec({ type: 'unix64ms' }))).toEqual({ kind: 'value', value: '2023-11-14T22:13:20.123Z' });
    expect(decodeTag([0xffff, 0xffff, 0xffff, 0xfc18], codecSpec({ type: 'unix64ms' }))).toEqual({ kind: 'value', value: '1969-12-31T23:59:59.000Z' });
    expect(decodeTag([0x7fff, 0xffff, 0xffff, 0xffff], codecSpec({ type: 'unix64ms' })).kind).toBe('error');
    expect(decodeTag([0xffff, 0xffff], codecSpec({ type: 'unix32s' }))).toEqual({ kind: 'value', value: '2106-02-07T06:28:15.000Z' });
  });

  it('writes ISO strings back, and refuses what the register cannot hold', () => {
    for (const order of ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const) {
      const s = codecSpec({ type: 'unix32s', order });
      const m = codecSpec({ type: 'unix64ms', order });
      for (const iso of ['1970-01-01T00:00:00.000Z', '2024-02-29T12:34:56.000Z', '2106-02-07T06:28:15.000Z']) {
        expect(decodeTag(encodeTag(iso, s), s)).toEqual({ kind: 'value', value: iso });
      }
      for (const iso of ['1969-07-20T20:17:40.001Z', '2024-02-29T12:34:56.789Z', '+275760-09-13T00:00:00.000Z']) {
        expect(decodeTag(encodeTag(iso, m), m)).toEqual({ kind: 'value', value: iso });
      }
    }
    expect(() => encodeTag('2024-01-01T00:00:00.5Z', codecSpec({ type: 'unix32s' }))).toThrow(/whole seconds/);
    expect(() => encodeTag('1969-12-31T23:59:59Z', codecSpec({ type: 'unix32s' }))).toThrow(/1970/);
    expect(() => encodeTag('yesterday', codecSpec({ type: 'unix64ms' }))).toThrow(/not a valid time/);
  });
});
