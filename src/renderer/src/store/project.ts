import { create } from 'zustand';
import type { ProjectState } from '../../../shared/contract';
import type { FieldbenchApi } from '../../../shared/api';
import { api } from '../api';
import { prefillDemoTargets } from './demoTargets';
import { reportError, reportInfo } from './notices';

type AppInfo = Awaited<ReturnType<FieldbenchApi['appInfo']>>;
type RecentProject = Awaited<ReturnType<FieldbenchApi['projectRecent']>>[number];

/** The open project as the engine reports it, plus the app facts the top bar needs. */
interface ProjectStore {
  info: AppInfo | null;
  state: ProjectState | null;
  recent: RecentProject[];
  /** Keys of one-line notices (migrated, recovered) the operator has closed for the open project. */
  dismissed: string[];
  busy: boolean;
  setInfo(info: AppInfo): void;
  setState(state: ProjectState): void;
  refresh(): Promise<void>;
  loadRecent(): Promise<void>;
  dismiss(key: string): void;

  newProject(name: string): Promise<boolean>;
  save(): Promise<'saved' | 'needs-name' | 'failed'>;
  saveAs(target: { kind: 'dialog' } | { kind: 'workspace'; name: string }): Promise<boolean>;
  open(source: { kind: 'dialog' } | { kind: 'recent'; id: string } | { kind: 'workspace'; name: string }): Promise<boolean>;
}

function fileName(p: string | null): string {
  if (!p) return '';
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

export const useProject = create<ProjectStore>()((set, get) => {
  /** Run one file action; the engine's project.state event also arrives, the reply just gets there first. */
  const act = async (what: string, run: () => Promise<ProjectState>): Promise<boolean> => {
    set({ busy: true });
    try {
      const state = await run();
      set({ state, dismissed: [] });
      return true;
    } catch (err) {
      reportError(what, err);
      return false;
    } finally {
      set({ busy: false });
    }
  };
  return {
    info: null,
    state: null,
    recent: [],
    dismissed: [],
    busy: false,
    setInfo: (info) => set({ info }),
    setState: (state) => set((s) => (s.state && s.state.path !== state.path ? { state, dismissed: [] } : { state })),
    async refresh() {
      try {
        const [info, state] = await Promise.all([api().appInfo({}), api().projectState({})]);
        set({ info, state });
        prefillDemoTargets(info.demos);
      } catch (err) {
        reportError('Could not load the project', err);
      }
    },
    async loadRecent() {
      try {
        set({ recent: await api().projectRecent({}) });
      } catch (err) {
        reportError('Could not list recent projects', err);
      }
    },
    dismiss: (key) => set((s) => ({ dismissed: [...s.dismissed, key] })),

    newProject: (name) => act('New project failed', () => api().projectNew({ name })),
    async save() {
      const s = get().state;
      if (s && !s.path) return 'needs-name';
      const ok = await act('Save failed', () => api().projectSave({}));
      if (ok) reportInfo(`Saved ${fileName(get().state?.path ?? null)}`);
      return ok ? 'saved' : 'failed';
    },
    async saveAs(target) {
      const ok = await act('Save As failed', () => api().projectSaveAs({ target }));
      if (ok) {
        reportInfo(`Saved as ${fileName(get().state?.path ?? null)}`);
        void get().loadRecent();
      }
      return ok;
    },
    async open(source) {
      const ok = await act('Open failed', () => api().projectOpen({ source }));
      if (ok) void get().loadRecent();
      return ok;
    },
  };
});

export { fileName };
