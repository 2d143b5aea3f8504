import type { ContractTransport } from '../../../shared/api';
import type { EventName, RequestName } from '../../../shared/contract';
import type { Envelope, FieldbenchErrorData } from '../../../shared/errors';
import { TOKEN_REFUSED, type ServerFrame } from '../../../shared/wire';

/** What the UI shows about the link to the engine. */
export type LinkStatus =
  | { kind: 'ipc' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; since: number }
  | { kind: 'waiting'; attempt: number; retryAt: number; reason: string }
  | { kind: 'no-token' }
  /** The engine refused this page's token: the page comes from an earlier run. Retrying cannot help. */
  | { kind: 'refused' };

export interface ReconnectingTransport extends ContractTransport {
  status(): LinkStatus;
  onStatus(listener: (s: LinkStatus) => void): () => void;
  /** Retry now instead of waiting for the backoff timer. */
  retryNow(): void;
  close(): void;
}

export interface WsTransportOptions {
  url: string;
  /** Requests made while the link is down wait this long for it to come back before they fail. */
  waitForOpenMs?: number;
  backoffMs?: readonly number[];
  /** Injected for tests; defaults to the browser's WebSocket. */
  createSocket?: (url: string) => WebSocket;
}

const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 4000, 8000] as const;

function failure(code: FieldbenchErrorData['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/**
 * The contract over the bridge's WebSocket. One socket at a time; replies are matched to requests by id.
 * When the socket drops, every request still waiting for its reply fails with io_error (it may or may not have
 * run in the engine), and the transport reconnects with backoff. Event listeners survive reconnects.
 */
export function createWsTransport(opts: WsTransportOptions): ReconnectingTransport {
  const backoff = opts.backoffMs ?? DEFAULT_BACKOFF;
  const waitForOpenMs = opts.waitForOpenMs ?? 10_000;
  const make = opts.createSocket ?? ((url: string) => new WebSocket(url));

  let socket: WebSocket | null = null;
  let status: LinkStatus = { kind: 'connecting', attempt: 1 };
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  /** The engine said hello on the current socket: requests and subscriptions may go. */
  let ready = false;
  let nextId = 1;

  const pending = new Map<number, (env: Envelope<unknown>) => void>();
  const waitingForOpen = new Set<() => void>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(s: LinkStatus) => void>();

  const setStatus = (s: LinkStatus) => {
    status = s;
    for (const l of [...statusListeners]) l(s);
  };

  const onFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'hello') {
      const ws = socket;
      if (!ws) return;
      ready = true;
      attempt = 0;
      // Streams are per socket: ask again for every stream that has a listener.
      for (const [name, set] of eventListeners) if (set.size) ws.send(JSON.stringify({ t: 'sub', name }));
      setStatus({ kind: 'open', since: Date.now() });
      for (const go of [...waitingForOpen]) go();
    } else if (frame.t === 'res') {
      const resolve = pending.get(frame.id);
      if (!resolve) return;
      pending.delete(frame.id);
      resolve(frame.env as Envelope<unknown>);
    } else if (frame.t === 'evt') {
      const set = eventListeners.get(frame.name);
      if (!set) return;
      for (const l of [...set]) {
        try {
          l(frame.payload);
        } catch (err) {
          console.error(`listener for ${frame.name} failed`, err);
        }
      }
    }
  };

  const dropPending = (why: string) => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(failure('io_error', `lost the connection to the engine (${why}); the request may or may not have run`));
  };

  const scheduleRetry = (reason: string) => {
    if (closed) return;
    const delay = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 1000;
    const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
    setStatus({ kind: 'waiting', attempt, retryAt: Date.now() + jittered, reason });
    retryTimer = setTimeout(connect, jittered);
  };

  function connect(): void {
    if (closed) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    attempt += 1;
    setStatus({ kind: 'connecting', attempt });
    let ws: WebSocket;
    try {
      ws = make(opts.url);
    } catch (err) {
      scheduleRetry(err instanceof Error ? err.message : String(err));
      return;
    }
    socket = ws;
    // The link is up when the engine says hello, not when the socket opens: a socket with a refused token opens and
    // is closed at once, and nothing should be sent or shown as connected in between.
    ws.onopen = () => undefined;
    ws.onmessage = (ev: MessageEvent) => {
      if (socket === ws) onFrame(ev.data);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      ready = false;
      if (ev.code === TOKEN_REFUSED) {
        closed = true;
        dropPending('the engine refused this page\'s access token');
        setStatus({ kind: 'refused' });
        return;
      }
      const reason = ev.code === 1006 ? 'the engine is not reachable' : `closed with code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''}`;
      dropPending(reason);
      scheduleRetry(reason);
    };
    ws.onerror = () => undefined; // onclose follows and carries the story
  }

  const sendWhenOpen = (name: RequestName, input: unknown): Promise<Envelope<unknown>> =>
    new Promise((resolve) => {
      const send = () => {
        const ws = socket;
        if (!ws || !ready || ws.readyState !== WebSocket.OPEN) {
          resolve(failure('io_error', 'not connected to the engine'));
          return;
        }
        const id = nextId++;
        pending.set(id, resolve);
        try {
          ws.send(JSON.stringify({ t: 'req', id, name, input }));
        } catch (err) {
          pending.delete(id);
          resolve(failure('io_error', `could not send ${name}: ${err instanceof Error ? err.message : String(err)}`));
        }
      };
      if (socket && ready && socket.readyState === WebSocket.OPEN) return send();
      if (closed) return resolve(failure('cancelled', 'the connection to the engine was closed'));
      // Wait for the link to come back, but not forever: the operator should see a clear failure.
      const go = () => {
        clearTimeout(timer);
        waitingForOpen.delete(go);
        send();
      };
      const timer = setTimeout(() => {
        waitingForOpen.delete(go);
        resolve(failure('io_error', `not connected to the engine (waited ${Math.round(waitForOpenMs / 1000)} s for ${name})`));
      }, waitForOpenMs);
      waitingForOpen.add(go);
    });

  connect();

  return {
    invoke: sendWhenOpen,
    subscribe(name: EventName, listener: (payload: unknown) => void) {
      let set = eventListeners.get(name);
      if (!set) eventListeners.set(name, (set = new Set()));
      const first = set.size === 0;
      set.add(listener);
      const tell = (t: 'sub' | 'unsub') => {
        if (socket && ready && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ t, name }));
      };
      if (first) tell('sub');
      return () => {
        if (set.delete(listener) && set.size === 0) tell('unsub');
      };
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    retryNow() {
      if (status.kind === 'waiting') connect();
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close();
      dropPending('closed by the page');
    },
  };
}
