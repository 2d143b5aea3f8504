import { isLoopback } from '../../../engine/broker/listen-host';
import { broker, health } from '../config-view';
import { error, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';
import type { PreflightFinding } from '../types';

function listener(what: string, where: string, host: string, port: number, allowNetwork: boolean): PreflightFinding {
  if (isLoopback(host)) return ok('listening', `${what} listens on ${host}:${port} (loopback only)`, where);
  if (allowNetwork) return warning('listening', `${what} listens on ${host}:${port}: reachable from the network, as the config allows explicitly`, where, 'keep it on loopback unless something off the device must reach it; firewall the port');
  return error('listening', `${what} would listen on ${host}:${port}, a network address, without allowNetwork`, where, 'use 127.0.0.1, or set allowNetwork to true to say it is intended');
}

/** Listening interfaces: what the gateway opens on the edge device (health, OPC UA server, embedded broker). */
export const checkListening: PreflightCheck = ({ config }) => {
  const h = health(config);
  const out = [listener('the health endpoint', 'health.host', h.host, h.port, h.allowNetwork)];
  const s = config.opcuaServer;
  if (s) out.push(listener('the OPC UA server', 'opcuaServer.host', s.host ?? '127.0.0.1', s.port ?? 4840, s.allowNetwork ?? false));
  const b = broker(config);
  if (b.kind === 'embedded') out.push(ok('listening', `the embedded broker listens on 127.0.0.1:${b.port} (loopback only)`, 'northbound.broker.port'));
  return out;
};
