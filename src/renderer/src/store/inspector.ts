import { createContext, useContext } from 'react';
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { BrokerMessageBatch } from '../../../shared/contract/broker';
import { downloadText } from '../lib/download';
import { recordOf, toCsv, toJsonLines, type RecordedMessage } from '../screens/broker/sessionRecord';
import { SparkplugTracker, type SparkplugIssue } from '../screens/broker/sparkplugTracker';
import { addMessage, newNode, type TopicNode } from '../screens/broker/topicTree';

/** Issues the page lists at most (newest first). */
export const ISSUES_CAP = 200;
/** Messages one recorded session keeps at most; recording stops there. */
export const RECORD_CAP = 200_000;

export interface BrokerAlert extends SparkplugIssue {
  id: number;
  topic: string;
  time: number;
}

export interface InspectorStore {
  /** Which broker this tree shows: 'broker' (the embedded one) or 'upstream' (the bridge's remote side). */
  source: 'broker' | 'upstream';
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
  merge(batch: BrokerMessageBatch): void;
  /** Messages came that the page did not see (the screen was closed): no seq is judged against the last one kept. */
  lostMessages(): void;
  toggle(path: string): void;
  select(path: string | null): void;
  clearTree(): void;
}

export type Inspector = UseBoundStore<StoreApi<InspectorStore>>;

let alertId = 0;

/** One topic tree with its Sparkplug state (its own tracker: the same node seen through a bridge is checked apart). */
export function createInspector(source: InspectorStore['source']): Inspector {
  const tracker = new SparkplugTracker();
  return create<InspectorStore>()((set, get) => ({
    source,
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
      const name = `fieldbench-${source}-${stamp}`;
      if (format === 'jsonl') downloadText(`${name}.jsonl`, toJsonLines(records), 'application/x-ndjson;charset=utf-8');
      else downloadText(`${name}.csv`, toCsv(records));
    },
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
    lostMessages: () => tracker.lostMessages(),
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
}

/** The embedded broker's tree and the upstream's (the bridge's remote side, read-only). */
export const brokerInspector = createInspector('broker');
export const upstreamInspector = createInspector('upstream');

/** The tree the components under it show. */
export const InspectorContext = createContext<Inspector>(brokerInspector);

export function useInspector<T>(selector: (s: InspectorStore) => T): T {
  return useContext(InspectorContext)(selector);
}
