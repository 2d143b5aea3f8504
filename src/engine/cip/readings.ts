import { GOOD, bad } from '../../shared/quality';
import type { JsonTagValue } from '../../shared/codec/json';
import type { AcquireItem, SourceReading } from '../drivers/driver';
import type { CipSource } from '../../shared/project/schema';
import { cipElement, type CipElement } from './element';
import type { TagRead, TagReader, TagResult } from './reader';
import type { CipTemplates } from './templates';
import { STRUCT_TYPE, decodeBits, decodeElements, decodeValue, isString } from './types';

export interface ReadPlan {
  reads: TagRead[];
  elements: Map<string, CipElement>;
  unreadable: Map<string, string>;
}

/**
 * Each source as a Read Tag, worked out once: a project's sources are replaced, never changed in place, when a tag is
 * edited. The segments' identity is also what TagReader keys its encoded Read Tag requests by, so one-off reads of
 * the same tags (readOnce) reuse them too.
 */
const parsed = new WeakMap<CipSource, CipElement | { error: string }>();

function parse(src: CipSource): CipElement | { error: string } {
  let p = parsed.get(src);
  if (!p) {
    try {
      p = cipElement(src);
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
  const elements = new Map<string, CipElement>();
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
    reads.push(p.count > 1 ? { key: it.key, segs: p.segs, count: p.count } : { key: it.key, segs: p.segs });
    elements.set(it.key, p);
  }
  return { reads, elements, unreadable };
}

const isStruct = (r: TagResult & { ok: true }) => r.type.code === STRUCT_TYPE && !isString(r.type);

/**
 * The value of a result by its element's shape: one value; a list for an array slice or several BOOL array bits. A
 * whole structure (its members as "Speed=1450", "Status.Code=3", decoded by its template) is a promise: its template
 * may have to be read first.
 */
function decodeResult(el: CipElement, r: TagResult & { ok: true }, templates: CipTemplates): JsonTagValue | Promise<JsonTagValue> {
  const s = el.shape;
  if (s.kind === 'bits') {
    const bits = decodeBits(r.data, s.first, s.count);
    return s.count === 1 ? bits[0]! : bits.map(String);
  }
  if (isStruct(r)) {
    if (s.kind === 'slice') throw new Error(`${el.name}: read a slice of structures one element at a time`);
    return templates.decode(r.type, r.data).then((members) => members.map((m) => `${m.path}=${String(m.value)}`));
  }
  if (s.kind === 'slice') return decodeElements(r.type, r.data, s.count);
  return decodeValue(r.type, r.data);
}

/**
 * One result as a reading: a decoded value and Good, or null and Bad with the reason (never a value marked Good that
 * is not). Synchronous but for a structure read whole, whose template may have to be read.
 */
export function toReading(key: string, el: CipElement, r: TagResult | undefined, templates: CipTemplates, receivedAt: number, durationMs?: number): SourceReading | Promise<SourceReading> {
  if (!r) return { key, value: null, quality: bad(`${el.name}: not read`), receivedAt };
  if (!r.ok) return { key, value: null, quality: bad(`${el.name}: ${r.reason}`), receivedAt };
  try {
    // The common case, one atomic element, without a detour: this runs for every tag on every scan.
    const value = el.shape.kind === 'one' && r.type.code !== STRUCT_TYPE ? decodeValue(r.type, r.data) : decodeResult(el, r, templates);
    if (value instanceof Promise) return value.then((v) => good(key, v, receivedAt, durationMs), (err: unknown) => failed(key, el, err, receivedAt));
    return good(key, value, receivedAt, durationMs);
  } catch (err) {
    return failed(key, el, err, receivedAt);
  }
}

function good(key: string, value: JsonTagValue, receivedAt: number, durationMs: number | undefined): SourceReading {
  const reading: SourceReading = { key, value, quality: GOOD, receivedAt };
  if (durationMs !== undefined) reading.durationMs = durationMs;
  return reading;
}

function failed(key: string, el: CipElement, err: unknown, receivedAt: number): SourceReading {
  const msg = (err as Error).message;
  return { key, value: null, quality: bad(msg.startsWith(el.name) ? msg : `${el.name}: ${msg}`), receivedAt };
}

/** Read these items once: every item gets a reading; a connection failure makes them all Bad with its reason. */
export async function readItemsOnce(reader: TagReader, items: readonly AcquireItem[], plan: ReadPlan = planReads(items)): Promise<SourceReading[]> {
  const { reads, elements, unreadable } = plan;
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
  const out: SourceReading[] = [];
  for (const it of items) {
    const why = unreadable.get(it.key);
    if (why !== undefined) out.push({ key: it.key, value: null, quality: bad(why), receivedAt: at });
    else {
      const r = toReading(it.key, elements.get(it.key)!, results.get(it.key), reader.templates, at, took);
      out.push(r instanceof Promise ? await r : r);
    }
  }
  return out;
}
