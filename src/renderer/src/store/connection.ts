import { create } from 'zustand';
import type { ConnectionState } from '../../../shared/contract';
import type { LinkStatus } from '../transport';

/** The link between this page and the engine, and the state of each device connection the engine reports. */
interface ConnectionStore {
  mode: 'electron' | 'web';
  link: LinkStatus;
  /** Latest connection.state per connection id. Only changes are pushed, so a quiet connection may have none yet. */
  deviceLinks: Record<string, ConnectionState>;
  setMode(mode: 'electron' | 'web'): void;
  setLink(link: LinkStatus): void;
  setDeviceLink(state: ConnectionState): void;
  pruneDeviceLinks(keep: ReadonlySet<string>): void;
}

export const useConnection = create<ConnectionStore>()((set) => ({
  mode: 'web',
  link: { kind: 'connecting', attempt: 1 },
  deviceLinks: {},
  setMode: (mode) => set({ mode }),
  setLink: (link) => set({ link }),
  setDeviceLink: (state) => set((s) => ({ deviceLinks: { ...s.deviceLinks, [state.connectionId]: state } })),
  pruneDeviceLinks: (keep) =>
    set((s) => {
      const ids = Object.keys(s.deviceLinks);
      if (ids.every((id) => keep.has(id))) return s;
      return { deviceLinks: Object.fromEntries(Object.entries(s.deviceLinks).filter(([id]) => keep.has(id))) };
    }),
}));

export function isLinkUp(link: LinkStatus): boolean {
  return link.kind === 'open' || link.kind === 'ipc';
}
