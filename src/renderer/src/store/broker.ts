import { create } from 'zustand';
import type { BrokerStatus } from '../../../shared/contract/broker';
import { api } from '../api';
import { brokerInspector, upstreamInspector } from './inspector';
import { reportError } from './notices';
import { useSparkplug } from './sparkplug';

export { ISSUES_CAP, RECORD_CAP, type BrokerAlert } from './inspector';

interface BrokerStore {
  status: BrokerStatus | null;
  busy: boolean;
  /** The password of the broker started from this page, shown once: gone when dismissed or stopped. */
  credentials: { username: string; password: string } | null;
  start(port: number | undefined, websocket?: { port: number; allowNetwork: boolean }): Promise<void>;
  stop(): Promise<void>;
  refresh(): Promise<void>;
  dismissPassword(): void;
}

export const useBroker = create<BrokerStore>()((set) => ({
  status: null,
  busy: false,
  credentials: null,
  async start(port, websocket) {
    set({ busy: true });
    try {
      const r = await api().brokerStart({ ...(port === undefined ? {} : { port }), ...(websocket ? { websocket } : {}) });
      set({ status: r.status, credentials: r.credentials });
    } catch (err) {
      reportError('Could not start the broker', err);
    } finally {
      set({ busy: false });
    }
  },
  async stop() {
    set({ busy: true });
    try {
      set({ status: await api().brokerStop({}), credentials: null });
    } catch (err) {
      reportError('Could not stop the broker', err);
    } finally {
      set({ busy: false });
    }
  },
  async refresh() {
    try {
      set({ status: await api().brokerStatus({}) });
    } catch {
      // The status line says the engine is away; the next poll tries again.
    }
  },
  dismissPassword: () => set({ credentials: null }),
}));

/**
 * While the Broker screen is open: the embedded broker's and the upstream's message streams merged into their trees,
 * and the broker, edge node and bridge status every second.
 */
export function followBroker(): () => void {
  // Messages that came while the screen was closed were not seen: no seq can be judged against the last one kept.
  brokerInspector.getState().lostMessages();
  upstreamInspector.getState().lostMessages();
  const offLocal = api().onBrokerMessages((batch) => brokerInspector.getState().merge(batch));
  const offUp = api().onBridgeMessages((batch) => upstreamInspector.getState().merge(batch));
  const refresh = () => {
    void useBroker.getState().refresh();
    void useSparkplug.getState().refresh();
  };
  refresh();
  void useSparkplug.getState().loadSettings();
  const timer = setInterval(refresh, 1000);
  return () => {
    offLocal();
    offUp();
    clearInterval(timer);
  };
}
