import { type ByteOrder, type DataType, REGISTERS_PER_TYPE } from './types';

/**
 * Numbers in registers. Decoding goes through one scratch DataView: the registers are laid out as big-endian
 * bytes A.. (A most significant) according to the order, then read with the DataView getters. No allocation
 * except the bigint a 64-bit read returns.
 */

export type NumberType = 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
export type BigIntType = 'int64' | 'uint64';
export type NumericType = NumberType | BigIntType;

export const NUMERIC_WIDTH: Record<NumericType, 1 | 2 | 4> = { int16: 1, uint16: 1, int32: 2, uint32: 2, float32: 2, float64: 4, int64: 4, uint64: 4 };

/** Shared scratch: valid from one load() to the next. */
export const scratch = new DataView(new ArrayBuffer(8));

const reverses = (order: ByteOrder): boolean => order === 'CDAB' || order === 'DCBA';
const swaps = (order: ByteOrder): boolean => order === 'BADC' || order === 'DCBA';

/** Put regs[at .. at+width) into the scratch view as big-endian bytes A.. according to the order. */
export function load(regs: readonly number[], at: number, width: number, order: ByteOrder): void {
  const reverse = reverses(order);
  const swap = swaps(order);
  for (let i = 0; i < width; i++) {
    const w = regs[at + (reverse ? width - 1 - i : i)]! & 0xffff;
    scratch.setUint16(i * 2, swap ? ((w & 0xff) << 8) | (w >> 8) : w);
  }
}

/** The inverse of load(): the first `width` words of the scratch view, in wire order. */
export function unload(width: number, order: ByteOrder): number[] {
  const reverse = reverses(order);
  const swap = swaps(order);
  const out = new Array<number>(width);
  for (let i = 0; i < width; i++) {
    const w = scratch.getUint16(i * 2);
    out[reverse ? width - 1 - i : i] = swap ? ((w & 0xff) << 8) | (w >> 8) : w;
  }
  return out;
}

/** One register as a 16-bit word after the byte order (BADC/DCBA swap its bytes). */
export function readWord(regs: readonly number[], at: number, order: ByteOrder): number {
  const w = regs[at]! & 0xffff;
  return swaps(order) ? ((w & 0xff) << 8) | (w >> 8) : w;
}

/** Decode a number type at regs[at]. The caller has checked there are enough registers. */
export function decodeNumber(regs: readonly number[], type: NumberType, order: ByteOrder, at = 0): number {
  load(regs, at, NUMERIC_WIDTH[type], order);
  switch (type) {
    case 'int16':
      return scratch.getInt16(0);
    case 'uint16':
      return scratch.getUint16(0);
    case 'int32':
      return scratch.getInt32(0);
    case 'uint32':
      return scratch.getUint32(0);
    case 'float32':
      return scratch.getFloat32(0);
    default:
      return scratch.getFloat64(0);
  }
}

export function decodeBigInt(regs: readonly number[], type: BigIntType, order: ByteOrder, at = 0): bigint {
  load(regs, at, 4, order);
  return type === 'int64' ? scratch.getBigInt64(0) : scratch.getBigUint64(0);
}

const INT_RANGE: Record<'int16' | 'uint16' | 'int32' | 'uint32', readonly [number, number]> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};
const BIG_RANGE: Record<BigIntType, readonly [bigint, bigint]> = {
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
};

/** Encode a raw number strictly: integers must be whole and in range (no silent wrap), floats must fit. */
export function encodeNumber(raw: number | bigint, type: NumericType, order: ByteOrder): number[] {
  if (type === 'int64' || type === 'uint64') {
    const big = typeof raw === 'bigint' ? raw : toBigInt(raw, type);
    const [lo, hi] = BIG_RANGE[type];
    if (big < lo || big > hi) throw new RangeError(`${big} is out of range for ${type}`);
    if (type === 'int64') scratch.setBigInt64(0, big);
    else scratch.setBigUint64(0, big);
    return unload(4, order);
  }
  const n = typeof raw === 'bigint' ? Number(raw) : raw;
  if (type === 'float32' || type === 'float64') {
    if (type === 'float32' && Number.isFinite(n) && !Number.isFinite(Math.fround(n))) throw new RangeError(`${n} is too large for float32`);
    if (type === 'float32') scratch.setFloat32(0, n);
    else scratch.setFloat64(0, n);
    return unload(NUMERIC_WIDTH[type], order);
  }
  const [lo, hi] = INT_RANGE[type];
  if (!Number.isInteger(n)) throw new RangeError(`${type} holds whole numbers, not ${n}`);
  if (n < lo || n > hi) throw new RangeError(`${n} is out of range for ${type} (${lo}..${hi})`);
  if (type === 'int16' || type === 'uint16') scratch.setUint16(0, n & 0xffff);
  else scratch.setUint32(0, n >>> 0);
  return unload(NUMERIC_WIDTH[type], order);
}

