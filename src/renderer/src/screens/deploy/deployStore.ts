import { create } from 'zustand';
import type { DeploySettings, GatewayExportProgress, GatewayExportResult, GatewayTarget, PreflightReport } from '../../../../shared/contract/gateway';
import { api } from '../../api';
import { errorText, reportError } from '../../store/notices';

export type BrokerChoice = 'embedded' | 'url';

export interface DeployForm {
  target: GatewayTarget;
  broker: BrokerChoice;
  url: string;
  username: string;
  password: string;
  caFile: string;
  plaintextReason: string;
  group: string;
  node: string;
  writable: string[];
  /** Carry Node.js in the bundle. */
  nodeRuntime: boolean;
  folder: string;
}

interface DeployState {
  form: DeployForm;
  report: PreflightReport | null;
  /** The settings the report was made with: a change makes it stale, and export needs a fresh one. */
  reportFor: string | null;
  checking: boolean;
  exporting: boolean;
  progress: GatewayExportProgress | null;
  result: GatewayExportResult | null;
  exportError: string | null;
  set(patch: Partial<DeployForm>): void;
  preflight(): Promise<void>;
  exportBundle(): Promise<void>;
}

const trimmed = (s: string) => (s.trim() ? s.trim() : undefined);

/** The request input for these form values (the engine checks every field again). */
export function settingsOf(f: DeployForm): DeploySettings {
  const url = f.broker === 'url';
  const s: DeploySettings = { target: f.target, writable: f.writable, nodeRuntime: f.nodeRuntime || f.target === 'docker' };
  const put = <K extends keyof DeploySettings>(k: K, v: DeploySettings[K] | undefined) => {
    if (v !== undefined) s[k] = v;
  };
  put('group', trimmed(f.group));
  put('node', trimmed(f.node));
  if (url) {
    put('broker', trimmed(f.url));
    put('username', trimmed(f.username));
    if (f.password) put('password', f.password);
    put('caFile', trimmed(f.caFile));
    put('plaintextReason', trimmed(f.plaintextReason));
  }
  return s;
}

const keyOf = (f: DeployForm) => JSON.stringify({ ...settingsOf(f), folder: undefined });

export const useDeploy = create<DeployState>()((set, get) => ({
  form: { target: 'linux-x64', broker: 'embedded', url: '', username: '', password: '', caFile: '', plaintextReason: '', group: '', node: '', writable: [], nodeRuntime: true, folder: 'gateway-1' },
  report: null,
  reportFor: null,
  checking: false,
  exporting: false,
  progress: null,
  result: null,
  exportError: null,
  set: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
  preflight: async () => {
    const form = get().form;
    set({ checking: true });
    try {
      const report = await api().gatewayPreflight(settingsOf(form));
      set({ report, reportFor: keyOf(form) });
    } catch (err) {
      reportError('Pre-flight failed', err);
    } finally {
      set({ checking: false });
    }
  },
  exportBundle: async () => {
    const form = get().form;
    set({ exporting: true, progress: null, result: null, exportError: null });
    const off = api().onGatewayExportProgress((p) => set({ progress: p }));
    try {
      const result = await api().gatewayExport({ ...settingsOf(form), folder: form.folder.trim() });
      set({ result, report: result.report, reportFor: keyOf(form) });
    } catch (err) {
      set({ exportError: errorText(err) });
    } finally {
      off();
      set({ exporting: false });
    }
  },
}));

/** Whether the report on screen was made with the settings now in the form. */
export function reportIsCurrent(s: Pick<DeployState, 'form' | 'reportFor'>): boolean {
  return s.reportFor !== null && s.reportFor === keyOf(s.form);
}
