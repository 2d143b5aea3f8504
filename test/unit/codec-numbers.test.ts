import { describe, expect, it } from 'vitest';
import { TagOrder, type TagValue, codecSpec, decodeTag, encodeTag } from '../../src/shared/codec';
import { decodeRegisters, encodeValue } from '../../src/shared/codec/registers';

/** Deterministic PRNG (mulberry32), so a failure names a value that reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const u32 = (r: () => number) => Math.floor(r() * 2 ** 32);

/**
 * The reference layout, written from the order names themselves and not from the codec: the value's big-endian
 * bytes A, B, C... go on the wire in the sequence the name spells (16-bit values: swapped or not).
 */
const LAYOUT_32: Record<TagOrder, string> = { ABCD: 'ABCD', CDAB: 'CDAB', BADC: 'BADC', DCBA: 'DCBA', ABCDEFGH: 'ABCD', GHEFCDAB: 'CDAB', BADCFEHG: 'BADC', HGFEDCBA: 'DCBA' };
const LAYOUT_64: Record<TagOrder, string> = { ABCD: 'ABCDEFGH', CDAB: 'GHEFCDAB', BADC: 'BADCFEHG', DCBA: 'HGFEDCBA', ABCDEFGH: 'ABCDEFGH', GHEFCDAB: 'GHEFCDAB', BADCFEHG: 'BADCFEHG', HGFEDCBA: 'HGFEDCBA' };
function wire(bytes: Uint8Array, order: TagOrder): number[] {
  const layout = bytes.length === 2 ? (LAYOUT_32[order].startsWith('BA') || LAYOUT_32[order].startsWith('DC') ? 'BA' : 'AB') : bytes.length === 4 ? LAYOUT_32[order] : LAYOUT_64[order];
  const seq = [...layout].map((l) => bytes[l.charCodeAt(0) - 65]!);
  const regs: number[] = [];
  for (let i = 0; i < seq.length; i += 2) regs.push((seq[i]! << 8) | seq[i + 1]!);
  return regs;
}

type NumType = 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64' | 'int64' | 'uint64';
const WIDTH: Record<NumType, number> = { int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8, int64: 8, uint64: 8 };
function bigEndian(type: NumType, v: TagValue): Uint8Array {
  const view = new DataView(new ArrayBuffer(WIDTH[type]));
  if (type === 'int16') view.setInt16(0, v as number);
  if (type === 'uint16') view.setUint16(0, v as number);
  if (type === 'int32') view.setInt32(0, v as number);
  if (type === 'uint32') view.setUint32(0, v as number);
  if (type === 'float32') view.setFloat32(0, v as number);
  if (type === 'float64') view.setFloat64(0, v as number);
  if (type === 'int64') view.setBigInt64(0, v as bigint);
  if (type === 'uint64') view.setBigUint64(0, v as bigint);
  return new Uint8Array(view.buffer);
}