function toBigInt(n: number, type: BigIntType): bigint {
  if (!Number.isInteger(n)) throw new RangeError(`${type} holds whole numbers, not ${n}`);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is beyond 2^53 and would lose precision; pass a bigint or a decimal string`);
  return BigInt(n);
}

/** Turn wire registers into big-endian bytes (A first) according to the byte/word order. */
export function registersToBytes(regs: readonly number[], order: ByteOrder): Uint8Array {
  const out = new Uint8Array(regs.length * 2);
  const reverse = reverses(order);
  const swap = swaps(order);
  for (let i = 0; i < regs.length; i++) {
    const w = regs[reverse ? regs.length - 1 - i : i]! & 0xffff;
    out[i * 2] = swap ? w & 0xff : w >> 8;
    out[i * 2 + 1] = swap ? w >> 8 : w & 0xff;
  }
  return out;
}

/** Inverse of registersToBytes. */
export function bytesToRegisters(bytes: Uint8Array, order: ByteOrder): number[] {
  const swap = swaps(order);
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) {
    const hi = bytes[i] ?? 0;
    const lo = bytes[i + 1] ?? 0;
    words.push(swap ? (lo << 8) | hi : (hi << 8) | lo);
  }
  return reverses(order) ? words.reverse() : words;
}

/** Decode one raw-read value starting at regs[0]. Throws RangeError if there are too few registers. */
export function decodeRegisters(regs: readonly number[], type: DataType, order: ByteOrder = 'ABCD'): number | boolean {
  const width = REGISTERS_PER_TYPE[type];
  if (regs.length < width) throw new RangeError(`${type} needs ${width} registers, got ${regs.length}`);
  if (type === 'bool') return (regs[0]! & 0xffff) !== 0;
  return decodeNumber(regs, type, order, 0);
}

/**
 * Encode one raw-read value into registers in wire order. Like a DataView setter it wraps integers that do not
 * fit (the simulator's generators rely on it); encodeTag() is the strict encoder for writes to devices.
 */
export function encodeValue(value: number | boolean, type: DataType, order: ByteOrder = 'ABCD'): number[] {
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  switch (type) {
    case 'bool':
      scratch.setUint16(0, n ? 1 : 0);
      break;
    case 'int16':
      scratch.setInt16(0, n);
      break;
    case 'uint16':
      scratch.setUint16(0, n);
      break;
    case 'int32':
      scratch.setInt32(0, n);
      break;
    case 'uint32':
      scratch.setUint32(0, n);
      break;
    case 'float32':
      scratch.setFloat32(0, n);
      break;
    case 'float64':
      scratch.setFloat64(0, n);
      break;
  }
  return unload(REGISTERS_PER_TYPE[type], order);
}

/** Decode a run of registers as consecutive values of one type (e.g. 4 registers as two float32). */
export function decodeRun(
  regs: readonly number[],
  type: DataType,
  order: ByteOrder = 'ABCD',
): { offset: number; registers: number[]; value: number | boolean }[] {
  const width = REGISTERS_PER_TYPE[type];
  const out: { offset: number; registers: number[]; value: number | boolean }[] = [];
  for (let i = 0; i + width <= regs.length; i += width) {
    const slice = regs.slice(i, i + width);
    out.push({ offset: i, registers: slice, value: decodeRegisters(slice, type, order) });
  }
  return out;
}

export function toHex16(word: number): string {
  return word.toString(16).toUpperCase().padStart(4, '0');
}
