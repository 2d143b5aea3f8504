import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { isLoopback } from '../../engine/broker/listen-host';
import type { GatewayConfig } from '../../shared/gateway/config';
import { tagKey, type Connection, type Project } from '../../shared/project/schema';

export interface PreflightItem {
  check: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
}

const DAY = 86_400_000;

/** Host and port a connection reaches over TCP, or null (a serial line). */
function endpointOf(c: Connection): { host: string; port: number } | null {
  if (c.kind === 'tcp' || c.kind === 'rtu-over-tcp' || c.kind === 'cip') return { host: c.host, port: c.port };
  if (c.kind === 'opcua') {
    const m = /^opc\.tcp:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(c.endpointUrl);
    return m ? { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2] ?? 4840) } : null;
  }
  return null;
}

function reachable(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (why: string | null) => {
      s.destroy();
      resolve(why);
    };
    s.setTimeout(timeoutMs, () => done(`no answer in ${timeoutMs} ms`));
    s.once('connect', () => done(null));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

/**
 * The pre-flight of an export, IEC 62443-minded: tags verified at commissioning, sources reachable from here, TLS
 * northbound (or why not), no anonymous access, the writes the gateway may make, what it listens on, certificate
 * expiry. It reports; it refuses nothing (the config check already refused what is wrong).
 */
export async function preflight(config: GatewayConfig, project: Project, resolve: (p: string) => string, opts: { timeoutMs?: number } = {}): Promise<PreflightItem[]> {
  const items: PreflightItem[] = [];
  const add = (check: string, status: PreflightItem['status'], detail: string) => items.push({ check, status, detail });

  const keys = config.tagMaps.flatMap((m) => m.tags.map((t) => tagKey(m.id, t.name)));
  const unverified = keys.filter((k) => project.checkout[k]?.status !== 'verified');
  const failed = keys.filter((k) => project.checkout[k]?.status === 'failed');
  const list = (ks: string[]) => `${ks.slice(0, 10).join(', ')}${ks.length > 10 ? ` and ${ks.length - 10} more` : ''}`;
  if (failed.length) add('tags', 'fail', `${failed.length} of ${keys.length} tags failed their checkout: ${list(failed)}`);
  else if (unverified.length) add('tags', 'warn', `${unverified.length} of ${keys.length} tags not verified at commissioning: ${list(unverified)}`);
  else add('tags', 'pass', `all ${keys.length} tags verified at commissioning`);

  for (const c of config.connections) {
    const ep = endpointOf(c);
    if (!ep) {
      const path = c.kind === 'rtu' ? c.path : '';
      add(`source ${c.name}`, 'warn', `serial line ${path}: ${existsSync(path) ? 'present here' : 'not on this machine'}; check it on the edge device`);
      continue;
    }
    const why = await reachable(ep.host, ep.port, opts.timeoutMs ?? 2000);
    add(`source ${c.name}`, why ? 'warn' : 'pass', why ? `${ep.host}:${ep.port} not reachable from here (${why})` : `${ep.host}:${ep.port} reachable from here`);
  }

  const nb = config.northbound;
  if (nb.broker.kind === 'embedded') add('northbound TLS', 'pass', `the embedded broker, on 127.0.0.1:${nb.broker.port} only`);
  else if (nb.broker.url.startsWith('mqtts://')) add('northbound TLS', 'pass', `${nb.broker.url}${nb.tls ? ', CA pinned' : ', system CAs'}`);
  else {
    const host = nb.broker.url.slice('mqtt://'.length).replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    add('northbound TLS', 'warn', isLoopback(host) ? `plaintext MQTT to ${nb.broker.url}: loopback, a rehearsal at the bench` : `plaintext MQTT to ${nb.broker.url} over the network: use mqtts:// with a CA`);
  }
  add('anonymous access', nb.credentials ? 'pass' : 'fail', nb.credentials ? `MQTT login ${nb.credentials.username}, password in ${nb.credentials.passwordFile}` : 'MQTT without a login');
  if (config.opcuaServer) {
    const s = config.opcuaServer;
    add('anonymous access', s.allowAnonymous ? 'warn' : 'pass', s.allowAnonymous ? 'the OPC UA server allows anonymous sessions' : `OPC UA server: user ${s.user?.username ?? '?'} only`);
  }

  const writes = [...config.writes.authorised, ...(config.watchdog ? [`watchdog ${'tagKey' in config.watchdog.target ? config.watchdog.target.tagKey : `${config.watchdog.target.deviceId} register ${config.watchdog.target.register}`} every ${config.watchdog.intervalMs} ms`] : [])];
  add('writes', 'pass', writes.length ? `pre-authorised: ${writes.join(', ')}` : 'none: the gateway only reads');

  const listens = [`health ${config.health.host}:${config.health.port}`, ...(nb.broker.kind === 'embedded' ? [`MQTT 127.0.0.1:${nb.broker.port}`] : []), ...(config.opcuaServer ? [`OPC UA ${config.opcuaServer.host}:${config.opcuaServer.port}`] : [])];
  const open = [config.health, ...(config.opcuaServer ? [config.opcuaServer] : [])].some((l) => !isLoopback(l.host));
  add('listening', open ? 'warn' : 'pass', `${listens.join(', ')}${open ? ' (reachable from the network)' : ' (loopback only)'}`);

  if (nb.tls) {
    for (const f of [nb.tls.ca, nb.tls.cert].filter((x): x is string => x !== undefined)) {
      try {
        const left = (Date.parse(new X509Certificate(readFileSync(resolve(f))).validTo) - Date.now()) / DAY;
        add(`certificate ${f}`, left < 0 ? 'fail' : left < 30 ? 'warn' : 'pass', left < 0 ? 'expired' : `valid for ${Math.floor(left)} more days`);
      } catch (e) {
        add(`certificate ${f}`, 'fail', `not a readable X.509 certificate: ${(e as Error).message}`);
      }
    }
  }
  return items;
}

export function preflightText(items: PreflightItem[]): string {
  return items.map((i) => `${i.status.toUpperCase().padEnd(4)}  ${i.check}: ${i.detail}\n`).join('');
}
