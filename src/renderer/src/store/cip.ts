import { create } from 'zustand';
import type { CipIdentityCard, CipTagRow } from '../../../shared/contract';
import { FieldbenchError } from '../../../shared/errors';
import { tagKey, type Device, type TagInput } from '../../../shared/project/schema';
import { api } from '../api';
import { sourceOf, type CipNode } from '../screens/cip/tagTree';
import { useDevices } from './devices';
import { errorText, reportError } from './notices';
import { useTagMaps } from './tagMaps';

/** The tag map picked tags go to: "<controller> tags", one per controller. */
export function cipMapName(deviceName: string): string {
  return `${deviceName} tags`;
}

export type AddResult = { ok: true; device: Device } | { ok: false; message: string; fields: Record<string, string> };

interface CipStore {
  host: string;
  port: string;
  identifying: boolean;
  identity: CipIdentityCard | null;
  identifyError: string | null;
  /** What answered a UDP List Identity to the address typed (a subnet's broadcast address finds them all). */
  found: CipIdentityCard[] | null;
  finding: boolean;
  /** The controller whose tags are listed. */
  deviceId: string | null;
  tags: CipTagRow[] | null;
  tagsLoading: boolean;
  tagsError: string | null;
  filter: string;
  open: Record<string, boolean>;
  /** Rows ticked to become tags, by key. */
  checked: Record<string, CipNode>;
  setEndpoint(host: string, port: string): void;
  identify(): Promise<void>;
  find(): Promise<void>;
  /** Take one device that answered as the one to add. */
  pick(device: CipIdentityCard): void;
  addController(name: string, routePath: string): Promise<AddResult>;
  openDevice(deviceId: string | null): void;
  loadTags(): Promise<void>;
  setFilter(filter: string): void;
  toggle(key: string, open?: boolean): void;
  check(node: CipNode, on?: boolean): void;
  addCheckedAsTags(): Promise<number>;
  /** The tag being written from the browser (the write dialog is open), or null. */
  writing: { tagKey: string; label: string; dataType: string } | null;
  /** Write a row: it becomes a read-write tag of the controller's map if it is not one yet, then the dialog opens. */
  startWrite(node: CipNode): Promise<void>;
  endWrite(): void;
}

const portNumber = (text: string) => (text.trim() === '' ? 44818 : Number(text.trim()));

export const useCip = create<CipStore>()((set, get) => ({
  host: '',
  port: '44818',
  identifying: false,
  identity: null,
  identifyError: null,
  found: null,
  finding: false,
  deviceId: null,
  tags: null,
  tagsLoading: false,
  tagsError: null,
  filter: '',
  open: {},
  checked: {},
  writing: null,

  setEndpoint: (host, port) => set({ host, port }),

  async identify() {
    const { host, port } = get();
    set({ identifying: true, identifyError: null, identity: null, found: null });
    try {
      const identity = await api().cipIdentify({ host: host.trim(), port: portNumber(port) });
      set({ identity, identifying: false });
    } catch (err) {
      set({ identifyError: errorText(err), identifying: false });
    }
  },

  async find() {
    const { host, port } = get();
    set({ finding: true, identifyError: null, identity: null, found: null });
    try {
      const { devices } = await api().cipDiscover({ address: host.trim(), port: portNumber(port) });
      set({ found: devices, finding: false });
    } catch (err) {
      set({ identifyError: errorText(err), finding: false });
    }
  },

  pick: (device) => set({ identity: device, host: device.ip, port: String(device.port) }),

  async addController(name, routePath) {
    const { host, port } = get();
    try {
      const { device } = await api().devicesAddCip({ name, host: host.trim(), port: portNumber(port), routePath: routePath.trim() });
      set({ identity: null, found: null });
      return { ok: true, device };
    } catch (err) {
      const fields: Record<string, string> = {};
      if (err instanceof FieldbenchError) for (const i of err.issues ?? []) fields[i.path] ??= i.message;
      return { ok: false, message: errorText(err), fields };
    }
  },

  openDevice(deviceId) {
    if (deviceId === get().deviceId) return;
    set({ deviceId, tags: null, tagsError: null, open: {}, checked: {} });
    if (deviceId) void get().loadTags();
  },

  async loadTags() {
    const deviceId = get().deviceId;
    if (!deviceId) return;
    set({ tagsLoading: true, tagsError: null });
    try {
      const { tags } = await api().cipTags({ deviceId });
      if (get().deviceId === deviceId) set({ tags, tagsLoading: false });
    } catch (err) {
      if (get().deviceId === deviceId) set({ tagsError: errorText(err), tagsLoading: false });
    }
  },

  setFilter: (filter) => set({ filter }),

  toggle: (key, open) => set((s) => ({ open: { ...s.open, [key]: open ?? !s.open[key] } })),

  check(node, on) {
    set((s) => {
      const checked = { ...s.checked };
      if (on ?? !checked[node.key]) checked[node.key] = node;
      else delete checked[node.key];
      return { checked };
    });
  },

  async addCheckedAsTags() {
    const { deviceId, checked } = get();
    const picked = Object.values(checked);
    if (!deviceId || !picked.length) return 0;
    try {
      const added = await addNodesAsTags(deviceId, picked);
      if (get().deviceId === deviceId) set({ checked: {} });
      return added;
    } catch (err) {
      reportError('Could not add the tags', err);
      return 0;
    }
  },

  async startWrite(node) {
    const deviceId = get().deviceId;
    if (!deviceId) return;
    try {
      const key = await writableTag(deviceId, node);
      set({ writing: { tagKey: key, label: node.key, dataType: node.dataType } });
    } catch (err) {
      reportError(`Could not write ${node.key}`, err);
    }
  },

  endWrite: () => set({ writing: null }),
}));

