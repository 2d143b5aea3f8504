import type { GatewayConfigInput } from '../../shared/gateway/config';

/**
 * The parts of gateway.json the checks read, with the schema's defaults, from the document as written: the checks
 * still say what they can when another part of the config is invalid.
 */
export function broker(c: GatewayConfigInput): { kind: 'embedded'; port: number } | { kind: 'url'; url: string } {
  const b = c.northbound.broker;
  if (!b) return { kind: 'embedded', port: 1883 };
  return b.kind === 'url' ? { kind: 'url', url: b.url } : { kind: 'embedded', port: b.port ?? 1883 };
}

export function health(c: GatewayConfigInput): { host: string; port: number; allowNetwork: boolean } {
  return { host: c.health?.host ?? '127.0.0.1', port: c.health?.port ?? 8787, allowNetwork: c.health?.allowNetwork ?? false };
}
