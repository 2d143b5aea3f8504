import type { JsonTagValue } from '../../shared/codec/json';
import type { TagReading } from '../../shared/schemas/tags';

/**
 * Report by exception: is this reading a change worth publishing against the last one published? A change of quality
 * always is; a number must move by more than the deadband; anything else must differ.
 */
export function isChange(prev: Pick<TagReading, 'value' | 'quality'> | undefined, next: Pick<TagReading, 'value' | 'quality'>, deadband: number): boolean {
  if (!prev) return true;
  if (prev.quality.status !== next.quality.status || prev.quality.reason !== next.quality.reason) return true;
  return valueMoved(prev.value, next.value, deadband);
}

function valueMoved(a: JsonTagValue | null, b: JsonTagValue | null, deadband: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return deadband > 0 ? Math.abs(a - b) > deadband : a !== b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length || a.some((x, i) => x !== b[i]);
  return a !== b;
}
