import type { ByteOrder } from './types';

/**
 * 8-bit strings packed two characters per register. Registers are read in address order; the byte order only
 * decides which half of each register comes first: ABCD/CDAB high byte first (the common case), BADC/DCBA low
 * byte first. Bytes are Latin-1 (ASCII plus the upper half, so a "°" survives). The text ends at the first NUL
 * and trailing spaces are trimmed.
 */

export function lowByteFirst(order: ByteOrder): boolean {
  return order === 'BADC' || order === 'DCBA';
}

export function decodeString(regs: readonly number[], at: number, length: number, order: ByteOrder): string {
  const low = lowByteFirst(order);
  let out = '';
  for (let i = at; i < at + length; i++) {
    const w = regs[i]! & 0xffff;
    const first = low ? w & 0xff : w >> 8;
    if (first === 0) break;
    out += String.fromCharCode(first);
    const second = low ? w >> 8 : w & 0xff;
    if (second === 0) break;
    out += String.fromCharCode(second);
  }
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 0x20) end--;
  return end === out.length ? out : out.slice(0, end);
}

/** Encode text into `length` registers, NUL padded. Throws RangeError if it does not fit or is not 8-bit. */
export function encodeString(text: string, length: number, order: ByteOrder): number[] {
  if (text.length > length * 2) throw new RangeError(`"${text}" has ${text.length} characters; ${length} registers hold ${length * 2}`);
  const low = lowByteFirst(order);
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) {
    const a = byteAt(text, i * 2);
    const b = byteAt(text, i * 2 + 1);
    out[i] = low ? (b << 8) | a : (a << 8) | b;
  }
  return out;
}

function byteAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c === 0) throw new RangeError('a string cannot contain NUL: it ends the text');
  if (c > 0xff) throw new RangeError(`"${text[i]}" is not an 8-bit character`);
  return c;
}
