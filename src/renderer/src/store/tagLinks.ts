import { create } from 'zustand';
import type { Quality } from '../../../shared/quality';

export interface DeviceSeen {
  at: number;
  quality: Quality;
}

/** Refresh a device's entry at most this often while nothing else about it changes (the status bar re-renders on it). */
const REFRESH_MS = 1000;

/**
 * The newest tag reading per device: like a watch update, it says whether the device answers, so the link state
 * in the status bar and on the Devices screen is right for devices that only have register maps.
 */
export const useTagLinks = create<{ byDevice: Readonly<Record<string, DeviceSeen>> }>()(() => ({ byDevice: {} }));

export function noteDeviceReadings(newest: ReadonlyMap<string, DeviceSeen>): void {
  const prev = useTagLinks.getState().byDevice;
  let next: Record<string, DeviceSeen> | null = null;
  for (const [deviceId, seen] of newest) {
    const p = prev[deviceId];
    const changed = !p || p.quality.status !== seen.quality.status || p.quality.reason !== seen.quality.reason || seen.at - p.at >= REFRESH_MS;
    if (!changed) continue;
    next ??= { ...prev };
    next[deviceId] = seen;
  }
  if (next) useTagLinks.setState({ byDevice: next });
}
