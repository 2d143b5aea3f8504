import { z } from 'zod';
import { JsonTagValue } from '../codec/json';
import { Id, tagKey } from '../project/schema';
import { Quality } from '../quality';
import type { TagReading } from './tags';

/**
 * One `tags.values` batch as it crosses the contract: columns instead of one object per reading. A batch of 5,000
 * readings is about a fifth of the JSON (or structured-clone) work of the object form, which is what lets the live
 * table follow 5,000 tags at 10 Hz. Every frame stands alone: nothing in it refers to an earlier frame, so a page
 * that reconnects needs no state to read the next one.
 */
export const TagMapColumns = z.object({
  mapId: Id,
  deviceId: Id,
  /** Tag names; the key of tag i is `${mapId}/${names[i]}`. */
  names: z.array(z.string()),
  values: z.array(JsonTagValue.nullable()),
  /** Enum labels by tag index, for the few tags that have one. */
  labels: z.record(z.string(), z.string()).optional(),
  /** Index into the frame's `units`. */
  units: z.array(z.number().int().nonnegative()),
  /** How many registers tag i has in `raw` (0 when the device did not answer). */
  widths: z.array(z.number().int().nonnegative()),
  /** Every tag's registers, one after another (Modbus tags only; others have width 0). */
  raw: z.array(z.number().int()),
  /** Source timestamps (ms) by tag index, for the tags whose protocol has one (OPC UA). */
  sourceAt: z.record(z.string(), z.number()).optional(),
  /** Index into the frame's `qualities`. */
  quality: z.array(z.number().int().nonnegative()),
  /** receivedAt = frame.at + dt[i] (ms). */
  dt: z.array(z.number()),
  /**
   * Earlier readings of this batch for the few tags a page follows closely (its trend chart), oldest first: the
   * columns above hold only each tag's newest. `index` is the tag's position in the columns above.
   */
  trail: z
    .object({
      index: z.array(z.number().int().nonnegative()),
      values: z.array(JsonTagValue.nullable()),
      widths: z.array(z.number().int().nonnegative()),
      raw: z.array(z.number().int()),
      quality: z.array(z.number().int().nonnegative()),
      dt: z.array(z.number()),
    })
    .optional(),
});
export type TagMapColumns = z.infer<typeof TagMapColumns>;
type Trail = NonNullable<TagMapColumns['trail']>;

export const TagValuesFrame = z.object({
  at: z.number(),
  units: z.array(z.string()),
  qualities: z.array(Quality),
  maps: z.array(TagMapColumns),
});
export type TagValuesFrame = z.infer<typeof TagValuesFrame>;

export const EMPTY_FRAME: TagValuesFrame = Object.freeze({ at: 0, units: [], qualities: [], maps: [] }) as unknown as TagValuesFrame;

/** Interns strings or qualities into a table and hands out their index. */
class Table<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly keyOf: (item: T) => string) {}
  of(item: T): number {
    const k = this.keyOf(item);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(item);
      this.index.set(k, i);
    }
    return i;
  }
}

/**
 * `latest`: the newest reading of each tag in the batch. `earlier`: older readings of the same batch, kept for the
 * tags a page follows closely (oldest first); one whose tag has no newest reading in `latest` is left out.
 */
export function packReadings(latest: Iterable<TagReading>, earlier: readonly TagReading[] = []): TagValuesFrame {
  const units = new Table<string>((u) => u);
  const qualities = new Table<Quality>((q) => `${q.status}\u0000${q.reason ?? ''}`);
  const maps = new Map<string, TagMapColumns>();
  const where = new Map<string, { m: TagMapColumns; i: number }>();
  let at = Infinity;
  const list = [...latest];
  for (const r of list) if (r.receivedAt < at) at = r.receivedAt;
  for (const r of earlier) if (r.receivedAt < at) at = r.receivedAt;
  if (!Number.isFinite(at)) at = 0;
  for (const r of list) {
    let m = maps.get(r.mapId);
    if (!m) {
      m = { mapId: r.mapId, deviceId: r.deviceId, names: [], values: [], units: [], widths: [], raw: [], quality: [], dt: [] };
      maps.set(r.mapId, m);
    }
    const i = m.names.length;
    m.names.push(r.name);
    m.values.push(r.value);
    if (r.label !== undefined) (m.labels ??= {})[i] = r.label;
    m.units.push(units.of(r.units));
    const raw = r.raw;
    m.widths.push(raw ? raw.length : 0);
    if (raw) for (const w of raw) m.raw.push(w);
    if (r.sourceTimestamp !== undefined) (m.sourceAt ??= {})[i] = r.sourceTimestamp;
    m.quality.push(qualities.of(r.quality));
    m.dt.push(r.receivedAt - at);
    if (earlier.length) where.set(r.key, { m, i });
  }
  for (const r of earlier) {
    const w = where.get(r.key);
    if (!w) continue;
    const t: Trail = (w.m.trail ??= { index: [], values: [], widths: [], raw: [], quality: [], dt: [] });
    t.index.push(w.i);
    t.values.push(r.value);
    t.widths.push(r.raw ? r.raw.length : 0);
    if (r.raw) for (const x of r.raw) t.raw.push(x);
    t.quality.push(qualities.of(r.quality));
    t.dt.push(r.receivedAt - at);
  }
  return { at, units: units.items, qualities: qualities.items, maps: [...maps.values()] };
}

