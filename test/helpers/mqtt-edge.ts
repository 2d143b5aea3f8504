import { PROJECT_FORMAT, PROJECT_VERSION, Project } from '../../src/shared/project/schema';

/** A tag of a holding register, scanned every 100 ms. */
export function holding(name: string, address: number, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, scanClassMs: 100, source: { kind: 'modbus', table: 'holding', address, type, ...extra } };
}

/**
 * A project of Modbus TCP devices at 127.0.0.1:port: each entry is a device (its unit id and tags); the Sparkplug
 * device id is the device's name.
 */
export function modbusProject(port: number, devices: { name: string; unitId: number; tags: Record<string, unknown>[] }[]): Project {
  const now = new Date().toISOString();
  return Project.parse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: 'sparkplug test',
    createdAt: now,
    modifiedAt: now,
    connections: [{ kind: 'tcp', id: 'conn', name: 'sim', host: '127.0.0.1', port, timeoutMs: 300 }],
    devices: devices.map((d, i) => ({ id: `dev${i}`, name: d.name, protocol: 'modbus', connectionId: 'conn', unitId: d.unitId })),
    tagMaps: devices.map((d, i) => ({ id: `map${i}`, deviceId: `dev${i}`, name: `map ${d.name}`, tags: d.tags })),
  });
}
