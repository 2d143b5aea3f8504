import { scratch } from './registers';
import type { Sentinel, TagType } from './types';

/**
 * "Not implemented" sentinels. SunSpec marks a point the device does not have with a reserved raw value; it must
 * show as not implemented, never as a number. These checks look at the raw bits, before any scaling.
 */

/** A 16-bit raw word (0..65535) of a signed or unsigned type. */
export function isSentinel16(word: number, signed: boolean, mode: Sentinel): boolean {
  if (mode === 'sunspec') return word === (signed ? 0x8000 : 0xffff);
  if (mode === 'sunspec-acc') return !signed && word === 0;
  return false;
}

/** A 32-bit raw value, as the uint32 of its bits. */
export function isSentinel32(bits: number, signed: boolean, mode: Sentinel): boolean {
  if (mode === 'sunspec') return bits === (signed ? 0x80000000 : 0xffffffff);
  if (mode === 'sunspec-acc') return !signed && bits === 0;
  return false;
}

/** The 64-bit value currently in the scratch view (after load()), checked without making a bigint. */
export function isScratchSentinel64(signed: boolean, mode: Sentinel): boolean {
  if (mode === 'none') return false;
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  if (mode === 'sunspec-acc') return !signed && hi === 0 && lo === 0;
  return signed ? hi === 0x80000000 && lo === 0 : hi === 0xffffffff && lo === 0xffffffff;
}

export function isFloatSentinel(value: number, mode: Sentinel): boolean {
  return mode === 'sunspec' && Number.isNaN(value);
}

/** SunSpec strings that are all NUL are not implemented. */
export function isStringSentinel(regs: readonly number[], at: number, length: number, mode: Sentinel): boolean {
  if (mode !== 'sunspec') return false;
  for (let i = at; i < at + length; i++) if ((regs[i]! & 0xffff) !== 0) return false;
  return true;
}

/** A SunSpec scale factor register (int16 as a raw word) of 0x8000 means the scaled point is not implemented. */
export function isScaleFactorSentinel(word: number): boolean {
  return (word & 0xffff) === 0x8000;
}

const SIGNED: ReadonlySet<TagType> = new Set<TagType>(['int16', 'int32', 'int64', 'unix64ms']);

export function isSignedType(type: TagType): boolean {
  return SIGNED.has(type);
}

/** The raw value an encoder must refuse to produce for a sentinel-checked tag, for error messages. */
export function sentinelDescription(type: TagType, mode: Sentinel): string | null {
  if (mode === 'none') return null;
  if (mode === 'sunspec-acc') return '0 (not accumulated)';
  if (type === 'float32' || type === 'float64') return 'NaN';
  if (type === 'string') return 'all NUL';
  return isSignedType(type) ? 'the most negative value' : 'all ones';
}
