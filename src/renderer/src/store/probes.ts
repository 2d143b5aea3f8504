import { create } from 'zustand';
import type { DeviceProbe } from '../../../shared/contract';
import { api } from '../api';
import { errorText } from './notices';

export type ProbeState = { outcome: 'testing'; at: number } | DeviceProbe;

interface ProbeStore {
  byDevice: Record<string, ProbeState>;
  /** Try a device once (the engine reads one value through its driver) and keep the outcome for its row. */
  probe(deviceId: string): Promise<void>;
}

/** The connection test run when a device is added: its row says testing, then reachable / refused / timeout with why. */
export const useProbes = create<ProbeStore>()((set) => ({
  byDevice: {},
  async probe(deviceId) {
    set((s) => ({ byDevice: { ...s.byDevice, [deviceId]: { outcome: 'testing', at: Date.now() } } }));
    let result: DeviceProbe;
    try {
      result = await api().devicesProbe({ deviceId });
    } catch (err) {
      result = { deviceId, outcome: 'refused', detail: errorText(err), at: Date.now() };
    }
    set((s) => ({ byDevice: { ...s.byDevice, [deviceId]: result } }));
  },
}));
