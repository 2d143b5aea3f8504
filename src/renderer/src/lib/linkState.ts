import type { ConnectionState } from '../../../shared/contract';
import type { Connection, Device, Watch } from '../../../shared/project/schema';
import type { WatchLive } from '../store/live';
import type { DeviceSeen } from '../store/tagLinks';

export interface LinkView {
  state: ConnectionState['state'] | 'unknown';
  detail?: string;
  at?: number;
  /** True when the state was worked out from watch updates rather than reported by the engine. */
  inferred: boolean;
}

/**
 * What to show for one connection. The engine pushes connection.state only when it changes, so a page that
 * connects later may never have seen one; the newest watch update or tag reading on a device of that connection
 * tells the same story (a good read means connected, a failed one carries the reason). The newer one wins.
 */
export function linkView(
  c: Connection,
  reported: ConnectionState | undefined,
  devices: readonly Device[],
  watches: readonly Watch[],
  byWatch: Readonly<Record<string, WatchLive>>,
  tagSeen: Readonly<Record<string, DeviceSeen>> = {},
): LinkView {
  const deviceIds = new Set(devices.filter((d) => d.connectionId === c.id).map((d) => d.id));
  let newest: { lastAt: number; quality: WatchLive['quality'] } | undefined;
  for (const w of watches) {
    if (!deviceIds.has(w.deviceId)) continue;
    const l = byWatch[w.id];
    if (l && (!newest || l.lastAt > newest.lastAt)) newest = l;
  }
  for (const id of deviceIds) {
    const t = tagSeen[id];
    if (t && (!newest || t.at > newest.lastAt)) newest = { lastAt: t.at, quality: t.quality };
  }
  if (reported && (!newest || reported.at >= newest.lastAt)) {
    return reported.detail !== undefined
      ? { state: reported.state, detail: reported.detail, at: reported.at, inferred: false }
      : { state: reported.state, at: reported.at, inferred: false };
  }
  if (newest) {
    if (newest.quality.status === 'good') return { state: 'connected', at: newest.lastAt, inferred: true };
    return { state: 'error', detail: newest.quality.reason ?? 'bad quality', at: newest.lastAt, inferred: true };
  }
  return { state: 'unknown', inferred: true };
}

export function linkLabel(v: LinkView): string {
  return v.state === 'unknown' ? 'not polled yet' : v.state;
}
