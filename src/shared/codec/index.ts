/**
 * The value codec: one pure decode/encode module for the renderer, the engine and the gateway.
 *
 *   decodeTag(regs, spec, { at?, sf? }) -> { kind: 'value', value, label?, clamped? } | { kind: 'not-implemented' }
 *                                          | { kind: 'error', reason }        (never throws for device data)
 *   encodeTag(value, spec, { sf?, current? }) -> registers in wire order   (throws RangeError/TypeError)
 *   solveKnownValue({ registers, display, tolerance? }) -> ranked interpretations with score and reason
 *
 * spec is a TagCodecSpec (zod): type, order, bit, length, scale, offset, sfAddress, clamp, labels, flags, sentinel.
 * Decisions:
 * - int64/uint64 decode to bigint always (exact); scaling one makes an engineering number. Across JSON they are a
 *   number while safe and a decimal string beyond 2^53 (json.ts).
 * - One order field for every width: ABCD/CDAB/BADC/DCBA or their 64-bit spellings ABCDEFGH/GHEFCDAB/BADCFEHG/
 *   HGFEDCBA. BADC/DCBA swap the bytes of every register, 16-bit values included; strings read low byte first.
 * - Enums decode to the raw number plus its label; bit fields to the names of the set bits.
 * - SunSpec "not implemented" values are only recognised when spec.sentinel asks for it.
 */
export { decodeTag, type DecodeContext } from './decode';
export { encodeTag, type EncodeContext } from './encode';
export { TagCodecSpec, type TagCodecSpecInput, codecSpec, tagWidth, EnumLabels, FlagNames, Clamp } from './spec';
export {
  ByteOrder,
  ByteOrder64,
  TagOrder,
  TagType,
  Sentinel,
  ORDER_64,
  NOT_IMPLEMENTED,
  normalizeOrder,
  isValue,
  type TagValue,
  type DecodeResult,
  type ValueResult,
  type NotImplemented,
  type DecodeError,
} from './types';
export { JsonTagValue, DecodeResultJson, toJsonValue, toJsonResult, fromJsonValue, jsonReplacer } from './json';
export { SolveInput, solveKnownValue, parseDisplay, type SolveCandidate, type MatchKind } from './solver';
export { toHex16 } from './registers';
