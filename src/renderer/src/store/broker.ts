import { create } from 'zustand';
import type { BrokerMessageBatch, BrokerStatus } from '../../../shared/contract/broker';
import { api } from '../api';
import { downloadText } from '../lib/download';
import { recordOf, toCsv, toJsonLines, type RecordedMessage } from '../screens/broker/sessionRecord';
import { SparkplugTracker, type SparkplugIssue } from '../screens/broker/sparkplugTracker';
import { addMessage, newNode, type TopicNode } from '../screens/broker/topicTree';
import { reportError } from './notices';

/** Issues the page lists at most (newest first). */
export const ISSUES_CAP = 200;
/** Messages one recorded session keeps at most; recording stops there. */
export const RECORD_CAP = 200_000;

export interface BrokerAlert extends SparkplugIssue {
  id: number;
  topic: string;
  time: number;
}

interface BrokerStore {
  status: BrokerStatus | null;
  busy: boolean;
  /** The password of the broker started from this page, shown once: gone when dismissed or stopped. */
  credentials: { username: string; password: string } | null;
  /** The tree lives outside React's state and changes in place; `version` moves on every merged batch. */
  root: TopicNode;
  version: number;
  closed: ReadonlySet<string>;
  selected: string | null;
  alerts: BrokerAlert[];
  /** Messages the engine dropped before they reached the page (its batch cap). */
  lost: number;
  /** The session being recorded (from the moment Record was pressed), or null. */
  recording: boolean;
  recorded: RecordedMessage[];
  setRecording(on: boolean): void;
  saveSession(format: 'jsonl' | 'csv'): void;
  start(port: number | undefined): Promise<void>;
  stop(): Promise<void>;
  refresh(): Promise<void>;
  dismissPassword(): void;
  merge(batch: BrokerMessageBatch): void;
  toggle(path: string): void;
  select(path: string | null): void;
  clearTree(): void;
}

const tracker = new SparkplugTracker();
let alertId = 0;

export const useBroker = create<BrokerStore>()((set, get) => ({
  status: null,
  busy: false,
  credentials: null,
  root: newNode('', '', -1),
  version: 0,
  closed: new Set(),
  selected: null,
  alerts: [],
  lost: 0,
  recording: false,
  recorded: [],
  setRecording: (on) => set(on ? { recording: true, recorded: [] } : { recording: false }),
  saveSession(format) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const records = get().recorded;
    if (format === 'jsonl') downloadText(`fieldbench-broker-${stamp}.jsonl`, toJsonLines(records), 'application/x-ndjson;charset=utf-8');
    else downloadText(`fieldbench-broker-${stamp}.csv`, toCsv(records));
  },
  async start(port) {
    set({ busy: true });
    try {
      const r = await api().brokerStart(port === undefined ? {} : { port });
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
  merge(batch) {
    const { root, recording, recorded } = get();
    const fresh: BrokerAlert[] = [];
    const taken: RecordedMessage[] = [];
    if (batch.dropped) tracker.lostMessages();
    for (const m of batch.messages) {
      const sp = tracker.track(m);
      addMessage(root, m, sp);
      if (recording && recorded.length + taken.length < RECORD_CAP) taken.push(recordOf(m, sp));
      for (const issue of sp?.issues ?? []) fresh.push({ ...issue, id: ++alertId, topic: m.topic, time: m.time });
    }
    set((s) => ({
      version: s.version + 1,
      lost: s.lost + batch.dropped,
      alerts: fresh.length ? [...fresh.reverse(), ...s.alerts].slice(0, ISSUES_CAP) : s.alerts,
      ...(taken.length ? { recorded: s.recorded.concat(taken) } : {}),
      ...(recording && recorded.length + taken.length >= RECORD_CAP ? { recording: false } : {}),
    }));
  },
  toggle: (path) =>
    set((s) => {
      const closed = new Set(s.closed);
      if (!closed.delete(path)) closed.add(path);
      return { closed };
    }),
  select: (path) => set({ selected: path }),
  clearTree() {
    tracker.clear();
    set((s) => ({ root: newNode('', '', -1), version: s.version + 1, selected: null, alerts: [], lost: 0 }));
  },
}));

/** While the Broker screen is open: the message stream merged into the tree, and the status every second. */
export function followBroker(): () => void {
  // Messages that came while the screen was closed were not seen: no seq can be judged against the last one kept.
  tracker.lostMessages();
  const off = api().onBrokerMessages((batch) => useBroker.getState().merge(batch));
  void useBroker.getState().refresh();
  const timer = setInterval(() => void useBroker.getState().refresh(), 1000);
  return () => {
    off();
    clearInterval(timer);
  };
}
