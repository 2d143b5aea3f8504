import { create } from 'zustand';
import type { WatchUpdate } from '../../../shared/contract';
import type { Quality } from '../../../shared/quality';

/** How many values per register the sparkline keeps. */
export const HISTORY_POINTS = 60;
/** Incoming updates are merged into the store at most this often (one render per batch, not per message). */
export const FLUSH_MS = 200;
/** Updates waiting for the next flush; beyond this the oldest are dropped (the newest per watch always survives). */
const MAX_PENDING = 2000;

export interface WatchLive {
  seq: number;
  /** receivedAt of the latest update, whatever its quality. */
  lastAt: number;
  durationMs: number;
  /** Quality of the latest update. */
  quality: Quality;
  /** Raw words of the last good read; empty until there has been one. Shown dimmed while quality is not good. */
  values: readonly number[];
  /** receivedAt of the last good read, or null. */
  goodAt: number | null;
  /** Per register offset: the last HISTORY_POINTS good values, oldest first. */
  history: readonly (readonly number[])[];
  updates: number;
  badUpdates: number;
}

interface LiveStore {
  byWatch: Record<string, WatchLive>;
  /** Total updates merged, and flushes done: lets a curious operator (or a test) see that batching happens. */
  stats: { updates: number; flushes: number; dropped: number };
  apply(batch: readonly WatchUpdate[], dropped: number): void;
  prune(keep: ReadonlySet<string>): void;
}

function pushHistory(prev: readonly (readonly number[])[], raw: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < raw.length; i++) {
    const old = prev[i] ?? [];
    const next = old.length >= HISTORY_POINTS ? old.slice(old.length - HISTORY_POINTS + 1) : old.slice();
    next.push(raw[i]!);
    out.push(next);
  }
  return out;
}

function merge(prev: WatchLive | undefined, u: WatchUpdate): WatchLive {
  const good = u.quality.status === 'good' && u.raw.length > 0;
  if (prev && u.seq <= prev.seq && u.seq !== 1) return prev; // out of order or duplicate (seq restarts at 1 when a watch restarts)
  return {
    seq: u.seq,
    lastAt: u.receivedAt,
    durationMs: u.durationMs,
    quality: u.quality,
    values: good ? u.raw : (prev?.values ?? []),
    goodAt: good ? u.receivedAt : (prev?.goodAt ?? null),
    history: good ? pushHistory(prev?.history ?? [], u.raw) : (prev?.history ?? []),
    updates: (prev?.updates ?? 0) + 1,
    badUpdates: (prev?.badUpdates ?? 0) + (good ? 0 : 1),
  };
}

export const useLive = create<LiveStore>()((set) => ({
  byWatch: {},
  stats: { updates: 0, flushes: 0, dropped: 0 },
  apply(batch, dropped) {
    set((s) => {
      const byWatch = { ...s.byWatch };
      for (const u of batch) byWatch[u.watchId] = merge(byWatch[u.watchId], u);
      return {
        byWatch,
        stats: { updates: s.stats.updates + batch.length, flushes: s.stats.flushes + 1, dropped: s.stats.dropped + dropped },
      };
    });
  },
  prune(keep) {
    set((s) => {
      const ids = Object.keys(s.byWatch);
      if (ids.every((id) => keep.has(id))) return s;
      return { byWatch: Object.fromEntries(Object.entries(s.byWatch).filter(([id]) => keep.has(id))) };
    });
  },
}));

let pending: WatchUpdate[] = [];
let droppedSinceFlush = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  timer = null;
  if (pending.length === 0) return;
  const batch = pending;
  const dropped = droppedSinceFlush;
  pending = [];
  droppedSinceFlush = 0;
  useLive.getState().apply(batch, dropped);
}

/** Queue one watch.update; the store sees it with the next batch, at most FLUSH_MS later. */
export function ingestWatchUpdate(u: WatchUpdate): void {
  pending.push(u);
  if (pending.length > MAX_PENDING) {
    // Drop the oldest updates of watches that have a newer one queued.
    const newest = new Map<string, WatchUpdate>();
    for (const p of pending) newest.set(p.watchId, p);
    const keep = pending.slice(-MAX_PENDING / 2);
    for (const n of newest.values()) if (!keep.includes(n)) keep.push(n);
    droppedSinceFlush += pending.length - keep.length;
    pending = keep;
  }
  if (!timer) timer = setTimeout(flush, FLUSH_MS);
}
