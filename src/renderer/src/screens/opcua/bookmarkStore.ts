import { create } from 'zustand';
import type { OpcUaBookmark } from '../../../../shared/contract';
import { api } from '../../api';
import { reportError } from '../../store/notices';

interface Bookmarks {
  deviceId: string | null;
  list: OpcUaBookmark[];
  load(deviceId: string): Promise<void>;
  toggle(deviceId: string, node: { nodeId: string; name: string; path: string[] }): Promise<void>;
}

/** The bookmarks of the open server (kept by the engine per server, in the app's data folder). */
export const useBookmarks = create<Bookmarks>()((set, get) => ({
  deviceId: null,
  list: [],
  async load(deviceId) {
    set({ deviceId, list: [] });
    try {
      const list = await api().opcuaBookmarks({ deviceId });
      if (get().deviceId === deviceId) set({ list });
    } catch (err) {
      reportError('Could not read the bookmarks', err);
    }
  },
  async toggle(deviceId, node) {
    const marked = get().list.some((b) => b.nodeId === node.nodeId);
    try {
      const list = marked ? await api().opcuaBookmarkRemove({ deviceId, nodeId: node.nodeId }) : await api().opcuaBookmarkAdd({ deviceId, ...node });
      if (get().deviceId === deviceId) set({ list });
    } catch (err) {
      reportError('Could not change the bookmark', err);
    }
  },
}));
