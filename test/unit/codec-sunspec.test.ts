import { describe, expect, it } from 'vitest';
import { type TagCodecSpecInput, codecSpec, decodeTag, encodeTag } from '../../src/shared/codec';

const NI = { kind: 'not-implemented' };
const dec = (regs: number[], spec: TagCodecSpecInput, ctx?: { at?: number; sf?: number }) => decodeTag(regs, codecSpec(spec), ctx);

describe('codec: not-implemented sentinels', () => {
  const cases: [string, number[], TagCodecSpecInput][] = [
    ['int16 0x8000', [0x8000], { type: 'int16' }],
    ['uint16 0xFFFF', [0xffff], { type: 'uint16' }],
    ['int32 0x80000000', [0x8000, 0x0000], { type: 'int32' }],
    ['int32 0x80000000 word-swapped', [0x0000, 0x8000], { type: 'int32', order: 'CDAB' }],
    ['uint32 0xFFFFFFFF', [0xffff, 0xffff], { type: 'uint32' }],
    ['int64 0x8000000000000000', [0x8000, 0, 0, 0], { type: 'int64' }],
    ['int64 little-endian', [0, 0, 0, 0x0080], { type: 'int64', order: 'HGFEDCBA' }],
    ['uint64 all ones', [0xffff, 0xffff, 0xffff, 0xffff], { type: 'uint64' }],
    ['float32 quiet NaN', [0x7fc0, 0x0000], { type: 'float32' }],
    ['float32 other NaN', [0xffff, 0xffff], { type: 'float32', order: 'CDAB' }],
    ['float64 NaN', [0x7ff8, 0, 0, 0], { type: 'float64' }],
    ['string all NUL', [0, 0, 0, 0], { type: 'string', length: 4 }],
    ['enum16 0xFFFF', [0xffff], { type: 'enum16', labels: { '1': 'Off' } }],
    ['enum32 0xFFFFFFFF', [0xffff, 0xffff], { type: 'enum32' }],
    ['bitfield16 0xFFFF', [0xffff], { type: 'bitfield16' }],
    ['bitfield32 0xFFFFFFFF', [0xffff, 0xffff], { type: 'bitfield32' }],
    ['unix32s 0xFFFFFFFF', [0xffff, 0xffff], { type: 'unix32s' }],
    ['int16 with a scale', [0x8000], { type: 'int16', scale: 0.1, offset: 5 }],
  ];
  it.each(cases)('%s is not implemented under SunSpec, never a number', (_name, regs, spec) => {
    expect(dec(regs, { ...spec, sentinel: 'sunspec' })).toEqual(NI);
    expect(dec(regs, { ...spec, sentinel: 'none' }).kind).not.toBe('not-implemented');
  });

  it('treats 0 as not accumulated for acc16/acc32/acc64', () => {
    expect(dec([0], { type: 'uint16', sentinel: 'sunspec-acc' })).toEqual(NI);
    expect(dec([0, 0], { type: 'uint32', sentinel: 'sunspec-acc' })).toEqual(NI);
    expect(dec([0, 0, 0, 0], { type: 'uint64', sentinel: 'sunspec-acc' })).toEqual(NI);
    expect(dec([0, 1], { type: 'uint32', sentinel: 'sunspec-acc' })).toEqual({ kind: 'value', value: 1 });
    expect(dec([0xffff, 0xffff], { type: 'uint32', sentinel: 'sunspec-acc' })).toEqual({ kind: 'value', value: 4294967295 });
  });

  it('keeps the neighbours of a sentinel as numbers', () => {
    expect(dec([0x8001], { type: 'int16', sentinel: 'sunspec' })).toEqual({ kind: 'value', value: -32767 });
    expect(dec([0xfffe], { type: 'uint16', sentinel: 'sunspec' })).toEqual({ kind: 'value', value: 65534 });
    expect(dec([0x8000, 0x0001], { type: 'int32', sentinel: 'sunspec' })).toEqual({ kind: 'value', value: -2147483647 });
    expect(dec([0x7f80, 0x0000], { type: 'float32', sentinel: 'sunspec' })).toEqual({ kind: 'value', value: Infinity });
    expect(dec([0x4100, 0, 0, 0], { type: 'string', length: 4, sentinel: 'sunspec' })).toEqual({ kind: 'value', value: 'A' });
  });

  it('refuses to write a value that would read back as not implemented', () => {
    expect(() => encodeTag(65535, codecSpec({ type: 'uint16', sentinel: 'sunspec' }))).toThrow(/not implemented/);
    expect(() => encodeTag(-32768, codecSpec({ type: 'int16', sentinel: 'sunspec' }))).toThrow(/not implemented/);
    expect(() => encodeTag(NaN, codecSpec({ type: 'float32', sentinel: 'sunspec' }))).toThrow(/NaN/);
    expect(() => encodeTag('', codecSpec({ type: 'string', length: 2, sentinel: 'sunspec' }))).toThrow(/not implemented/);
    expect(() => encodeTag(0, codecSpec({ type: 'uint32', sentinel: 'sunspec-acc' }))).toThrow(/not accumulated/);
    expect(encodeTag(65534, codecSpec({ type: 'uint16', sentinel: 'sunspec' }))).toEqual([0xfffe]);
  });
});