/** Where a frame does not add up (columns of different lengths, an index out of its table); null when it is sound. */
export function frameProblem(frame: TagValuesFrame): string | null {
  for (const m of frame.maps) {
    const n = m.names.length;
    for (const col of ['values', 'units', 'widths', 'quality', 'dt'] as const) {
      if (m[col].length !== n) return `map ${m.mapId}: ${col} has ${m[col].length} entries for ${n} tags`;
    }
    if (m.widths.reduce((a, b) => a + b, 0) !== m.raw.length) return `map ${m.mapId}: raw has ${m.raw.length} registers, widths add up to another number`;
    if (m.units.some((u) => u >= frame.units.length)) return `map ${m.mapId}: a units index is out of range`;
    if (m.quality.some((q) => q >= frame.qualities.length)) return `map ${m.mapId}: a quality index is out of range`;
    const t = m.trail;
    if (t) {
      for (const col of ['values', 'widths', 'quality', 'dt'] as const) {
        if (t[col].length !== t.index.length) return `map ${m.mapId}: trail ${col} has ${t[col].length} entries for ${t.index.length} readings`;
      }
      if (t.widths.reduce((a, b) => a + b, 0) !== t.raw.length) return `map ${m.mapId}: trail raw has ${t.raw.length} registers, widths add up to another number`;
      if (t.index.some((i) => i >= n)) return `map ${m.mapId}: a trail index is out of range`;
      if (t.quality.some((q) => q >= frame.qualities.length)) return `map ${m.mapId}: a trail quality index is out of range`;
    }
  }
  return null;
}

/**
 * The readings a frame holds: first every map's trail (older readings of followed tags, oldest first), then the
 * newest reading of each tag in the order they were packed, so a consumer that keeps the last reading per key keeps
 * the newest. Throws on a frame that does not add up.
 */
export function unpackReadings(frame: TagValuesFrame): TagReading[] {
  const problem = frameProblem(frame);
  if (problem) throw new Error(`malformed tags.values frame: ${problem}`);
  const out: TagReading[] = [];
  /** Reading of tag i of map m: its value, registers, quality index and time offset from one of the two column sets. */
  const reading = (m: TagMapColumns, i: number, value: TagReading['value'], raw: number[], quality: number, dt: number): TagReading => {
    const r: TagReading = {
      key: tagKey(m.mapId, m.names[i]!),
      mapId: m.mapId,
      deviceId: m.deviceId,
      name: m.names[i]!,
      value,
      units: frame.units[m.units[i]!]!,
      quality: frame.qualities[quality]!,
      receivedAt: frame.at + dt,
    };
    if (raw.length) r.raw = raw;
    return r;
  };
  for (const m of frame.maps) {
    const t = m.trail;
    if (!t) continue;
    let at = 0;
    for (let j = 0; j < t.index.length; j++) {
      const w = t.widths[j]!;
      out.push(reading(m, t.index[j]!, t.values[j]!, t.raw.slice(at, at + w), t.quality[j]!, t.dt[j]!));
      at += w;
    }
  }
  for (const m of frame.maps) {
    let at = 0;
    for (let i = 0; i < m.names.length; i++) {
      const w = m.widths[i]!;
      const r = reading(m, i, m.values[i]!, m.raw.slice(at, at + w), m.quality[i]!, m.dt[i]!);
      const label = m.labels?.[i];
      if (label !== undefined) r.label = label;
      const st = m.sourceAt?.[i];
      if (st !== undefined) r.sourceTimestamp = st;
      at += w;
      out.push(r);
    }
  }
  return out;
}

/** How many readings a frame holds (trails included). */
export function frameSize(frame: TagValuesFrame): number {
  let n = 0;
  for (const m of frame.maps) n += m.names.length + (m.trail?.index.length ?? 0);
  return n;
}
