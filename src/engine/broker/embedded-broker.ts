import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError } from 'aedes';
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
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  };
  const servers: Server[] = [createServer(accept)];
  if (opts.tls) servers.push(createTlsServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' }, accept));
  const ports: number[] = [];
  try {
    for (const [i, server] of servers.entries()) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(i === 0 ? (opts.port ?? 1883) : (opts.tls?.port ?? 8883), host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      ports.push((server.address() as AddressInfo).port);
    }
  } catch (err) {
    for (const s of servers) s.close();
    aedes.close();
    throw err;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port: ports[0]!,
    url: `mqtt://${urlHost}:${ports[0]!}`,
    ...(ports[1] !== undefined ? { tlsPort: ports[1], tlsUrl: `mqtts://${urlHost}:${ports[1]}` } : {}),
    credentials,
    clients: () => aedes.connectedClients,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}
