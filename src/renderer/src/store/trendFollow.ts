import type { ApiHandle } from '../transport';
import { useTagValues } from './tagValues';

/** Renew well before the engine's follow (15 s) runs out. */
const RENEW_MS = 5_000;

/**
 * Keeps the engine sending every reading of the tags on the trend chart, not only each 200 ms batch's newest: a
 * 10 Hz tag trends at 10 Hz. Asks when the chart's tags change and when the link comes back, and renews while the
 * chart shows tags. A failed ask costs only resolution (the trend falls back to one point per batch) and the next
 * renewal asks again, so it is not reported.
 */
export function startTrendFollow(handle: ApiHandle): void {
  const ask = () => {
    const keys = useTagValues.getState().trendKeys;
    if (keys.length === 0) return;
    handle.api.tagsFollow({ keys: [...keys] }).catch(() => undefined);
  };
  useTagValues.subscribe((s, prev) => {
    if (s.trendKeys !== prev.trendKeys) ask();
  });
  handle.onStatus((s) => {
    if (s.kind === 'open' || s.kind === 'ipc') ask();
  });
  setInterval(ask, RENEW_MS);
}
