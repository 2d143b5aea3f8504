import { create } from 'zustand';
import type { RequestInput, RequestOutput } from '../../../shared/contract';
import { tagKey, type Tag, type TagMap } from '../../../shared/project/schema';
import { api } from '../api';
import { reportError } from './notices';

/** One tag of the project with where it lives: the key the engine's readings and checkout marks use. */
export interface TagDef {
  key: string;
  mapId: string;
  mapName: string;
  deviceId: string;
  tag: Tag;
}

export type TagMapSummary = RequestOutput<'tagMaps.put'>;

interface TagMapsStore {
  loaded: boolean;
  summaries: TagMapSummary[];
  maps: Record<string, TagMap>;
  /** Every tag of every map, in map order. */
  defs: TagDef[];
  byKey: ReadonlyMap<string, TagDef>;
  refresh(): Promise<void>;
  put(input: RequestInput<'tagMaps.put'>): Promise<TagMapSummary>;
  remove(mapId: string): Promise<boolean>;
  /** tags.update; throws the engine's error so the caller can show it where the operator acted. */
  updateTag(mapId: string, name: string, patch: Record<string, unknown>): Promise<Tag>;
}

function index(maps: readonly TagMap[]): { defs: TagDef[]; byKey: Map<string, TagDef> } {
  const defs: TagDef[] = [];
  for (const m of maps) for (const tag of m.tags) defs.push({ key: tagKey(m.id, tag.name), mapId: m.id, mapName: m.name, deviceId: m.deviceId, tag });
  return { defs, byKey: new Map(defs.map((d) => [d.key, d])) };
}

let generation = 0;

/** The project's tag maps with their tags, reloaded whenever the engine says they changed (tags.changed). */
export const useTagMaps = create<TagMapsStore>()((set, get) => ({
  loaded: false,
  summaries: [],
  maps: {},
  defs: [],
  byKey: new Map(),
  async refresh() {
    const mine = ++generation;
    try {
      const summaries = await api().tagMapsList({});
      const maps = await Promise.all(summaries.map((s) => api().tagMapsGet({ mapId: s.id })));
      if (mine !== generation) return; // a newer refresh is under way
      set({ loaded: true, summaries, maps: Object.fromEntries(maps.map((m) => [m.id, m])), ...index(maps) });
    } catch (err) {
      if (mine === generation) reportError('Could not load the tag maps', err);
    }
  },
  async put(input) {
    const summary = await api().tagMapsPut(input);
    await get().refresh();
    return summary;
  },
  async remove(mapId) {
    try {
      await api().tagMapsRemove({ mapId });
      await get().refresh();
      return true;
    } catch (err) {
      reportError('Could not remove the tag map', err);
      return false;
    }
  },
  async updateTag(mapId, name, patch) {
    const tag = await api().tagsUpdate({ mapId, name, patch });
    // Show the new definition at once; tags.changed brings the rest of the project in line.
    set((s) => {
      const m = s.maps[mapId];
      if (!m) return s;
      const next = { ...m, tags: m.tags.map((t) => (t.name === name ? tag : t)) };
      const maps = { ...s.maps, [mapId]: next };
      return { maps, ...index(s.summaries.map((x) => maps[x.id]).filter((x): x is TagMap => x !== undefined)) };
    });
    return tag;
  },
}));

let pendingRefresh: ReturnType<typeof setTimeout> | null = null;

/** Coalesce bursts of tags.changed (an import, several updates) into one reload. */
export function refreshTagMapsSoon(delayMs = 80): void {
  if (pendingRefresh) return;
  pendingRefresh = setTimeout(() => {
    pendingRefresh = null;
    void useTagMaps.getState().refresh();
  }, delayMs);
}
