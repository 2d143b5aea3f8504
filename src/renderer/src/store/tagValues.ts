import { create } from 'zustand';
import { GOOD } from '../../../shared/quality';
import type { TagReading } from '../../../shared/schemas/tags';
import { appendHistory, EMPTY_HISTORY, historyTimes, historyValues, type History } from '../lib/history';
import { numericValue } from '../lib/tagValue';
import { api } from '../api';
import { noteDeviceReadings, type DeviceSeen } from './tagLinks';

/** Values per tag the sparkline keeps (one per merge, so about the last 12 s). */
export const SPARK_POINTS = 60;
/** The trend chart shows this much history of the tags picked for it. */
export const TREND_WINDOW_MS = 5 * 60_000;
export const MAX_TREND = 8;

export interface LiveTag {
  reading: TagReading;
  /** The last SPARK_POINTS numeric values, oldest first, with when each was read (ms). */
  spark: History;
}

export interface TrendSeries {
  /** receivedAt in ms, and the value (null where the reading had none), oldest first. */
  t: number[];
  v: (number | null)[];
}

/** The latest row per tag key. Rows are replaced, never changed, so a frozen copy of the map stays as it was. */
const live = new Map<string, LiveTag>();
const trends = new Map<string, TrendSeries>();

interface TagValuesStore {
  /** Bumped by every merge: components re-read the rows when it changes. */
  version: number;
  frozen: boolean;
  frozenAt: number | null;
  /** What the table shows while frozen: the rows as they were at the moment of freezing. */
  frozenRows: ReadonlyMap<string, LiveTag> | null;
  trendKeys: readonly string[];
  stats: { readings: number; flushes: number };
  setFrozen(frozen: boolean): void;
  /** Add or remove a tag from the trend chart; false when the chart is full. */
  toggleTrend(key: string): boolean;
  setTrendKeys(keys: readonly string[]): void;
}

export const useTagValues = create<TagValuesStore>()((set, get) => ({
  version: 0,
  frozen: false,
  frozenAt: null,
  frozenRows: null,
  trendKeys: [],
  stats: { readings: 0, flushes: 0 },
  setFrozen(frozen) {
    if (frozen === get().frozen) return;
    if (frozen) set({ frozen, frozenAt: Date.now(), frozenRows: new Map(live) });
    else set((s) => ({ frozen, frozenAt: null, frozenRows: null, version: s.version + 1 }));
  },
  toggleTrend(key) {
    const keys = get().trendKeys;
    if (keys.includes(key)) {
      trends.delete(key);
      set({ trendKeys: keys.filter((k) => k !== key) });
      return true;
    }
    if (keys.length >= MAX_TREND) return false;
    startTrend(key);
    set({ trendKeys: [...keys, key] });
    return true;
  },
  setTrendKeys(next) {
    const keep = new Set(next.slice(0, MAX_TREND));
    for (const k of [...trends.keys()]) if (!keep.has(k)) trends.delete(k);
    for (const k of keep) if (!trends.has(k)) startTrend(k);
    set({ trendKeys: [...keep] });
  },
}));

/**
 * A new trend starts with what the sparkline already holds, at once, then with the engine's recent readings of the
 * tag (the last minutes, from before this page loaded) in front of them.
 */
function startTrend(key: string): void {
  const row = live.get(key);
  const series: TrendSeries = { t: row ? historyTimes(row.spark) : [], v: row ? historyValues(row.spark) : [] };
  trends.set(key, series);
  void api()
    .tagsHistory({ keys: [key] })
    .then(([past]) => {
      if (!past || trends.get(key) !== series) return;
      const first = series.t[0] ?? Infinity;
      const oldest = Date.now() - TREND_WINDOW_MS;
      let n = 0;
      while (n < past.t.length && past.t[n]! < first) n++;
      const from = past.t.findIndex((t) => t >= oldest);
      if (from < 0 || from >= n) return;
      series.t.unshift(...past.t.slice(from, n));
      series.v.unshift(...past.v.slice(from, n));
      useTagValues.setState((s) => ({ version: s.version + 1 }));
    })
    .catch(() => undefined); // an engine without history (older host): the trend starts from the page's own readings
}

