import { useEffect } from 'react';
import { create } from 'zustand';
import type { RequestOutput } from '../../../shared/contract';
import { api } from '../api';
import { errorText } from './notices';

export type DeviceStats = RequestOutput<'devices.stats'>[number];

export const STATS_POLL_MS = 2000;

interface StatsStore {
  byDevice: Record<string, DeviceStats>;
  at: number | null;
  error: string | null;
  poll(): Promise<void>;
}

/** Per-device request statistics, polled while the Devices screen is on screen. */
export const useStats = create<StatsStore>()((set) => ({
  byDevice: {},
  at: null,
  error: null,
  async poll() {
    try {
      const list = await api().devicesStats({});
      set({ byDevice: Object.fromEntries(list.map((s) => [s.deviceId, s])), at: Date.now(), error: null });
    } catch (err) {
      set({ error: errorText(err) });
    }
  },
}));

/** Poll devices.stats every 2 s while the calling component is mounted and the page is visible. */
export function useStatsPolling(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const tick = () => {
      if (document.visibilityState === 'visible') void useStats.getState().poll();
    };
    tick();
    const timer = setInterval(tick, STATS_POLL_MS);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [enabled]);
}
