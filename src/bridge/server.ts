import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isEventName, type EventName, type RequestName } from '../shared/contract';
import type { Envelope } from '../shared/errors';
import { BRIDGE_PATH, ClientFrame, TOKEN_REFUSED, type ServerFrame } from '../shared/wire';
import { contentSecurityPolicy, serveStatic } from './static-files';

/** What the bridge needs of the engine: the same two calls Electron's IPC uses. */
export interface ContractHost {
  dispatch(name: RequestName | string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

export interface BridgeOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Per-run secret; generated when not given. */
  token?: string;
  /** Built renderer to serve (out/renderer); without it only the WebSocket is served. */
  staticDir?: string;
}

export interface RunningBridge {
  port: number;
  token: string;
  /** Open this in a browser: the token travels in the fragment, which browsers never send to a server. */
  url: string;
  wsUrl: string;
  clients(): number;
  close(): Promise<void>;
}

/** The largest request a page may send: a tagMaps.put of MAX_TAGS_PER_MAP tags is about 15 MB of JSON. */
const MAX_FRAME_BYTES = 32 * 1024 * 1024;
/**
 * Above this much unsent data to one client, periodic updates for it are dropped: the next watch update or tag batch
 * carries newer values (every scan sends every tag again), and a hung page must not grow the engine's memory.
 */
const SLOW_CLIENT_BYTES = 2 * 1024 * 1024;
const DROPPABLE: ReadonlySet<string> = new Set(['watch.update', 'tags.values']);
/** Requests one page may have running at once; past it a request is answered "busy" at once, without running. */
const MAX_REQUESTS_IN_FLIGHT = 64;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The contract over a WebSocket on 127.0.0.1, for web mode and end-to-end tests. Every connection must present the
 * per-run token and come from the bridge's own page (or from a non-browser client, which sends no Origin).
 */
export async function startBridge(host: ContractHost, opts: BridgeOptions = {}): Promise<RunningBridge> {
  const bindHost = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
  const csp = () => contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`);

  const server = http.createServer((req, res) => {
    if (!opts.staticDir) {
      res.writeHead(404).end();
      return;
    }
    void serveStatic(opts.staticDir, req, res, csp());
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const given = url.searchParams.get('token') ?? '';
    const reject = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== BRIDGE_PATH) return reject('404 Not Found');
    if (origin !== undefined && !origins().has(origin)) return reject('403 Forbidden');
    if (!sameSecret(given, token)) {
      // A browser cannot read the status of a refused upgrade, so our own page (a bookmark from an earlier run, whose
      // token is stale) is told in a close code it can show; it is closed before any request is read.
      if (origin === undefined) return reject('401 Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(TOKEN_REFUSED, 'access token refused'));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket): void => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (frame.t === 'evt' && DROPPABLE.has(frame.name) && ws.bufferedAmount > SLOW_CLIENT_BYTES) return;
      ws.send(JSON.stringify(frame));
    };
    // Event streams this page asked for, by name: the engine does no work for a stream no page listens to.
    const subscriptions = new Map<EventName, () => void>();
    let running = 0;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return ws.close(1007, 'not JSON');
      }
      const frame = ClientFrame.safeParse(json);
      if (!frame.success) {
        const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : -1;
        send({ t: 'res', id, env: { ok: false, error: { code: 'invalid_input', message: 'malformed bridge frame' } } });
        return;
      }
      const f = frame.data;
      if (f.t === 'req') {
        if (running >= MAX_REQUESTS_IN_FLIGHT) {
          send({ t: 'res', id: f.id, env: { ok: false, error: { code: 'busy', message: `this page already has ${MAX_REQUESTS_IN_FLIGHT} requests running; wait for their answers` } } });
          return;
        }
        running++;
        void host.dispatch(f.name, f.input).then((env) => {
          running--;
          send({ t: 'res', id: f.id, env });
        });
        return;
      }
      if (!isEventName(f.name)) return; // an unknown stream has nothing to subscribe to
      const name = f.name;
      if (f.t === 'sub' && !subscriptions.has(name)) subscriptions.set(name, host.subscribe(name, (payload) => send({ t: 'evt', name, payload })));
      if (f.t === 'unsub') {
        subscriptions.get(name)?.();
        subscriptions.delete(name);
      }
    });
    ws.on('close', () => {
      for (const u of subscriptions.values()) u();
      subscriptions.clear();
    });
    send({ t: 'hello' });
    ws.on('error', () => undefined);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    wsUrl: `ws://127.0.0.1:${port}${BRIDGE_PATH}?token=${token}`,
    clients: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