/**
 * The key of the row's tag in the controller's map, adding it as a read-write tag when it is not there (the operator
 * asked to write it). A tag already there keeps its access: a read-only one is refused by the engine, which says so.
 */
async function writableTag(deviceId: string, n: CipNode): Promise<string> {
  const device = useDevices.getState().devices.find((d) => d.id === deviceId);
  const mapName = cipMapName(device?.name ?? 'EtherNet/IP');
  const existing = (await api().tagMapsList({})).find((s) => s.deviceId === deviceId && s.name === mapName);
  const map = existing ? await api().tagMapsGet({ mapId: existing.id }) : null;
  if (map?.tags.some((t) => t.name === n.key)) return tagKey(map.id, n.key);
  const tags: TagInput[] = [...(map?.tags ?? []), { name: n.key, access: 'read-write', source: sourceOf(n), description: describe(n) }];
  const summary = await useTagMaps.getState().put({ deviceId, name: mapName, tags, ...(existing ? { mapId: existing.id } : {}) });
  return tagKey(summary.id, n.key);
}

const describe = (n: CipNode) => `${n.dataType} · ${n.scope === 'controller' ? 'controller scope' : `program ${n.scope}`}`;

/**
 * Put picked rows into the controller's tag map (created on first use), named as the operator saw them
 * ("Motor_1.Status.Code"); a row already in the map is not added twice. Returns how many tags were added.
 */
async function addNodesAsTags(deviceId: string, nodes: readonly CipNode[]): Promise<number> {
  const device = useDevices.getState().devices.find((d) => d.id === deviceId);
  const mapName = cipMapName(device?.name ?? 'EtherNet/IP');
  const summaries = await api().tagMapsList({});
  const existing = summaries.find((s) => s.deviceId === deviceId && s.name === mapName);
  const map = existing ? await api().tagMapsGet({ mapId: existing.id }) : null;
  const tags: TagInput[] = [...(map?.tags ?? [])];
  const names = new Set(tags.map((t) => t.name));
  let added = 0;
  for (const n of nodes) {
    if (names.has(n.key)) continue;
    names.add(n.key);
    tags.push({ name: n.key, source: sourceOf(n), description: describe(n) });
    added++;
  }
  if (added) await useTagMaps.getState().put({ deviceId, name: mapName, tags, ...(existing ? { mapId: existing.id } : {}) });
  return added;
}
