import { create } from 'zustand';
import type { SerialPortList } from '../../../shared/schemas/serial';
import { api } from '../api';
import { errorText } from './notices';

/** Serial ports the engine sees, refreshed by serial.ports events when adapters are plugged in or out. */
interface SerialStore {
  list: SerialPortList | null;
  loading: boolean;
  error: string | null;
  /** When the list last changed by itself (hot-plug), so the form can say so. */
  changedAt: number | null;
  set(list: SerialPortList, hotplug: boolean): void;
  refresh(): Promise<void>;
}

export const useSerial = create<SerialStore>()((set, get) => ({
  list: null,
  loading: false,
  error: null,
  changedAt: null,
  set: (list, hotplug) => set({ list, error: null, ...(hotplug ? { changedAt: Date.now() } : {}) }),
  async refresh() {
    if (get().loading) return;
    set({ loading: true });
    try {
      const list = await api().serialList({});
      set({ list, error: null, loading: false });
    } catch (err) {
      set({ error: errorText(err), loading: false });
    }
  },
}));