function samples(type: NumType): TagValue[] {
  const r = rng(type.length * 7919 + type.charCodeAt(0));
  const many = (f: () => TagValue) => Array.from({ length: 300 }, f);
  const finiteFloat = (bits: () => number, width: 4 | 8) => () => {
    const view = new DataView(new ArrayBuffer(8));
    for (;;) {
      if (width === 4) view.setUint32(0, bits());
      else view.setBigUint64(0, (BigInt(bits()) << 32n) | BigInt(bits()));
      const v = width === 4 ? view.getFloat32(0) : view.getFloat64(0);
      if (!Number.isNaN(v)) return v;
    }
  };
  switch (type) {
    case 'int16':
      return [-32768, -32767, -1, 0, 1, 255, 256, 32767, ...many(() => Math.floor(r() * 65536) - 32768)];
    case 'uint16':
      return [0, 1, 255, 256, 0x8000, 65535, ...many(() => Math.floor(r() * 65536))];
    case 'int32':
      return [-2147483648, -123456, -1, 0, 65535, 65536, 2147483647, ...many(() => u32(r) | 0)];
    case 'uint32':
      return [0, 65535, 65536, 0x80000000, 4294967295, ...many(() => u32(r))];
    case 'float32':
      return [0, -0, 1.5, -1.5, 25.5, Math.fround(230.1), 3.4028234663852886e38, 1.401298464324817e-45, Infinity, -Infinity, NaN, ...many(finiteFloat(() => u32(r), 4)), ...many(() => Math.fround((r() - 0.5) * 1e6))];
    case 'float64':
      return [0, -0, Math.PI, -1e300, 5e-324, Number.MAX_VALUE, Infinity, NaN, ...many(finiteFloat(() => u32(r), 8))];
    case 'int64':
      return [-(2n ** 63n), -1n, 0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, ...many(() => BigInt.asIntN(64, (BigInt(u32(r)) << 32n) | BigInt(u32(r))))];
    case 'uint64':
      return [0n, 1n, 2n ** 53n + 1n, 2n ** 64n - 1n, ...many(() => (BigInt(u32(r)) << 32n) | BigInt(u32(r)))];
  }
}