describe('codec: SunSpec scale factors', () => {
  // Part of SunSpec model 103 (three-phase inverter): A, AphA, AphB, AphC, A_SF, PPVphAB, ..., PhVphA, ..., V_SF.
  const block = [1234, 411, 412, 0xffff, 0xfffe, 0xffff, 0xffff, 0xffff, 2301, 2299, 2305, 0xffff];
  const amps = (at: number) => dec(block, { type: 'uint16', sfAddress: 4, sentinel: 'sunspec' }, { at, sf: block[4] });
  const volts = (at: number) => dec(block, { type: 'uint16', sfAddress: 11, sentinel: 'sunspec' }, { at, sf: block[11] });

  it('applies value * 10^sf from the scale-factor register', () => {
    expect(amps(0)).toEqual({ kind: 'value', value: 12.34 });
    expect(amps(1)).toEqual({ kind: 'value', value: 4.11 });
    expect(amps(3)).toEqual(NI);
    expect(volts(8)).toEqual({ kind: 'value', value: 230.1 });
    expect(volts(5)).toEqual(NI);
    expect(dec([7], { type: 'int16', sfAddress: 0 }, { sf: 3 })).toEqual({ kind: 'value', value: 7000 });
    expect(dec([0xfff9], { type: 'int16', sfAddress: 0 }, { sf: 0 })).toEqual({ kind: 'value', value: -7 });
  });

  it('reports a scale factor of 0x8000 as not implemented and a missing or wild one as an error', () => {
    expect(dec([1234], { type: 'uint16', sfAddress: 9 }, { sf: 0x8000 })).toEqual(NI);
    expect(dec([1234], { type: 'uint16', sfAddress: 9 })).toEqual({ kind: 'error', reason: 'the scale factor register was not read' });
    expect(dec([1234], { type: 'uint16', sfAddress: 9 }, { sf: 11 })).toEqual({ kind: 'error', reason: 'scale factor 11 is outside -10..10' });
  });

  it('writes through the scale factor and refuses a missing one', () => {
    const spec = codecSpec({ type: 'int16', sfAddress: 4, sentinel: 'sunspec' });
    expect(encodeTag(12.34, spec, { sf: 0xfffe })).toEqual([1234]);
    expect(encodeTag(-0.5, spec, { sf: 0xffff })).toEqual([0xfffb]);
    expect(() => encodeTag(12.345, spec, { sf: 0xfffe })).toThrow(/step/);
    expect(() => encodeTag(1, spec, { sf: 0x8000 })).toThrow(/not implemented/);
    expect(() => encodeTag(1, spec)).toThrow(/not read/);
  });
});

