import { z } from 'zod';
import type { TagCodecSpec } from './spec';
import type { DecodeResult, TagValue } from './types';

/**
 * Decoded values across JSON (the contract, the CLI's --json, MQTT payloads). JSON has no bigint, NaN or Infinity,
 * so the values it cannot carry exactly travel as strings:
 * - int64/uint64 (bigint): a number when it is a safe integer (|v| <= 2^53 - 1), otherwise its decimal string;
 * - NaN, Infinity, -Infinity: "NaN", "Infinity", "-Infinity".
 * fromJsonValue() turns them back given the tag's spec, so nothing beyond 2^53 loses a digit on the way.
 */
export const JsonTagValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]);
export type JsonTagValue = z.infer<typeof JsonTagValue>;

export const DecodeResultJson = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('value'), value: JsonTagValue, label: z.string().optional(), clamped: z.boolean().optional() }),
  z.object({ kind: z.literal('not-implemented') }),
  z.object({ kind: z.literal('error'), reason: z.string() }),
]);
export type DecodeResultJson = z.infer<typeof DecodeResultJson>;

export function toJsonValue(value: TagValue): JsonTagValue {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return [...value];
}

export function toJsonResult(result: DecodeResult): DecodeResultJson {
  if (result.kind !== 'value') return result.kind === 'error' ? { kind: 'error', reason: result.reason } : { kind: 'not-implemented' };
  const out: DecodeResultJson = { kind: 'value', value: toJsonValue(result.value) };
  if (result.label !== undefined) out.label = result.label;
  if (result.clamped) out.clamped = true;
  return out;
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** The decoded value back from JSON, for a tag of this spec. Throws TypeError on a value that cannot be one. */
export function fromJsonValue(json: JsonTagValue, spec: Pick<TagCodecSpec, 'type' | 'scale' | 'offset' | 'sfAddress' | 'clamp'>): TagValue {
  const scaled = spec.scale !== 1 || spec.offset !== 0 || spec.sfAddress !== undefined || spec.clamp !== undefined;
  if ((spec.type === 'int64' || spec.type === 'uint64') && !scaled) {
    if (typeof json === 'number' && Number.isSafeInteger(json)) return BigInt(json);
    if (typeof json === 'string' && /^-?\d+$/.test(json)) return BigInt(json);
    throw new TypeError(`${JSON.stringify(json)} is not a whole number for ${spec.type}`);
  }
  if (typeof json === 'string' && json in NON_FINITE && spec.type !== 'string') return NON_FINITE[json]!;
  return json;
}

/** A JSON.stringify replacer for objects that hold TagValues directly: bigint and NaN/Infinity as above. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value)) ? toJsonValue(value) : value;
}
