import type { Project } from './schema';

export interface ProjectSummary {
  name: string;
  /** The format version the file was written in; `version` is what it was opened as. */
  fromVersion: number;
  version: number;
  connections: Record<string, number>;
  devices: Record<string, number>;
  tagMaps: { id: string; name: string; device: string; tags: number }[];
  tagsBySource: Record<string, number>;
  checkout: Record<string, number>;
  watches: number;
}

function count<T>(list: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of list) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

/** What a project holds, as `fieldbench project check` prints it before a site visit. */
export function summarizeProject(project: Project, fromVersion: number): ProjectSummary {
  const devices = new Map(project.devices.map((d) => [d.id, d.name]));
  return {
    name: project.name,
    fromVersion,
    version: project.version,
    connections: count(project.connections, (c) => c.kind),
    devices: count(project.devices, (d) => d.protocol),
    tagMaps: project.tagMaps.map((m) => ({ id: m.id, name: m.name, device: devices.get(m.deviceId) ?? m.deviceId, tags: m.tags.length })),
    tagsBySource: count(project.tagMaps.flatMap((m) => m.tags), (t) => t.source.kind),
    checkout: count(Object.values(project.checkout), (m) => m.status),
    watches: project.watches.length,
  };
}

const SECRET_KEY = /^(password|passwd|secret|private_?key|token)$/i;

/** Paths of keys in a raw project document that look like secrets: a project file never carries one. */
export function secretPaths(doc: unknown, at = ''): string[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(doc)) {
    const p = at ? `${at}.${k}` : k;
    if (SECRET_KEY.test(k) && v !== '' && v !== null) out.push(p);
    else out.push(...secretPaths(v, p));
  }
  return out;
}
