import { create } from 'zustand';
import { trafficMatches } from '../../../shared/modbus/traffic-filter';
import type { TrafficEntry, TrafficFilter } from '../../../shared/schemas/traffic';
import { api } from '../api';
import { reportError } from './notices';

/** Rows the page keeps; the engine keeps the same number, so nothing it still has is hidden. */
export const TRAFFIC_CAP = 20_000;

export interface TrafficFilterState {
  text: string;
  connectionId: string;
  /** As typed; empty means every unit. */
  unit: string;
  onlyErrors: boolean;
}

interface TrafficStore {
  rows: TrafficEntry[];
  /** Highest frame id merged so far: later batches only add what is newer. */
  lastId: number;
  /** Rows dropped from the front because of the cap. */
  dropped: number;
  paused: boolean;
  loading: boolean;
  filter: TrafficFilterState;
  setFilter(patch: Partial<TrafficFilterState>): void;
  merge(entries: readonly TrafficEntry[]): void;
  setPaused(paused: boolean): Promise<void>;
  clear(): Promise<void>;
}

export const useTraffic = create<TrafficStore>()((set) => ({
  rows: [],
  lastId: 0,
  dropped: 0,
  paused: false,
  loading: false,
  filter: { text: '', connectionId: '', unit: '', onlyErrors: false },
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  merge(entries) {
    if (entries.length === 0) return;
    set((s) => {
      let last = s.lastId;
      const fresh: TrafficEntry[] = [];
      for (const e of entries) {
        if (e.id > last) {
          fresh.push(e);
          last = e.id;
        }
      }
      if (fresh.length === 0) return s;
      const all = s.rows.concat(fresh);
      const over = all.length - TRAFFIC_CAP;
      return { rows: over > 0 ? all.slice(over) : all, lastId: last, dropped: s.dropped + Math.max(0, over) };
    });
  },
  async setPaused(paused) {
    try {
      const r = await api().trafficSetPaused({ paused });
      set({ paused: r.paused });
    } catch (err) {
      reportError(paused ? 'Could not pause the traffic log' : 'Could not resume the traffic log', err);
    }
  },
  async clear() {
    try {
      await api().trafficClear({});
      set({ rows: [], dropped: 0 });
    } catch (err) {
      reportError('Could not clear the traffic log', err);
    }
  },
}));

/**
 * Follow the engine's frames while the Traffic screen is open: subscribe first, fetch what the engine has that
 * this page has not, then merge the batches that came in meanwhile (ids keep the order and drop duplicates).
 */
export function followTraffic(): () => void {
  let loading = true;
  let held: TrafficEntry[] = [];
  const off = api().onTrafficFrames((batch) => {
    if (loading) held = held.concat(batch);
    else useTraffic.getState().merge(batch);
  });
  useTraffic.setState({ loading: true });
  void api()
    .trafficStatus({})
    .then(({ paused }) => useTraffic.setState({ paused }))
    .catch((err: unknown) => reportError('Could not read whether the traffic log is paused', err));
  const afterId = useTraffic.getState().lastId;
  void api()
    .trafficList({ afterId, limit: TRAFFIC_CAP })
    .then((rows) => useTraffic.getState().merge(rows))
    .catch((err: unknown) => reportError('Could not load the traffic log', err))
    .finally(() => {
      loading = false;
      useTraffic.getState().merge(held);
      held = [];
      useTraffic.setState({ loading: false });
    });
  return off;
}

/** The filter the engine applies for traffic.list and the CSV export, so the file matches the screen. */
export function matches(e: TrafficEntry, f: TrafficFilterState, unit: number | undefined, text: string): boolean {
  return trafficMatches(e, { connectionId: f.connectionId, unitId: unit, onlyErrors: f.onlyErrors, text });
}

/** The filter as the contract's TrafficFilter; a unit that is not a number is left out (the field says so). */
export function contractFilter(f: TrafficFilterState): TrafficFilter {
  const out: TrafficFilter = {};
  if (f.connectionId) out.connectionId = f.connectionId;
  const unit = parseUnit(f.unit);
  if (unit !== undefined) out.unitId = unit;
  if (f.text.trim()) out.text = f.text.trim();
  if (f.onlyErrors) out.onlyErrors = true;
  return out;
}

export function parseUnit(text: string): number | undefined {
  const s = text.trim();
  if (!/^\d{1,3}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 255 ? n : undefined;
}