/** The rows the page shows: the frozen copy while frozen, else the live ones. */
export function shownRows(): ReadonlyMap<string, LiveTag> {
  return useTagValues.getState().frozenRows ?? live;
}

export function liveRow(key: string): LiveTag | undefined {
  return live.get(key);
}

export function trendSeries(key: string): TrendSeries | undefined {
  return trends.get(key);
}

/** Merge readings into the rows (and the trend series of the tags on the chart); returns how many tags changed. */
export function mergeReadings(batch: readonly TagReading[]): number {
  const last = new Map<string, TagReading>();
  const byDevice = new Map<string, DeviceSeen>();
  for (const r of batch) {
    last.set(r.key, r);
    // Registers (or a value) came back: the device answered, whatever the value decodes to (n/i, out of range).
    const answered = (r.raw?.length ?? 0) > 0 || r.quality.status !== 'bad';
    const seen = byDevice.get(r.deviceId);
    if (answered ? !seen || seen.quality.status !== 'good' || r.receivedAt > seen.at : !seen || (seen.quality.status !== 'good' && r.receivedAt >= seen.at)) {
      byDevice.set(r.deviceId, { at: r.receivedAt, quality: answered ? GOOD : r.quality });
    }
    const tr = trends.get(r.key);
    if (tr) {
      tr.t.push(r.receivedAt);
      tr.v.push(r.quality.status === 'bad' ? null : numericValue(r.value));
    }
  }
  for (const [key, r] of last) {
    const prev = live.get(key);
    const n = r.quality.status === 'bad' ? null : numericValue(r.value);
    const spark = prev?.spark ?? EMPTY_HISTORY;
    live.set(key, { reading: r, spark: n === null ? spark : appendHistory(spark, n, r.receivedAt, SPARK_POINTS) });
  }
  const oldest = Date.now() - TREND_WINDOW_MS;
  for (const tr of trends.values()) {
    let cut = 0;
    while (cut < tr.t.length && tr.t[cut]! < oldest) cut++;
    if (cut > 0) {
      tr.t.splice(0, cut);
      tr.v.splice(0, cut);
    }
  }
  noteDeviceReadings(byDevice);
  useTagValues.setState((s) => ({ version: s.version + 1, stats: { readings: s.stats.readings + batch.length, flushes: s.stats.flushes + 1 } }));
  return last.size;
}

/** Forget rows and trends of tags that left the project. */
export function pruneReadings(keep: ReadonlySet<string>): void {
  let changed = false;
  for (const k of [...live.keys()]) {
    if (!keep.has(k)) {
      live.delete(k);
      changed = true;
    }
  }
  const keys = useTagValues.getState().trendKeys;
  if (keys.some((k) => !keep.has(k))) useTagValues.getState().setTrendKeys(keys.filter((k) => keep.has(k)));
  if (changed) useTagValues.setState((s) => ({ version: s.version + 1 }));
}

let pending: TagReading[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
/** Readings waiting beyond this are cut to the newest (a stalled page must not grow without bound). */
const MAX_PENDING = 200_000;

function flush(): void {
  timer = null;
  if (pending.length === 0) return;
  const batch = pending;
  pending = [];
  mergeReadings(batch);
}

/**
 * Take one tags.values batch. The engine already batches (one frame every 200 ms), so the page merges it at once:
 * a zero-delay timer only joins frames that arrived together (after a stall or a reconnect) into one merge.
 */
export function ingestTagValues(batch: readonly TagReading[]): void {
  for (const r of batch) pending.push(r);
  if (pending.length > MAX_PENDING) pending = pending.slice(pending.length - MAX_PENDING / 2);
  if (!timer) timer = setTimeout(flush, 0);
}
