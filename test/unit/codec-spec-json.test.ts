import { describe, expect, it } from 'vitest';
import {
  DecodeResultJson,
  NOT_IMPLEMENTED,
  TagCodecSpec,
  type TagCodecSpecInput,
  codecSpec,
  decodeTag,
  encodeTag,
  fromJsonValue,
  jsonReplacer,
  tagWidth,
  toJsonResult,
  toJsonValue,
} from '../../src/shared/codec';

describe('codec: the tag codec spec', () => {
  it('fills defaults and accepts either spelling of an order', () => {
    expect(codecSpec({ type: 'uint16' })).toEqual({ type: 'uint16', order: 'ABCD', scale: 1, offset: 0, sentinel: 'none' });
    const a = codecSpec({ type: 'int64', order: 'GHEFCDAB' });
    const b = codecSpec({ type: 'int64', order: 'CDAB' });
    const regs = [0x1111, 0x2222, 0x3333, 0x4444];
    expect(decodeTag(regs, a)).toEqual(decodeTag(regs, b));
    expect(decodeTag(regs, a)).toEqual({ kind: 'value', value: 0x4444333322221111n });
    expect(tagWidth(codecSpec({ type: 'string', length: 8 }))).toBe(8);
    expect(tagWidth(codecSpec({ type: 'unix64ms' }))).toBe(4);
  });

  const bad: [string, TagCodecSpecInput | Record<string, unknown>, string][] = [
    ['a bit tag without a bit', { type: 'bit' }, 'bit'],
    ['a bit number above 15', { type: 'bit', bit: 16 }, 'bit'],
    ['a bit number on a uint16', { type: 'uint16', bit: 3 }, 'bit'],
    ['a string without a length', { type: 'string' }, 'length'],
    ['a scale of zero', { type: 'uint16', scale: 0 }, 'scale'],
    ['a scaled string', { type: 'string', length: 2, scale: 0.1 }, 'scale'],
    ['a scale factor on an enum', { type: 'enum16', sfAddress: 3 }, 'sfAddress'],
    ['labels on a uint16', { type: 'uint16', labels: { '1': 'On' } }, 'labels'],
    ['a non-numeric label key', { type: 'enum16', labels: { on: 'On' } }, 'labels'],
    ['bit 16 on a bitfield16', { type: 'bitfield16', flags: { '16': 'x' } }, 'flags'],
    ['the accumulator sentinel on an int16', { type: 'int16', sentinel: 'sunspec-acc' }, 'sentinel'],
    ['a clamp with min above max', { type: 'int16', clamp: { min: 5, max: 1 } }, 'clamp'],
    ['an unknown order', { type: 'int32', order: 'ACBD' }, 'order'],
    ['an unknown type', { type: 'int24' }, 'type'],
  ];
  it.each(bad)('rejects %s', (_name, input, path) => {
    const r = TagCodecSpec.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0])).toContain(path);
  });
});

describe('codec: values across JSON', () => {
  it('keeps 64-bit values exact: numbers while safe, decimal strings beyond 2^53', () => {
    expect(toJsonValue(2n ** 53n - 1n)).toBe(9007199254740991);
    expect(toJsonValue(-(2n ** 53n) + 1n)).toBe(-9007199254740991);
    expect(toJsonValue(2n ** 53n + 1n)).toBe('9007199254740993');
    expect(toJsonValue(2n ** 64n - 1n)).toBe('18446744073709551615');
    const spec = codecSpec({ type: 'uint64' });
    for (const v of [0n, 1n, 2n ** 53n + 1n, 2n ** 64n - 1n, 12345678901234567890n]) {
      const regs = encodeTag(v, spec);
      const decoded = decodeTag(regs, spec);
      const wire = JSON.parse(JSON.stringify(toJsonResult(decoded))) as unknown;
      const parsed = DecodeResultJson.parse(wire);
      if (parsed.kind !== 'value') throw new Error('expected a value');
      expect(fromJsonValue(parsed.value, spec)).toBe(v);
      expect(encodeTag(fromJsonValue(parsed.value, spec), spec)).toEqual(regs);
    }
    expect(() => fromJsonValue(1.5, spec)).toThrow(TypeError);
  });

  it('carries NaN and infinities as strings and brings them back for float tags only', () => {
    expect(toJsonValue(NaN)).toBe('NaN');
    expect(toJsonValue(-Infinity)).toBe('-Infinity');
    expect(fromJsonValue('NaN', codecSpec({ type: 'float32' }))).toBeNaN();
    expect(fromJsonValue('Infinity', codecSpec({ type: 'float64' }))).toBe(Infinity);
    expect(fromJsonValue('NaN', codecSpec({ type: 'string', length: 2 }))).toBe('NaN');
    expect(JSON.stringify({ a: 2n ** 60n, b: NaN, c: 1 }, jsonReplacer)).toBe('{"a":"1152921504606846976","b":"NaN","c":1}');
  });

  it('validates every kind of result against the contract schema', () => {
    const results = [
      decodeTag([4], codecSpec({ type: 'enum16', labels: { '4': 'MPPT' } })),
      decodeTag([30000], codecSpec({ type: 'int16', clamp: { max: 100 } })),
      decodeTag([0b11], codecSpec({ type: 'bitfield16' })),
      decodeTag([0x5375, 0x6e53], codecSpec({ type: 'string', length: 2 })),
      decodeTag([1], codecSpec({ type: 'bool' })),
      decodeTag([0x8000], codecSpec({ type: 'int16', sentinel: 'sunspec' })),
      decodeTag([0xabcd], codecSpec({ type: 'bcd16' })),
    ];
    const json = results.map((r) => DecodeResultJson.parse(JSON.parse(JSON.stringify(toJsonResult(r)))));
    expect(json).toEqual([
      { kind: 'value', value: 4, label: 'MPPT' },
      { kind: 'value', value: 100, clamped: true },
      { kind: 'value', value: ['bit 0', 'bit 1'] },
      { kind: 'value', value: 'SunS' },
      { kind: 'value', value: true },
      NOT_IMPLEMENTED,
      { kind: 'error', reason: 'invalid BCD digit A in 0xABCD' },
    ]);
  });
});
