import { decodeTag } from '../../../shared/codec/decode';
import { toJsonValue } from '../../../shared/codec/json';
import type { TagCodecSpec } from '../../../shared/codec/spec';
import { GOOD, type Quality } from '../../../shared/quality';
import type { JsonTagValue } from '../../../shared/codec/json';

const CLAMPED: Quality = Object.freeze({ status: 'uncertain', reason: 'clamped to its configured range' }) as Quality;

/** Turn a tag's registers into what crosses the contract: a JSON-safe value, an optional label, and its quality. */
export function decodeForReading(raw: readonly number[], spec: TagCodecSpec, sf?: number): { value: JsonTagValue | null; label?: string; quality: Quality } {
  const r = decodeTag(raw, spec, sf === undefined ? undefined : { sf });
  if (r.kind === 'not-implemented') return { value: null, quality: { status: 'uncertain', reason: 'not implemented by the device' } };
  if (r.kind === 'error') return { value: null, quality: { status: 'bad', reason: r.reason } };
  const out: { value: JsonTagValue | null; label?: string; quality: Quality } = { value: toJsonValue(r.value), quality: r.clamped ? CLAMPED : GOOD };
  if (r.label !== undefined) out.label = r.label;
  return out;
}
