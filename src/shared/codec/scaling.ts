import { isScaleFactorSentinel } from './sentinels';
import type { TagCodecSpec } from './spec';
import { type DecodeResult, NOT_IMPLEMENTED, decodeError } from './types';

/**
 * Engineering value = clamp((raw * 10^sf) * scale + offset). A scale whose inverse is a whole number (0.1, 0.01,
 * 0.001...) divides by that inverse instead, so 2301 * 0.1 reads 230.1 and not 230.10000000000002.
 */

export type ScaleSpec = Pick<TagCodecSpec, 'scale' | 'offset' | 'sfAddress' | 'clamp'>;

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

export function hasScaling(spec: ScaleSpec): boolean {
  return spec.scale !== 1 || spec.offset !== 0 || spec.sfAddress !== undefined || spec.clamp !== undefined;
}

/** raw * 10^sf, dividing for negative sf so decimals come out correctly rounded. */
export function applyPow10(raw: number, sf: number): number {
  return sf < 0 ? raw / POW10[-sf]! : raw * POW10[sf]!;
}

/** raw * scale + offset, dividing by 1/scale when that is a whole number. */
export function applyLinear(raw: number, scale: number, offset: number): number {
  if (scale === 1) return raw + offset;
  const inverse = 1 / scale;
  return (Number.isInteger(inverse) ? raw / inverse : raw * scale) + offset;
}

/** The int16 scale factor from its raw word, or the result to report instead. */
export function scaleFactorOf(word: number | undefined): number | DecodeResult {
  if (word === undefined) return decodeError('the scale factor register was not read');
  if (isScaleFactorSentinel(word)) return NOT_IMPLEMENTED;
  const sf = ((word & 0xffff) << 16) >> 16;
  if (sf < -10 || sf > 10) return decodeError(`scale factor ${sf} is outside -10..10`);
  return sf;
}

export function applyScaling(raw: number, spec: ScaleSpec, sfWord: number | undefined): DecodeResult {
  let v = raw;
  if (spec.sfAddress !== undefined) {
    const sf = scaleFactorOf(sfWord);
    if (typeof sf !== 'number') return sf;
    v = applyPow10(v, sf);
  }
  v = applyLinear(v, spec.scale, spec.offset);
  const clamp = spec.clamp;
  if (clamp !== undefined) {
    if (clamp.min !== undefined && v < clamp.min) return { kind: 'value', value: clamp.min, clamped: true };
    if (clamp.max !== undefined && v > clamp.max) return { kind: 'value', value: clamp.max, clamped: true };
  }
  return { kind: 'value', value: v };
}

/**
 * The raw number for an engineering value (the inverse of applyScaling). Throws RangeError for a value outside the
 * clamp range (a write never gets silently clamped) or a scale factor that is missing or not implemented.
 */
export function unscale(value: number, spec: ScaleSpec, sfWord: number | undefined): number {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be scaled`);
  const clamp = spec.clamp;
  if (clamp?.min !== undefined && value < clamp.min) throw new RangeError(`${value} is below the clamp minimum ${clamp.min}`);
  if (clamp?.max !== undefined && value > clamp.max) throw new RangeError(`${value} is above the clamp maximum ${clamp.max}`);
  let raw = value - spec.offset;
  if (spec.scale !== 1) {
    const inverse = 1 / spec.scale;
    raw = Number.isInteger(inverse) ? raw * inverse : raw / spec.scale;
  }
  if (spec.sfAddress !== undefined) {
    const sf = scaleFactorOf(sfWord);
    if (typeof sf !== 'number') throw new RangeError(sf.kind === 'error' ? sf.reason : 'the scale factor register says this point is not implemented');
    raw = applyPow10(raw, -sf);
  }
  return raw;
}
