import { create } from 'zustand';
import { refusedThumbprint, type CertificateTrust, type OpcUaCertificate, type OpcUaCertificateLists, type OpcUaDiscovery, type OpcUaEndpoint, type OpcUaLogin, type OpcUaNode } from '../../../shared/contract';
import { FieldbenchError } from '../../../shared/errors';
import type { Device } from '../../../shared/project/schema';
import { api } from '../api';
import { errorText, reportError, reportInfo } from './notices';
import { addNodesAsTags } from './opcuaTags';

/** The Objects folder: where the browse tree starts. */
export const OBJECTS = 'i=85';

/** A server certificate Fieldbench refused: what the operator needs to decide, and what to do again once trusted. */
export interface CertProblem {
  thumbprint: string;
  certificate: OpcUaCertificate | null;
  message: string;
  /** What was refused ("add the server", "browse"), run again after Trust. */
  retry: (() => Promise<unknown>) | null;
}

/** A node of the browse tree with the node it was found under. */
export type TreeNode = OpcUaNode & { parent: string };

export interface BrowseTree {
  deviceId: string;
  nodes: Record<string, TreeNode>;
  /** Children by node id, once browsed. */
  kids: Record<string, string[]>;
  loading: Record<string, boolean>;
  errors: Record<string, string>;
  expanded: Record<string, boolean>;
  focused: string | null;
  /** Variables ticked to become tags. */
  checked: Record<string, boolean>;
}

const emptyTree = (deviceId: string): BrowseTree => ({ deviceId, nodes: {}, kids: {}, loading: {}, errors: {}, expanded: {}, focused: null, checked: {} });

interface OpcUaStore {
  url: string;
  discovering: boolean;
  discovery: OpcUaDiscovery | null;
  discoverError: string | null;
  /** Index of the chosen endpoint in discovery.endpoints. */
  chosen: number | null;
  certProblem: CertProblem | null;
  certificates: OpcUaCertificateLists | null;
  tree: BrowseTree | null;
  setUrl(url: string): void;
  discover(): Promise<void>;
  choose(index: number): void;
  addServer(input: { name: string; endpoint: OpcUaEndpoint; identity: OpcUaLogin }): Promise<{ ok: true; device: Device } | { ok: false; certificate?: boolean; message: string; fields: Record<string, string> }>;
  refreshCertificates(): Promise<void>;
  trust(thumbprint: string): Promise<void>;
  reject(thumbprint: string): Promise<void>;
  dismissCertProblem(): void;
  openDevice(deviceId: string | null): void;
  loadChildren(nodeId: string): Promise<void>;
  toggle(nodeId: string, open?: boolean): void;
  focus(nodeId: string | null): void;
  /** Open the tree down a path of NodeIds from Objects (a search hit, a bookmark) and focus its last node. */
  reveal(path: readonly string[]): Promise<void>;
  check(nodeId: string, on?: boolean): void;
  addCheckedAsTags(): Promise<number>;
}

/** The preferred endpoint: the most secure one that is not deprecated (what the server itself ranks highest). */
export function preferredEndpoint(endpoints: readonly OpcUaEndpoint[]): number | null {
  let best: number | null = null;
  endpoints.forEach((e, i) => {
    if (e.deprecated || e.securityMode === 'Invalid') return;
    if (best === null || e.securityLevel > endpoints[best]!.securityLevel) best = i;
  });
  return best;
}

