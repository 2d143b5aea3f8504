import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopback } from '../engine/broker/listen-host';
import { FieldbenchError } from '../shared/errors';

export interface HealthServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * GET /health: the gateway's status as JSON (200 while every source is up, 503 when one is not). Loopback only
 * unless the config explicitly allows the network; nothing else is served.
 */
export async function startHealthServer(
  opts: { host: string; port: number; allowNetwork: boolean; warn: (line: string) => void },
  status: () => { ok: boolean } & Record<string, unknown>,
): Promise<HealthServer> {
  const host = opts.host;
  if (!isLoopback(host)) {
    if (!opts.allowNetwork) throw new FieldbenchError('forbidden', `the health endpoint listens on loopback only; ${host} needs health.allowNetwork`);
    opts.warn(`the health endpoint listens on ${host}: any machine that reaches it can read the gateway's status`);
  }
  const server: Server = createServer((req, res) => {
    const url = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || url !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found: GET /health' }));
      return;
    }
    const body = status();
    res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
