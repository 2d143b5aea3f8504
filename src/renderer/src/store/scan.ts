import { create } from 'zustand';
import type { RequestInput } from '../../../shared/contract';
import type { ScanProgress } from '../../../shared/schemas/scan';
import { FieldbenchError } from '../../../shared/errors';
import { api } from '../api';
import { scanProblems } from '../screens/devices/scanErrors';
import { errorText } from './notices';

export type ScanInput = RequestInput<'scan.start'>;

/**
 * The scan this page started, with its progress from scan.progress events. Events of scans started elsewhere
 * (another window, the CLI) are ignored.
 */
interface ScanStore {
  progress: ScanProgress | null;
  /** What was asked, so the responders can be added with the same line settings. */
  request: ScanInput | null;
  starting: boolean;
  error: string | null;
  /** Field problems the engine named ("hosts.0", "units.to"...). */
  fields: Record<string, string>;
  start(input: ScanInput): Promise<void>;
  cancel(): Promise<void>;
  ingest(p: ScanProgress): void;
  reset(): void;
}

/** Events that arrive while scan.start is still on its way back: the newest per scan id. */
const early = new Map<string, ScanProgress>();

export const useScan = create<ScanStore>()((set, get) => ({
  progress: null,
  request: null,
  starting: false,
  error: null,
  fields: {},
  async start(input) {
    early.clear();
    set({ starting: true, error: null, fields: {}, progress: null, request: null });
    try {
      const started = await api().scanStart(input);
      // An event may already have brought a newer state of this scan.
      const seen = early.get(started.scanId);
      early.clear();
      const progress = seen && (seen.state !== 'running' || seen.done >= started.done) ? seen : started;
      set({ progress, request: input, starting: false });
    } catch (err) {
      early.clear();
      if (err instanceof FieldbenchError && err.issues?.length) {
        // Named in the operator's words under each field and in one line: never "invalid input for scan.start: hosts.3".
        const { fields, summary } = scanProblems(input, err.issues);
        set({ starting: false, error: summary, fields });
      } else set({ starting: false, error: errorText(err), fields: {} });
    }
  },
  async cancel() {
    const p = get().progress;
    if (!p || p.state !== 'running') return;
    try {
      await api().scanCancel({ scanId: p.scanId });
    } catch (err) {
      set({ error: errorText(err) });
    }
  },
  ingest(p) {
    const cur = get().progress;
    if (get().starting) {
      early.set(p.scanId, p);
      return;
    }
    if (!cur || cur.scanId !== p.scanId) return;
    // Progress only moves forward; the final state always wins.
    if (p.state === 'running' && cur.state !== 'running') return;
    set({ progress: p });
  },
  reset: () => set({ progress: null, request: null, error: null, fields: {} }),
}));
