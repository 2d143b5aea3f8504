import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Tag fields for a holding register tag scanned every `scan` ms. */
export function holdingTag(name: string, address: number, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, scanClassMs: 200, source: { kind: 'modbus', table: 'holding', address, type }, ...extra };
}

/**
 * A gateway.json document for Modbus TCP devices at 127.0.0.1:port (raw JSON, as a person would write it): each device
 * with its unit id and tags, Sparkplug group G / node N to `broker` (or the embedded broker on a free port).
 */
export function gatewayDoc(
  port: number,
  devices: { name: string; unitId: number; tags: Record<string, unknown>[]; port?: number }[],
  opts: { broker?: { kind: 'url'; url: string } | { kind: 'embedded'; port: number }; credentials?: { username: string; passwordFile: string }; healthPort?: number; storeDir?: string } = {},
): Record<string, unknown> {
  return {
    version: 1,
    name: 'gateway test',
    connections: devices.map((d, i) => ({ kind: 'tcp', id: `conn${i}`, name: `plc ${i}`, host: '127.0.0.1', port: d.port ?? port, timeoutMs: 300 })),
    devices: devices.map((d, i) => ({ id: `dev${i}`, name: d.name, protocol: 'modbus', connectionId: `conn${i}`, unitId: d.unitId })),
    tagMaps: devices.map((d, i) => ({ id: `map${i}`, deviceId: `dev${i}`, name: `map ${d.name}`, tags: d.tags })),
    scanClasses: [{ name: 'fast', intervalMs: 200 }],
    northbound: {
      broker: opts.broker ?? { kind: 'embedded', port: 0 },
      group: 'G',
      node: 'N',
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    },
    store: { dir: opts.storeDir ?? 'store', maxMb: 16 },
    health: { port: opts.healthPort ?? 0 },
  };
}

export function writeConfig(dir: string, doc: unknown, name = 'gateway.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}
