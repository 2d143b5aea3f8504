import { create } from 'zustand';

export const SCREENS = [
  { id: 'devices', label: 'Devices', key: '1' },
  { id: 'map', label: 'Register map', key: '2' },
  { id: 'live', label: 'Live', key: '3' },
  { id: 'opcua', label: 'OPC UA', key: '4' },
  { id: 'cip', label: 'EtherNet/IP', key: '5' },
  { id: 'broker', label: 'Broker', key: '6' },
  { id: 'deploy', label: 'Deploy', key: '7' },
  { id: 'traffic', label: 'Traffic', key: '8' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

const SCREEN_KEY = 'fieldbench.screen';

function storedScreen(): ScreenId | null {
  try {
    const s = window.sessionStorage.getItem(SCREEN_KEY);
    if (s && SCREENS.some((x) => x.id === s)) return s as ScreenId;
  } catch {
    // no storage
  }
  return null;
}

/** Which screen is showing; kept per tab so a reload returns to it. */
interface UiStore {
  screen: ScreenId;
  /** True once the operator picked a screen (or a reload restored one): start-up defaults no longer apply. */
  chosen: boolean;
  go(screen: ScreenId): void;
  /** The start-up default: Live when the project already watches something, else Devices. */
  suggest(screen: ScreenId): void;
}

const restored = storedScreen();

export const useUi = create<UiStore>()((set, get) => ({
  screen: restored ?? 'devices',
  chosen: restored !== null,
  go(screen) {
    try {
      window.sessionStorage.setItem(SCREEN_KEY, screen);
    } catch {
      // ignore
    }
    set({ screen, chosen: true });
  },
  suggest(screen) {
    if (!get().chosen) set({ screen });
  },
}));
