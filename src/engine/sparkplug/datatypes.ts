import type { Tag } from '../../shared/project/schema';
import type { JsonTagValue } from '../../shared/codec/json';

/** Sparkplug B 3.0 basic data types (the DataType enum of the payload schema). */
export const SpType = {
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
} as const;
export type SpType = (typeof SpType)[keyof typeof SpType];

export const SP_TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SpType).map(([k, v]) => [v, k]));

/** A metric value as it goes on the wire: 64-bit integers and DateTime (ms) as bigint, so nothing is rounded. */
export type SpValue = number | bigint | boolean | string;

const SIGNED32: ReadonlySet<number> = new Set([SpType.Int8, SpType.Int16, SpType.Int32]);
const BITS: Record<number, number> = { [SpType.Int8]: 8, [SpType.Int16]: 16, [SpType.Int32]: 32, [SpType.UInt8]: 8, [SpType.UInt16]: 16, [SpType.UInt32]: 32 };

export function isInt32Type(t: number): boolean {
  return t in BITS;
}
export function isLongType(t: number): boolean {
  return t === SpType.Int64 || t === SpType.UInt64 || t === SpType.DateTime;
}
export function isSigned32(t: number): boolean {
  return SIGNED32.has(t);
}
export function bitsOf(t: number): number {
  return BITS[t] ?? 32;
}

/**
 * The Sparkplug type of a tag. Modbus tags from their register type (a scaled value becomes Double; enum and bit-field
 * words keep their unsigned width; BCD is the unsigned number it encodes; unix times are DateTime). Other sources
 * carry no type in the project, so the value at birth decides (number -> Double, boolean -> Boolean, else String).
 */
export function spTypeOfTag(tag: Tag, current: JsonTagValue | null | undefined): SpType {
  const s = tag.source;
  if (s.kind !== 'modbus') {
    if (typeof current === 'number') return SpType.Double;
    if (typeof current === 'boolean') return SpType.Boolean;
    return SpType.String;
  }
  const scaled = s.scale !== 1 || s.offset !== 0 || s.sfAddress !== undefined;
  switch (s.type) {
    case 'bool':
    case 'bit':
      return SpType.Boolean;
    case 'string':
      return SpType.String;
    case 'float32':
      return scaled ? SpType.Double : SpType.Float;
    case 'float64':
      return SpType.Double;
    case 'unix32s':
    case 'unix64ms':
      return SpType.DateTime;
    default:
      break;
  }
  if (scaled) return SpType.Double;
  switch (s.type) {
    case 'int16':
      return SpType.Int16;
    case 'int32':
      return SpType.Int32;
    case 'int64':
      return SpType.Int64;
    case 'uint64':
      return SpType.UInt64;
    case 'uint32':
    case 'bcd32':
    case 'enum32':
    case 'bitfield32':
      return SpType.UInt32;
    default:
      return SpType.UInt16;
  }
}

/** A reading's JSON value as the wire value of this type; null when it cannot be one (then the metric is null). */
export function toSpValue(type: SpType, v: JsonTagValue): SpValue | null {
  try {
    if (type === SpType.Boolean) return typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : null;
    if (type === SpType.String || type === SpType.Text) return typeof v === 'string' ? v : JSON.stringify(v);
    if (type === SpType.DateTime) {
      const ms = typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v : NaN;
      return Number.isFinite(ms) ? BigInt(Math.trunc(ms)) : null;
    }
    if (type === SpType.Int64 || type === SpType.UInt64) return typeof v === 'string' || typeof v === 'number' ? BigInt(v) : null;
    if (type === SpType.Float || type === SpType.Double) return typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : null;
    return typeof v === 'number' && Number.isInteger(v) ? v : null;
  } catch {
    return null;
  }
}