describe('codec: numbers in every byte and word order', () => {
  it('matches the layout the order names spell, both ways, for every type × order (including the 8-letter names)', () => {
    let checked = 0;
    for (const type of ['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'int64', 'uint64'] as const) {
      for (const order of TagOrder.options) {
        const spec = codecSpec({ type, order });
        for (const v of samples(type)) {
          const regs = wire(bigEndian(type, v), order);
          const label = `${type} ${order} ${String(v)}`;
          expect(encodeTag(v, spec), label).toEqual(regs);
          const d = decodeTag(regs, spec);
          expect(d.kind, label).toBe('value');
          if (d.kind === 'value') expect(d.value, label).toBe(v);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15000);
  });

  it('decodes known vectors from real devices', () => {
    const f = (regs: number[], type: 'float32' | 'float64' | 'int32' | 'uint32' | 'int64' | 'uint64', order: TagOrder) => decodeTag(regs, codecSpec({ type, order }));
    expect(f([0x41cc, 0x0000], 'float32', 'ABCD')).toEqual({ kind: 'value', value: 25.5 });
    expect(f([0x0000, 0x41cc], 'float32', 'CDAB')).toEqual({ kind: 'value', value: 25.5 });
    expect(f([0xcc41, 0x0000], 'float32', 'BADC')).toEqual({ kind: 'value', value: 25.5 });
    expect(f([0x0000, 0xcc41], 'float32', 'DCBA')).toEqual({ kind: 'value', value: 25.5 });
    // 230.1 V as a meter writes it word-swapped.
    expect(f([0x199a, 0x4366], 'float32', 'CDAB')).toEqual({ kind: 'value', value: Math.fround(230.1) });
    expect(f([0xfffe, 0x1dc0], 'int32', 'ABCD')).toEqual({ kind: 'value', value: -123456 });
    expect(f([0x1dc0, 0xfffe], 'int32', 'CDAB')).toEqual({ kind: 'value', value: -123456 });
    // An energy counter of 4,294,967,296 Wh (just past uint32) as uint64, and the same words little-endian.
    expect(f([0x0000, 0x0001, 0x0000, 0x0000], 'uint64', 'ABCDEFGH')).toEqual({ kind: 'value', value: 4294967296n });
    expect(f([0x0000, 0x0000, 0x0100, 0x0000], 'uint64', 'HGFEDCBA')).toEqual({ kind: 'value', value: 4294967296n });
    expect(f([0x4009, 0x21fb, 0x5444, 0x2d18], 'float64', 'ABCD')).toEqual({ kind: 'value', value: Math.PI });
    expect(f([0x2d18, 0x5444, 0x21fb, 0x4009], 'float64', 'GHEFCDAB')).toEqual({ kind: 'value', value: Math.PI });
    expect(f([0x7fff, 0xffff, 0xffff, 0xffff], 'int64', 'ABCD')).toEqual({ kind: 'value', value: 9223372036854775807n });
  });

  it('decodes a tag inside a block without slicing, and reports too few registers as an error', () => {
    const block = [0xdead, 0x0000, 0x41cc, 0xbeef];
    expect(decodeTag(block, codecSpec({ type: 'float32', order: 'CDAB' }), { at: 1 })).toEqual({ kind: 'value', value: 25.5 });
    expect(decodeTag(block, codecSpec({ type: 'float32' }), { at: 3 })).toEqual({ kind: 'error', reason: 'float32 needs 2 registers, got 1' });
    expect(decodeTag([1, 2, 3], codecSpec({ type: 'uint64' })).kind).toBe('error');
  });

  it('reads bool and bit-in-register, and writes one bit as a read-modify-write', () => {
    for (let bit = 0; bit < 16; bit++) {
      const spec = codecSpec({ type: 'bit', bit });
      expect(decodeTag([1 << bit], spec)).toEqual({ kind: 'value', value: true });
      expect(decodeTag([~(1 << bit) & 0xffff], spec)).toEqual({ kind: 'value', value: false });
    }
    expect(decodeTag([0x0100], codecSpec({ type: 'bit', bit: 0, order: 'BADC' }))).toEqual({ kind: 'value', value: true });
    expect(decodeTag([0x0100], codecSpec({ type: 'bit', bit: 8 }))).toEqual({ kind: 'value', value: true });
    expect(encodeTag(true, codecSpec({ type: 'bit', bit: 0 }), { current: [0x00f0] })).toEqual([0x00f1]);
    expect(encodeTag(false, codecSpec({ type: 'bit', bit: 4 }), { current: [0x00f0] })).toEqual([0x00e0]);
    expect(encodeTag(true, codecSpec({ type: 'bit', bit: 0, order: 'BADC' }), { current: [0xf000] })).toEqual([0xf100]);
    expect(() => encodeTag(true, codecSpec({ type: 'bit', bit: 3 }))).toThrow(/read-modify-write/);
    expect(decodeTag([0x0004], codecSpec({ type: 'bool' }))).toEqual({ kind: 'value', value: true });
    expect(decodeTag([0], codecSpec({ type: 'bool' }))).toEqual({ kind: 'value', value: false });
    expect(encodeTag(true, codecSpec({ type: 'bool', order: 'DCBA' }))).toEqual([1]);
  });

  it('refuses to wrap, truncate or round when encoding', () => {
    expect(() => encodeTag(40000, codecSpec({ type: 'int16' }))).toThrow(RangeError);
    expect(() => encodeTag(-1, codecSpec({ type: 'uint32' }))).toThrow(RangeError);
    expect(() => encodeTag(1.5, codecSpec({ type: 'int32' }))).toThrow(/whole numbers/);
    expect(() => encodeTag(1e39, codecSpec({ type: 'float32' }))).toThrow(/too large/);
    expect(() => encodeTag(2 ** 60, codecSpec({ type: 'uint64' }))).toThrow(/2\^53/);
    expect(() => encodeTag(2n ** 64n, codecSpec({ type: 'uint64' }))).toThrow(RangeError);
    expect(() => encodeTag(true, codecSpec({ type: 'int16' }))).toThrow(TypeError);
    expect(encodeTag('1152921504606846977', codecSpec({ type: 'uint64' }))).toEqual([0x1000, 0x0000, 0x0000, 0x0001]);
    expect(encodeTag('-12', codecSpec({ type: 'int16' }))).toEqual([0xfff4]);
  });

  it('keeps the raw-read helpers consistent with decodeTag', () => {
    for (const order of ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const) {
      for (const type of ['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] as const) {
        const regs = encodeValue(123, type, order);
        expect(decodeRegisters(regs, type, order)).toBe(123);
        expect(decodeTag(regs, codecSpec({ type, order }))).toEqual({ kind: 'value', value: 123 });
      }
    }
  });
});
