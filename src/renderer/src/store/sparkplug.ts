import { create } from 'zustand';
import type { RequestInput } from '../../../shared/contract';
import type { SparkplugSettings, SparkplugStatus } from '../../../shared/contract/sparkplug';
import { api } from '../api';
import { reportError, reportInfo } from './notices';

/** Settings as the forms hold them (zod input: defaults may be left out). */
export type EdgeSettingsInput = RequestInput<'sparkplug.start'>['settings'];
export type BridgeSettingsInput = RequestInput<'bridge.start'>['settings'];

interface SparkplugStore {
  status: SparkplugStatus | null;
  settings: SparkplugSettings | null;
  busy: boolean;
  refresh(): Promise<void>;
  loadSettings(): Promise<void>;
  startEdge(settings: EdgeSettingsInput, password: string | undefined): Promise<void>;
  stopEdge(): Promise<void>;
  startBridge(settings: BridgeSettingsInput, password: string | undefined): Promise<void>;
  stopBridge(): Promise<void>;
  answer(ticketId: string, confirm: boolean): Promise<void>;
}

/** The app's Sparkplug edge node and bridge: their settings on this computer and their state, polled by the screen. */
export const useSparkplug = create<SparkplugStore>()((set, get) => {
  const run = async (what: string, job: () => Promise<SparkplugStatus | void>) => {
    set({ busy: true });
    try {
      const status = await job();
      if (status) set({ status });
    } catch (err) {
      reportError(what, err);
    } finally {
      set({ busy: false });
    }
  };
  return {
    status: null,
    settings: null,
    busy: false,
    async refresh() {
      try {
        set({ status: await api().sparkplugStatus({}) });
      } catch {
        // The next poll tries again.
      }
    },
    async loadSettings() {
      try {
        set({ settings: await api().sparkplugSettings({}) });
      } catch (err) {
        reportError('Could not read the edge node settings', err);
      }
    },
    startEdge: (settings, password) =>
      run('Could not start the edge node', async () => {
        const s = await api().sparkplugStart(password === undefined ? { settings } : { settings, password });
        await get().loadSettings();
        return s;
      }),
    stopEdge: () => run('Could not stop the edge node', () => api().sparkplugStop({})),
    startBridge: (settings, password) =>
      run('Could not start the bridge', async () => {
        const s = await api().bridgeStart(password === undefined ? { settings } : { settings, password });
        await get().loadSettings();
        return s;
      }),
    stopBridge: () => run('Could not stop the bridge', () => api().bridgeStop({})),
    answer: (ticketId, confirm) =>
      run(confirm ? 'The write was not made' : 'Could not refuse the write', async () => {
        const r = await api().sparkplugCommand({ ticketId, confirm });
        if (r.outcome) reportInfo(`Written: ${r.outcome.ticket.target}`);
        await get().refresh();
      }),
  };
});
