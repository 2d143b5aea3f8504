import { create } from 'zustand';
import { FieldbenchError } from '../../../shared/errors';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** An optional one-click follow-up, e.g. "Go to Live". */
  action?: { label: string; run: () => void };
}

interface NoticeStore {
  notices: Notice[];
  push(n: Omit<Notice, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;
const MAX_NOTICES = 4;

/** Short messages about what just happened (a failed request, a saved file). Errors stay until dismissed. */
export const useNotices = create<NoticeStore>()((set, get) => ({
  notices: [],
  push(n) {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices, { ...n, id }].slice(-MAX_NOTICES) }));
    if (n.kind === 'info') setTimeout(() => get().dismiss(id), 5000);
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

export function errorText(err: unknown): string {
  if (err instanceof FieldbenchError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Report a failed action, unless the operator cancelled it (closed a file dialog). */
export function reportError(what: string, err: unknown): void {
  if (err instanceof FieldbenchError && err.code === 'cancelled') return;
  useNotices.getState().push({ kind: 'error', text: `${what}: ${errorText(err)}` });
}

export function reportInfo(text: string, action?: Notice['action']): void {
  useNotices.getState().push(action ? { kind: 'info', text, action } : { kind: 'info', text });
}
