import { createClient, type FieldbenchApi } from '../../../shared/api';
import { BRIDGE_PATH } from '../../../shared/wire';
import { withRevivedErrors } from './revive-errors';
import { createWsTransport, type LinkStatus } from './ws-transport';

export type { LinkStatus } from './ws-transport';

const TOKEN_KEY = 'fieldbench.token';

/**
 * The bridge's access token arrives in the URL fragment (#token=...), which browsers never send to a server.
 * Keep it for this tab only (sessionStorage, so a reload still works) and take it out of the visible URL so it
 * does not end up in screenshots, bookmarks or a screen share.
 */
export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) {
    try {
      storage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // storage may be disabled; the token still works for this page load
    }
    hash.delete('token');
    const rest = hash.toString();
    window.history.replaceState(window.history.state, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  try {
    return storage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export interface ApiHandle {
  api: FieldbenchApi;
  mode: 'electron' | 'web';
  status(): LinkStatus;
  onStatus(listener: (s: LinkStatus) => void): () => void;
  retryNow(): void;
}

/** A client whose every request fails the same way, for a page opened without the bridge's token. */
function noTokenApi(): FieldbenchApi {
  return createClient({
    invoke: async () => ({
      ok: false,
      error: { code: 'io_error', message: 'no access token: open the URL that "fieldbench web" printed (it ends in #token=...)' },
    }),
    subscribe: () => () => undefined,
  });
}

/** window.fieldbench in Electron (exposed by the preload), otherwise the WebSocket bridge of web mode. */
export function connectApi(): ApiHandle {
  const exposed = window.fieldbench;
  if (exposed) {
    const ipc: LinkStatus = { kind: 'ipc' };
    return { api: withRevivedErrors(exposed), mode: 'electron', status: () => ipc, onStatus: () => () => undefined, retryNow: () => undefined };
  }
  const token = takeToken();
  if (!token) {
    const s: LinkStatus = { kind: 'no-token' };
    return { api: noTokenApi(), mode: 'web', status: () => s, onStatus: () => () => undefined, retryNow: () => undefined };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = createWsTransport({ url: `${scheme}//${window.location.host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}` });
  return {
    api: createClient(transport),
    mode: 'web',
    status: transport.status,
    onStatus: transport.onStatus,
    retryNow: transport.retryNow,
  };
}
