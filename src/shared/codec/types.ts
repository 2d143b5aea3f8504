import { z } from 'zod';

/**
 * Fixed-width numeric types of a raw range read (modbus.read, two-step writes, `fieldbench read --type`). Their
 * values are always a JS number or boolean. This is a subset of TagType, which is what a tag in a register map uses.
 */
export const DataType = z.enum(['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64']);
export type DataType = z.infer<typeof DataType>;

/**
 * Byte and word order, named by where bytes A (most significant) .. D land on the wire:
 * ABCD big-endian (Modbus default), CDAB word-swapped, BADC byte-swapped, DCBA little-endian.
 * BADC and DCBA swap the two bytes of every register, so they also apply to 16-bit values (as Kepware's
 * "Modbus byte order" off does); CDAB and ABCD read a single register the same way.
 */
export const ByteOrder = z.enum(['ABCD', 'CDAB', 'BADC', 'DCBA']);
export type ByteOrder = z.infer<typeof ByteOrder>;

/** The same four layouts spelled for 64-bit values (bytes A..H). */
export const ByteOrder64 = z.enum(['ABCDEFGH', 'GHEFCDAB', 'BADCFEHG', 'HGFEDCBA']);
export type ByteOrder64 = z.infer<typeof ByteOrder64>;

/** A tag keeps one order field; either spelling is accepted and means the same layout at every width. */
export const TagOrder = z.enum([...ByteOrder.options, ...ByteOrder64.options]);
export type TagOrder = z.infer<typeof TagOrder>;

const TO_4: Record<TagOrder, ByteOrder> = {
  ABCD: 'ABCD',
  CDAB: 'CDAB',
  BADC: 'BADC',
  DCBA: 'DCBA',
  ABCDEFGH: 'ABCD',
  GHEFCDAB: 'CDAB',
  BADCFEHG: 'BADC',
  HGFEDCBA: 'DCBA',
};
export const ORDER_64: Record<ByteOrder, ByteOrder64> = { ABCD: 'ABCDEFGH', CDAB: 'GHEFCDAB', BADC: 'BADCFEHG', DCBA: 'HGFEDCBA' };

export function normalizeOrder(order: TagOrder): ByteOrder {
  return TO_4[order];
}

export const REGISTERS_PER_TYPE: Record<DataType, number> = {
  bool: 1,
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
  float64: 4,
};

/**
 * Every type a tag can have.
 * - bool: a register that is non-zero; bit: bit 0..15 of a register (spec.bit).
 * - int64/uint64 decode to bigint, always (see json.ts for how they cross JSON).
 * - string: spec.length registers of 8-bit characters; ABCD/CDAB = high byte first, BADC/DCBA = low byte first.
 * - bcd16/bcd32: 4 or 8 decimal digits, one per nibble.
 * - unix32s: uint32 seconds since 1970; unix64ms: int64 milliseconds since 1970; both decode to an ISO string.
 * - enum16/enum32: a number with labels (spec.labels); bitfield16/bitfield32: the names of the set bits (spec.flags).
 */
export const TagType = z.enum([
  'bool',
  'bit',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
  'string',
  'bcd16',
  'bcd32',
  'unix32s',
  'unix64ms',
  'enum16',
  'enum32',
  'bitfield16',
  'bitfield32',
]);
export type TagType = z.infer<typeof TagType>;

/** Compile-time proof that every raw-read DataType is also a TagType. */
export const RAW_TYPES_ARE_TAG_TYPES: readonly TagType[] = DataType.options;

/** Registers per value for every type but string (whose width is spec.length). */
export const TAG_WIDTH: Record<Exclude<TagType, 'string'>, 1 | 2 | 4> = {
  bool: 1,
  bit: 1,
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  int64: 4,
  uint64: 4,
  float32: 2,
  float64: 4,
  bcd16: 1,
  bcd32: 2,
  unix32s: 2,
  unix64ms: 4,
  enum16: 1,
  enum32: 2,
  bitfield16: 1,
  bitfield32: 2,
};

/** Types that take scale, offset, a SunSpec scale factor and clamping. */
export const SCALABLE_TYPES: ReadonlySet<TagType> = new Set<TagType>(['int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'bcd16', 'bcd32']);

/** Types whose SunSpec "accumulator" sentinel (0 = not accumulated) makes sense. */
export const UNSIGNED_TYPES: ReadonlySet<TagType> = new Set<TagType>(['uint16', 'uint32', 'uint64']);

/**
 * How "not implemented" is recognised: never; SunSpec's per-type sentinels (int16 0x8000, uint16 0xFFFF,
 * int32 0x80000000, uint32 0xFFFFFFFF, int64 0x8000..., uint64 0xFFFF..., float NaN, string all NUL, enum and
 * bitfield all ones, scale factor register 0x8000); or SunSpec's accumulators (acc16/acc32/acc64), where 0 means it.
 */
export const Sentinel = z.enum(['none', 'sunspec', 'sunspec-acc']);
export type Sentinel = z.infer<typeof Sentinel>;

/** A decoded engineering value. int64/uint64 stay bigint unless scaled; bit fields are the names of the set bits. */
export type TagValue = number | bigint | boolean | string | readonly string[];

export interface ValueResult {
  readonly kind: 'value';
  readonly value: TagValue;
  /** The enum label of the value, when it has one. */
  readonly label?: string;
  /** Set when clamping changed the value. */
  readonly clamped?: boolean;
}
export interface NotImplemented {
  readonly kind: 'not-implemented';
}
export interface DecodeError {
  readonly kind: 'error';
  readonly reason: string;
}
export type DecodeResult = ValueResult | NotImplemented | DecodeError;

export const NOT_IMPLEMENTED: NotImplemented = Object.freeze({ kind: 'not-implemented' });

export function decodeError(reason: string): DecodeError {
  return { kind: 'error', reason };
}

export function isValue(r: DecodeResult): r is ValueResult {
  return r.kind === 'value';
}