export const useOpcUa = create<OpcUaStore>()((set, get) => {
  /** A refused server certificate becomes a prompt with its details (the rejected list has them); anything else is reported. */
  const refused = async (err: unknown, retry: CertProblem['retry']): Promise<boolean> => {
    const thumbprint = err instanceof FieldbenchError ? refusedThumbprint(err) : null;
    if (!thumbprint) return false;
    await get().refreshCertificates();
    const lists = get().certificates;
    const certificate = [...(lists?.rejected ?? []), ...(lists?.trusted ?? [])].find((c) => c.thumbprint === thumbprint) ?? null;
    set({ certProblem: { thumbprint, certificate, message: errorText(err), retry } });
    return true;
  };

  return {
    url: 'opc.tcp://127.0.0.1:4840',
    discovering: false,
    discovery: null,
    discoverError: null,
    chosen: null,
    certProblem: null,
    certificates: null,
    tree: null,

    setUrl: (url) => set({ url, discoverError: null }),

    async discover() {
      set({ discovering: true, discoverError: null });
      try {
        const discovery = await api().opcuaDiscover({ url: get().url.trim() });
        set({ discovery, chosen: preferredEndpoint(discovery.endpoints) });
      } catch (err) {
        set({ discovery: null, chosen: null, discoverError: errorText(err) });
      } finally {
        set({ discovering: false });
      }
    },

    choose: (index) => set({ chosen: index }),

    async addServer({ name, endpoint, identity }) {
      const run = () =>
        api().devicesAddOpcUa({
          name,
          endpointUrl: get().discovery?.url ?? endpoint.endpointUrl,
          securityMode: endpoint.securityMode === 'Invalid' ? 'None' : endpoint.securityMode,
          securityPolicy: endpoint.securityPolicy as 'None',
          identity,
        });
      // After Trust, the store runs the add again: the new device opens in the browser.
      const again = async () => {
        const { device } = await run();
        set({ discovery: null, chosen: null });
        get().openDevice(device.id);
        reportInfo(`Added ${device.name}: browse it below`);
      };
      try {
        const { device } = await run();
        set({ certProblem: null, discovery: null, chosen: null });
        return { ok: true, device };
      } catch (err) {
        const fields: Record<string, string> = {};
        if (err instanceof FieldbenchError) for (const i of err.issues ?? []) fields[i.path] ??= i.message;
        if (await refused(err, again)) return { ok: false, certificate: true, message: 'The server certificate is not trusted yet: check it below, then Trust it to add the server.', fields };
        return { ok: false, message: errorText(err), fields };
      }
    },

    async refreshCertificates() {
      try {
        const certificates = await api().opcuaCertificates({});
        const trust = (t: string | undefined): CertificateTrust =>
          certificates.trusted.some((c) => c.thumbprint === t) ? 'trusted' : certificates.rejected.some((c) => c.thumbprint === t) ? 'rejected' : 'unknown';
        const d = get().discovery;
        set({ certificates, ...(d ? { discovery: { ...d, endpoints: d.endpoints.map((e) => ({ ...e, trust: trust(e.certificate?.thumbprint) })) } } : {}) });
      } catch (err) {
        reportError('Could not list the OPC UA certificates', err);
      }
    },

    async trust(thumbprint) {
      try {
        await api().opcuaTrust({ thumbprint });
      } catch (err) {
        reportError('Could not trust the certificate', err);
        return;
      }
      await get().refreshCertificates();
      const p = get().certProblem;
      if (p?.thumbprint !== thumbprint) return;
      set({ certProblem: null });
      try {
        await p.retry?.();
      } catch (err) {
        if (!(await refused(err, p.retry))) reportError('Still refused after trusting the certificate', err);
      }
    },

    async reject(thumbprint) {
      try {
        await api().opcuaReject({ thumbprint });
      } catch (err) {
        reportError('Could not reject the certificate', err);
        return;
      }
      if (get().certProblem?.thumbprint === thumbprint) set({ certProblem: null });
      await get().refreshCertificates();
    },

    dismissCertProblem: () => set({ certProblem: null }),

    openDevice(deviceId) {
      if (!deviceId) return set({ tree: null });
      if (get().tree?.deviceId === deviceId) return;
      set({ tree: { ...emptyTree(deviceId), expanded: { [OBJECTS]: true } } });
      void get().loadChildren(OBJECTS);
    },

    async loadChildren(nodeId) {
      const tree = get().tree;
      if (!tree || tree.loading[nodeId]) return;
      const deviceId = tree.deviceId;
      const patch = (f: (t: BrowseTree) => Partial<BrowseTree>) => set((s) => (s.tree?.deviceId === deviceId ? { tree: { ...s.tree, ...f(s.tree) } } : {}));
      patch((t) => ({ loading: { ...t.loading, [nodeId]: true }, errors: { ...t.errors, [nodeId]: '' } }));
      try {
        const { children } = await api().opcuaBrowse({ deviceId, ...(nodeId === OBJECTS ? {} : { nodeId }) });
        patch((t) => {
          const nodes = { ...t.nodes };
          for (const c of children) nodes[c.nodeId] = { ...c, parent: nodeId };
          return { nodes, kids: { ...t.kids, [nodeId]: children.map((c) => c.nodeId) }, focused: t.focused ?? children[0]?.nodeId ?? null };
        });
      } catch (err) {
        patch((t) => ({ errors: { ...t.errors, [nodeId]: errorText(err) } }));
        await refused(err, () => get().loadChildren(nodeId));
      } finally {
        patch((t) => ({ loading: { ...t.loading, [nodeId]: false } }));
      }
    },

    toggle(nodeId, open) {
      const tree = get().tree;
      if (!tree) return;
      const next = open ?? !tree.expanded[nodeId];
      set({ tree: { ...tree, expanded: { ...tree.expanded, [nodeId]: next } } });
      if (next && !tree.kids[nodeId]) void get().loadChildren(nodeId);
    },

    focus(nodeId) {
      const tree = get().tree;
      if (tree) set({ tree: { ...tree, focused: nodeId } });
    },

    async reveal(path) {
      const deviceId = get().tree?.deviceId;
      let parent = OBJECTS;
      for (const id of path) {
        const tree = get().tree;
        if (!tree || tree.deviceId !== deviceId) return;
        if (!tree.kids[parent]) await get().loadChildren(parent);
        const now = get().tree;
        if (!now || now.deviceId !== deviceId) return;
        set({ tree: { ...now, expanded: { ...now.expanded, [parent]: true } } });
        parent = id;
      }
      if (path.length) get().focus(path[path.length - 1]!);
    },

    check(nodeId, on) {
      const tree = get().tree;
      if (!tree || tree.nodes[nodeId]?.nodeClass !== 'Variable') return;
      const next = on ?? !tree.checked[nodeId];
      const { [nodeId]: _gone, ...rest } = tree.checked;
      set({ tree: { ...tree, checked: next ? { ...rest, [nodeId]: true } : rest } });
    },

    async addCheckedAsTags() {
      const tree = get().tree;
      if (!tree) return 0;
      const nodes = Object.keys(tree.checked)
        .map((id) => tree.nodes[id])
        .filter((n): n is TreeNode => !!n);
      if (!nodes.length) return 0;
      try {
        const added = await addNodesAsTags(tree.deviceId, nodes, (id) => tree.nodes[id]?.displayName ?? null);
        set((s) => (s.tree?.deviceId === tree.deviceId ? { tree: { ...s.tree, checked: {} } } : {}));
        return added;
      } catch (err) {
        reportError('Could not add the nodes as tags', err);
        return 0;
      }
    },
  };
});
