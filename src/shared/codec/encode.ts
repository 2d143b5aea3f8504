import { encodeBcd } from './bcd';
import { enumRaw, flagsToBits } from './bitfields';
import { decodeTag } from './decode';
import { type NumericType, encodeNumber, readWord } from './registers';
import { hasScaling, unscale } from './scaling';
import { sentinelDescription } from './sentinels';
import type { TagCodecSpec } from './spec';
import { encodeString } from './strings';
import { isoToMillis, isoToSeconds } from './time';
import { type ByteOrder, type TagValue, normalizeOrder } from './types';

export interface EncodeContext {
  /** The raw word of the SunSpec scale-factor register, for a spec with sfAddress. */
  sf?: number;
  /** The register's present word (wire order); writing one bit is a read-modify-write and needs it. */
  current?: readonly number[];
}

/**
 * Encode an engineering value into registers in wire order: the strict inverse of decodeTag. Throws RangeError
 * (or TypeError for the wrong kind of value) instead of wrapping, rounding away a fraction, clamping, or producing
 * a SunSpec "not implemented" sentinel. Numbers may also come as numeric strings (from a text field) and
 * int64/uint64 as bigint, safe-integer number or decimal string.
 */
export function encodeTag(value: TagValue, spec: TagCodecSpec, ctx?: EncodeContext): number[] {
  const words = encodeRaw(value, spec, normalizeOrder(spec.order), ctx);
  if (spec.sentinel !== 'none' && decodeTag(words, spec, { sf: ctx?.sf }).kind === 'not-implemented') {
    throw new RangeError(`${String(value)} would be sent as ${sentinelDescription(spec.type, spec.sentinel)}, which means "not implemented"`);
  }
  return words;
}

function encodeRaw(value: TagValue, spec: TagCodecSpec, order: ByteOrder, ctx: EncodeContext | undefined): number[] {
  const type = spec.type;
  switch (type) {
    case 'bool':
      return [toBool(value) ? 1 : 0];
    case 'bit': {
      const current = ctx?.current?.[0];
      if (current === undefined) throw new RangeError('writing one bit needs the register\'s current value (read-modify-write)');
      const mask = 1 << (spec.bit ?? 0);
      const word = readWord([current], 0, order);
      return [readWord([toBool(value) ? word | mask : word & ~mask & 0xffff], 0, order)];
    }
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'float32':
    case 'float64':
      return encodeNumber(rawNumber(value, spec, ctx, type), type, order);
    case 'int64':
    case 'uint64':
      return encodeNumber(hasScaling(spec) ? big(rawNumber(value, spec, ctx, type), type) : toBigInt(value, type), type, order);
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`a string tag takes text, not ${typeof value}`);
      return encodeString(value, spec.length ?? 0, order);
    case 'bcd16':
      return encodeNumber(encodeBcd(rawNumber(value, spec, ctx, type), 4), 'uint16', order);
    case 'bcd32':
      return encodeNumber(encodeBcd(rawNumber(value, spec, ctx, type), 8), 'uint32', order);
    case 'unix32s':
      return encodeNumber(isoToSeconds(toTime(value)), 'uint32', order);
    case 'unix64ms':
      return encodeNumber(isoToMillis(toTime(value)), 'int64', order);
    case 'enum16':
    case 'enum32':
      if (typeof value !== 'number' && typeof value !== 'string') throw new TypeError(`an enum takes a number or a label, not ${typeof value}`);
      return encodeNumber(enumRaw(spec.labels, value), type === 'enum16' ? 'uint16' : 'uint32', order);
    case 'bitfield16':
    case 'bitfield32': {
      const width = type === 'bitfield16' ? 16 : 32;
      const bits = typeof value === 'number' ? value : Array.isArray(value) ? flagsToBits(value as readonly string[], width, spec.flags) : NaN;
      if (Number.isNaN(bits)) throw new TypeError('a bit field takes a list of flag names or a number');
      return encodeNumber(bits, width === 16 ? 'uint16' : 'uint32', order);
    }
  }
}

const FLOATS: ReadonlySet<string> = new Set(['float32', 'float64']);

/** The raw number for a scalable type: unscaled, and for integer types a whole number (within float noise). */
function rawNumber(value: TagValue, spec: TagCodecSpec, ctx: EncodeContext | undefined, type: NumericType | 'bcd16' | 'bcd32'): number {
  const n = toNumber(value);
  const raw = hasScaling(spec) ? unscale(n, spec, ctx?.sf) : n;
  if (FLOATS.has(type)) return raw;
  const whole = Math.round(raw);
  if (Math.abs(whole - raw) > 1e-6 * Math.max(1, Math.abs(raw))) {
    throw new RangeError(hasScaling(spec) ? `${n} is not a step of this tag's scaling (raw would be ${raw})` : `${type} holds whole numbers, not ${n}`);
  }
  return whole;
}

function toNumber(value: TagValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new TypeError(`${JSON.stringify(typeof value === 'string' ? value : String(value))} is not a number`);
}

function toBool(value: TagValue): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  throw new TypeError(`${String(value)} is not a boolean`);
}

function toBigInt(value: TagValue, type: 'int64' | 'uint64'): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return BigInt(value.trim());
  if (typeof value === 'number') return big(value, type);
  throw new TypeError(`${String(value)} is not a whole number for ${type}`);
}

function big(n: number, type: 'int64' | 'uint64'): bigint {
  if (!Number.isInteger(n)) throw new RangeError(`${type} holds whole numbers, not ${n}`);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is beyond 2^53 and would lose precision; pass a bigint or a decimal string`);
  return BigInt(n);
}

function toTime(value: TagValue): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new TypeError('a time tag takes an ISO date string or milliseconds since 1970');
}
