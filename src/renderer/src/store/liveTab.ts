import { create } from 'zustand';

export type LiveTab = 'registers' | 'tags';

const KEY = 'fieldbench.liveTab';

function stored(): LiveTab {
  try {
    return window.sessionStorage.getItem(KEY) === 'tags' ? 'tags' : 'registers';
  } catch {
    return 'registers';
  }
}

/** Which half of the Live screen shows: watched register ranges or the tags of the register maps; kept per browser tab. */
export const useLiveTab = create<{ tab: LiveTab; setTab(tab: LiveTab): void }>()((set) => ({
  tab: stored(),
  setTab(tab) {
    try {
      window.sessionStorage.setItem(KEY, tab);
    } catch {
      // no storage: the choice lasts until the page reloads
    }
    set({ tab });
  },
}));
