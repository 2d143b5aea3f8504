import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { checkListenHost } from './listen-host';
import { credentialsMatch, generateCredentials, type BrokerCredentials } from './credentials';

export interface BrokerOptions {
  /** Default 127.0.0.1. Anything but loopback needs `allowNetwork`. */
  host?: string;
  /** Default 1883; 0 picks a free port. */
  port?: number;
  allowNetwork?: boolean;
  /** Default: generated for this broker. */
  credentials?: BrokerCredentials;
  /** A TLS listener beside the plain one, on the same host (port default 8883; 0 picks a free one). */
  tls?: { port?: number; cert: string; key: string };
  /**
   * A WebSocket listener (MQTT over ws://, for browser clients), off unless given: on the broker's host unless told
   * (anything but loopback needs `allowNetwork`, with a warning); port default 8083, 0 picks a free one.
   */
  websocket?: { port?: number; host?: string };
  warn?: (line: string) => void;
  /** Every message a client publishes through the broker ($SYS topics left out), as it arrives. */
  onPublish?: (message: { topic: string; payload: Buffer; qos: number; retain: boolean }) => void;
}

export interface RunningBroker {
  host: string;
  port: number;
  url: string;
  /** The TLS listener's port and mqtts:// URL, where there is one. */
  tlsPort?: number;
  tlsUrl?: string;
  /** The WebSocket listener's host, port and ws:// URL, where there is one. */
  wsHost?: string;
  wsPort?: number;
  wsUrl?: string;
  credentials: BrokerCredentials;
  /** Clients connected now. */
  clients(): number;
  close(): Promise<void>;
}

/** Aedes' return code for "bad user name or password" (MQTT 3.1.1 CONNACK 4). */
const BAD_USERNAME_OR_PASSWORD = 4;

/**
 * The embedded MQTT broker: aedes over plain TCP, loopback by default, with a user name and password every client
 * must give (generated when none are passed).
 */
export async function startBroker(opts: BrokerOptions = {}): Promise<RunningBroker> {
  const warn = opts.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = checkListenHost(opts.host ?? '127.0.0.1', opts.allowNetwork === true, warn);
  const credentials = opts.credentials ?? generateCredentials();
  const aedes = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      if (credentialsMatch(credentials, username, password)) return done(null, true);
      const err = Object.assign(new Error('bad user name or password'), { returnCode: BAD_USERNAME_OR_PASSWORD }) as AuthenticateError;
      done(err, false);
    },
  });
  const onPublish = opts.onPublish;
  if (onPublish) {
    aedes.on('publish', (packet, client) => {
      if (client && !packet.topic.startsWith('$SYS/')) onPublish({ topic: packet.topic, payload: Buffer.from(packet.payload), qos: packet.qos, retain: packet.retain });
    });
  }
  const sockets = new Set<Socket>();
  const accept = (socket: Socket) => {
    // Acknowledgements are small packets: sent at once, not held back by Nagle for a delayed ACK.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  };
  const listeners: { server: Server; port: number; host: string }[] = [{ server: createServer(accept), port: opts.port ?? 1883, host }];
  if (opts.tls) listeners.push({ server: createTlsServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' }, accept), port: opts.tls.port ?? 8883, host });
  const ws = opts.websocket ? { http: createHttpServer(), host: checkListenHost(opts.websocket.host ?? host, opts.allowNetwork === true, warn) } : null;
  const wss = ws ? new WebSocketServer({ server: ws.http }) : null;
  if (ws && wss) {
    // MQTT over WebSocket: each connection's binary frames as one duplex stream for aedes.
    wss.on('connection', (socket) => aedes.handle(createWebSocketStream(socket) as unknown as Socket));
    listeners.push({ server: ws.http as unknown as Server, port: opts.websocket!.port ?? 8083, host: ws.host });
  }
  const ports: number[] = [];
  try {
    for (const l of listeners) {
      await new Promise<void>((resolve, reject) => {
        l.server.once('error', reject);
        l.server.listen(l.port, l.host, () => {
          l.server.off('error', reject);
          resolve();
        });
      });
      ports.push((l.server.address() as AddressInfo).port);
    }
  } catch (err) {
    for (const l of listeners) l.server.close();
    wss?.close();
    aedes.close();
    throw err;
  }
  const bracket = (h: string) => (h.includes(':') ? `[${h}]` : h);
  const urlHost = bracket(host);
  const wsPort = ws ? ports.at(-1) : undefined;
  return {
    host,
    port: ports[0]!,
    url: `mqtt://${urlHost}:${ports[0]!}`,
    ...(opts.tls ? { tlsPort: ports[1]!, tlsUrl: `mqtts://${urlHost}:${ports[1]!}` } : {}),
    ...(ws && wsPort !== undefined ? { wsHost: ws.host, wsPort, wsUrl: `ws://${bracket(ws.host)}:${wsPort}/mqtt` } : {}),
    credentials,
    clients: () => aedes.connectedClients,
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const c of wss?.clients ?? []) c.terminate();
      wss?.close();
      await Promise.all(listeners.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}
