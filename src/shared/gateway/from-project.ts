import type { Project } from '../project/schema';
import { GATEWAY_CONFIG_VERSION, type GatewayConfigInput } from './config';

export interface FromProjectOptions {
  /** An mqtt:// or mqtts:// URL; the embedded broker when absent. */
  broker?: string;
  group?: string;
  node?: string;
  username?: string;
  passwordFile?: string;
  ca?: string;
  storeDir?: string;
  writable?: string[];
  healthPort?: number;
}

/**
 * A gateway config for a project: its connections, devices and tag maps as they are, a scan class per scan interval
 * its tags use, Sparkplug ids from the project's gateway settings unless given. Writes are authorised only as told.
 */
export function gatewayConfigFromProject(project: Project, o: FromProjectOptions = {}): GatewayConfigInput {
  const intervals = [...new Set(project.tagMaps.flatMap((m) => m.tags.map((t) => t.scanClassMs)))].sort((a, b) => a - b);
  return {
    version: GATEWAY_CONFIG_VERSION,
    name: project.name,
    connections: project.connections,
    devices: project.devices,
    tagMaps: project.tagMaps,
    scanClasses: intervals.map((ms) => ({ name: `${ms} ms`, intervalMs: ms })),
    northbound: {
      broker: o.broker ? { kind: 'url', url: o.broker } : { kind: 'embedded', port: 1883 },
      group: o.group ?? project.gateway.groupId,
      node: o.node ?? project.gateway.edgeNodeId,
      ...(o.username !== undefined && o.passwordFile !== undefined ? { credentials: { username: o.username, passwordFile: o.passwordFile } } : {}),
      ...(o.ca !== undefined ? { tls: { ca: o.ca } } : {}),
    },
    store: { dir: o.storeDir ?? 'store', maxMb: 256 },
    writes: { authorised: o.writable ?? [] },
    health: { port: o.healthPort ?? 8787, host: '127.0.0.1', allowNetwork: false },
  };
}
