import { GOOD, bad } from '../../shared/quality';
import type { AcquireItem, SourceReading } from '../drivers/driver';
import type { CipSource } from '../../shared/project/schema';
import { formatSegments, sourceSegments, type TagSegment } from './epath';
import type { TagRead, TagReader, TagResult } from './reader';
import { decodeValue } from './types';

export interface ReadPlan {
  reads: TagRead[];
  names: Map<string, string>;
  unreadable: Map<string, string>;
}

type Parsed = { segs: TagSegment[]; name: string } | { error: string };
/**
 * Each source's segments, parsed once: a project's sources are replaced, never changed in place, when a tag is edited.
 * The segments' identity is also what TagReader keys its encoded Read Tag requests by, so one-off reads of the same
 * tags (readOnce) reuse them too.
 */
const parsed = new WeakMap<CipSource, Parsed>();

function parse(src: CipSource): Parsed {
  let p = parsed.get(src);
  if (!p) {
    try {
      const segs = sourceSegments(src);
      p = { segs, name: formatSegments(segs) };
    } catch (err) {
      p = { error: (err as Error).message };
    }
    parsed.set(src, p);
  }
  return p;
}

/** The CIP items of an acquisition as reads, and those whose source cannot be read as readings saying why. */
export function planReads(items: readonly AcquireItem[]): ReadPlan {
  const reads: TagRead[] = [];
  const names = new Map<string, string>();
  const unreadable = new Map<string, string>();
  for (const it of items) {
    const src = it.tag.source;
    if (src.kind !== 'cip') {
      unreadable.set(it.key, `a ${src.kind} tag on an EtherNet/IP device`);
      continue;
    }
    const p = parse(src);
    if ('error' in p) {
      unreadable.set(it.key, p.error);
      continue;
    }
    reads.push({ key: it.key, segs: p.segs });
    names.set(it.key, p.name);
  }
  return { reads, names, unreadable };
}

/** One result as a reading: a decoded value and Good, or null and Bad with the reason (never a value marked Good that is not). */
export function toReading(key: string, name: string, r: TagResult | undefined, receivedAt: number, durationMs?: number): SourceReading {
  if (!r) return { key, value: null, quality: bad(`${name}: not read`), receivedAt };
  if (!r.ok) return { key, value: null, quality: bad(`${name}: ${r.reason}`), receivedAt };
  try {
    const value = decodeValue(r.type, r.data);
    const reading: SourceReading = { key, value, quality: GOOD, receivedAt };
    if (durationMs !== undefined) reading.durationMs = durationMs;
    return reading;
  } catch (err) {
    return { key, value: null, quality: bad(`${name}: ${(err as Error).message}`), receivedAt };
  }
}

/** Read these items once: every item gets a reading; a connection failure makes them all Bad with its reason. */
export async function readItemsOnce(reader: TagReader, items: readonly AcquireItem[], plan: ReadPlan = planReads(items)): Promise<SourceReading[]> {
  const { reads, names, unreadable } = plan;
  const started = performance.now();
  let results: Map<string, TagResult>;
  try {
    results = reads.length ? await reader.read(reads) : new Map();
  } catch (err) {
    const at = Date.now();
    return items.map((it) => ({ key: it.key, value: null, quality: bad(unreadable.get(it.key) ?? (err as Error).message), receivedAt: at }));
  }
  const took = Math.round((performance.now() - started) * 100) / 100;
  const at = Date.now();
  return items.map((it) => {
    const why = unreadable.get(it.key);
    if (why !== undefined) return { key: it.key, value: null, quality: bad(why), receivedAt: at };
    return toReading(it.key, names.get(it.key)!, results.get(it.key), at, took);
  });
}