describe('codec: linear scaling, offset and clamping', () => {
  it('applies raw * scale + offset with clean decimals', () => {
    expect(dec([2301], { type: 'uint16', scale: 0.1 })).toEqual({ kind: 'value', value: 230.1 });
    expect(dec([0xfe70], { type: 'int16', scale: 0.1 })).toEqual({ kind: 'value', value: -40 });
    expect(dec([1000], { type: 'int16', scale: 0.1, offset: -50 })).toEqual({ kind: 'value', value: 50 });
    expect(dec([13824], { type: 'int16', scale: 100 / 27648 })).toEqual({ kind: 'value', value: 50 });
    expect(dec([12], { type: 'uint16', scale: 1000 })).toEqual({ kind: 'value', value: 12000 });
    expect(dec([0x0000, 0x41cc], { type: 'float32', order: 'CDAB', scale: 2, offset: 1 })).toEqual({ kind: 'value', value: 52 });
    // A 64-bit energy counter in Wh shown in kWh becomes an engineering number.
    expect(dec([0, 0, 0x0001, 0x2345], { type: 'uint64', scale: 0.001 })).toEqual({ kind: 'value', value: 74.565 });
  });

  it('clamps to the range and says so', () => {
    const spec: TagCodecSpecInput = { type: 'int16', scale: 100 / 27648, clamp: { min: 0, max: 100 } };
    expect(dec([30000], spec)).toEqual({ kind: 'value', value: 100, clamped: true });
    expect(dec([0xffd8], spec)).toEqual({ kind: 'value', value: 0, clamped: true });
    expect(dec([13824], spec)).toEqual({ kind: 'value', value: 50 });
  });

  it('round-trips scaled values and never clamps or rounds away a write', () => {
    const spec = codecSpec({ type: 'int16', scale: 0.1, offset: -50, clamp: { min: -100, max: 100 } });
    for (let raw = -500; raw <= 1500; raw += 3) {
      const d = decodeTag([raw & 0xffff], spec);
      if (d.kind !== 'value') throw new Error('expected a value');
      expect(encodeTag(d.value, spec), String(d.value)).toEqual([raw & 0xffff]);
    }
    expect(() => encodeTag(120, spec)).toThrow(/clamp maximum/);
    expect(() => encodeTag(-101, spec)).toThrow(/clamp minimum/);
    expect(() => encodeTag(10.05, spec)).toThrow(/step/);
    expect(encodeTag(230.1, codecSpec({ type: 'uint16', scale: 0.1 }))).toEqual([2301]);
    expect(encodeTag(74.565, codecSpec({ type: 'uint64', scale: 0.001 }))).toEqual([0, 0, 0x0001, 0x2345]);
  });
});

describe('codec: enums and bit fields', () => {
  const labels = { '1': 'Off', '2': 'Sleeping', '4': 'MPPT', '7': 'Fault' };
  it('labels enum values and keeps unknown ones as numbers', () => {
    expect(dec([4], { type: 'enum16', labels })).toEqual({ kind: 'value', value: 4, label: 'MPPT' });
    expect(dec([9], { type: 'enum16', labels })).toEqual({ kind: 'value', value: 9 });
    expect(dec([0x0007, 0x0000], { type: 'enum32', order: 'CDAB', labels })).toEqual({ kind: 'value', value: 7, label: 'Fault' });
    expect(encodeTag('sleeping', codecSpec({ type: 'enum16', labels }))).toEqual([2]);
    expect(encodeTag(7, codecSpec({ type: 'enum32', labels }))).toEqual([0, 7]);
    expect(() => encodeTag('Running', codecSpec({ type: 'enum16', labels }))).toThrow(/Off, Sleeping/);
  });

  it('lists the set flags of a status word, naming unnamed bits', () => {
    const flags = { '0': 'Ground fault', '3': 'Over temperature', '15': 'Grid loss' };
    const spec = codecSpec({ type: 'bitfield16', flags });
    expect(dec([0b101001], { type: 'bitfield16', flags })).toEqual({ kind: 'value', value: ['Ground fault', 'Over temperature', 'bit 5'] });
    expect(dec([0], { type: 'bitfield16', flags })).toEqual({ kind: 'value', value: [] });
    expect(dec([0x8000], { type: 'bitfield16', flags })).toEqual({ kind: 'value', value: ['Grid loss'] });
    expect(encodeTag(['Over temperature', 'bit 5', 'Ground fault'], spec)).toEqual([0b101001]);
    expect(() => encodeTag(['Overheat'], spec)).toThrow(/not a flag/);
    const wide = codecSpec({ type: 'bitfield32', order: 'CDAB', flags: { '31': 'Stop', '16': 'Warn' } });
    expect(decodeTag([0x0001, 0x8011], wide)).toEqual({ kind: 'value', value: ['bit 0', 'Warn', 'bit 20', 'Stop'] });
    expect(decodeTag(encodeTag(['Stop', 'bit 20', 'bit 0'], wide), wide)).toEqual({ kind: 'value', value: ['bit 0', 'bit 20', 'Stop'] });
  });
});
