import { type ByteOrder, type DataType, REGISTERS_PER_TYPE } from './types';

/**
 * Turn wire registers into big-endian bytes (A first) according to the byte/word order.
 * For 64-bit values the same rule applies per 32-bit half pattern: CDAB reverses the word order,
 * BADC swaps bytes inside each word, DCBA does both.
 */
export function registersToBytes(regs: readonly number[], order: ByteOrder): Uint8Array {
  const n = regs.length;
  const words = order === 'CDAB' || order === 'DCBA' ? [...regs].reverse() : [...regs];
  const swapBytes = order === 'BADC' || order === 'DCBA';
  const out = new Uint8Array(n * 2);
  words.forEach((w, i) => {
    const hi = (w >> 8) & 0xff;
    const lo = w & 0xff;
    out[i * 2] = swapBytes ? lo : hi;
    out[i * 2 + 1] = swapBytes ? hi : lo;
  });
  return out;
}

/** Inverse of registersToBytes. */
export function bytesToRegisters(bytes: Uint8Array, order: ByteOrder): number[] {
  const swapBytes = order === 'BADC' || order === 'DCBA';
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) {
    const hi = bytes[i] ?? 0;
    const lo = bytes[i + 1] ?? 0;
    words.push(swapBytes ? (lo << 8) | hi : (hi << 8) | lo);
  }
  return order === 'CDAB' || order === 'DCBA' ? words.reverse() : words;
}

const scratch = new DataView(new ArrayBuffer(8));

/** Put `width` registers into the scratch view as big-endian bytes A.. according to the order (no allocation). */
function loadScratch(regs: readonly number[], width: number, order: ByteOrder): void {
  const reverse = order === 'CDAB' || order === 'DCBA';
  const swap = order === 'BADC' || order === 'DCBA';
  for (let i = 0; i < width; i++) {
    const w = regs[reverse ? width - 1 - i : i]! & 0xffff;
    scratch.setUint16(i * 2, swap ? ((w & 0xff) << 8) | (w >> 8) : w);
  }
}

/** Decode one value starting at regs[0]. Throws RangeError if there are too few registers. */
export function decodeRegisters(regs: readonly number[], type: DataType, order: ByteOrder = 'ABCD'): number | boolean {
  const width = REGISTERS_PER_TYPE[type];
  if (regs.length < width) throw new RangeError(`${type} needs ${width} registers, got ${regs.length}`);
  if (width === 1) {
    const w = regs[0]! & 0xffff;
    if (type === 'uint16') return w;
    if (type === 'int16') return (w << 16) >> 16;
    return w !== 0;
  }
  loadScratch(regs, width, order);
  switch (type) {
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

/** Encode one value into registers in wire order. */
export function encodeValue(value: number | boolean, type: DataType, order: ByteOrder = 'ABCD'): number[] {
  const width = REGISTERS_PER_TYPE[type];
  const bytes = new Uint8Array(width * 2);
  const view = new DataView(bytes.buffer);
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  switch (type) {
    case 'bool':
      view.setUint16(0, n ? 1 : 0);
      break;
    case 'int16':
      view.setInt16(0, n);
      break;
    case 'uint16':
      view.setUint16(0, n);
      break;
    case 'int32':
      view.setInt32(0, n);
      break;
    case 'uint32':
      view.setUint32(0, n);
      break;
    case 'float32':
      view.setFloat32(0, n);
      break;
    case 'float64':
      view.setFloat64(0, n);
      break;
  }
  return bytesToRegisters(bytes, width === 1 ? 'ABCD' : order);
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
