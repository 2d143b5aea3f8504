import { FieldbenchError, zodIssues } from '../errors';
import { PROJECT_FORMAT, PROJECT_VERSION, Project } from './schema';

type Doc = Record<string, unknown>;

/**
 * One step per version: MIGRATIONS[n] turns a version-n document into version n+1.
 * Steps are pure functions over plain JSON, so a project from any released version still opens.
 */
const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {
  /**
   * v1 (0.0.x previews) kept the TCP endpoint inline on each device. v2 splits connections from devices so that
   * several unit ids can share one TCP gateway or one RS-485 bus (and so one request queue).
   */
  1: (doc) => {
    const devices = Array.isArray(doc['devices']) ? (doc['devices'] as Doc[]) : [];
    const connections: Doc[] = [];
    const byEndpoint = new Map<string, string>();
    const migrated = devices.map((d, i) => {
      const host = String(d['host'] ?? '127.0.0.1');
      const port = Number(d['port'] ?? 502);
      const key = `${host}:${port}`;
      let connectionId = byEndpoint.get(key);
      if (!connectionId) {
        connectionId = `conn-${connections.length + 1}`;
        byEndpoint.set(key, connectionId);
        connections.push({ kind: 'tcp', id: connectionId, name: key, host, port, timeoutMs: Number(d['timeoutMs'] ?? 1000) });
      }
      return {
        id: String(d['id'] ?? `dev-${i + 1}`),
        name: String(d['name'] ?? `Device ${i + 1}`),
        protocol: 'modbus',
        connectionId,
        unitId: Number(d['unitId'] ?? 1),
      };
    });
    return { ...doc, version: 2, connections, devices: migrated };
  },
  /**
   * v2 kept a tag's Modbus table, address and register codec flat on the tag. v3 gives every tag a `source`, a
   * union over protocols (Modbus, OPC UA, EtherNet/IP), so the same tag map, live table and gateway serve all of
   * them. Everything else (ids, names, marks by tag key, watches, settings) is carried over as it is.
   */
  2: (doc) => {
    const maps = Array.isArray(doc['tagMaps']) ? (doc['tagMaps'] as Doc[]) : [];
    const tagMaps = maps.map((m) => ({ ...m, tags: Array.isArray(m['tags']) ? (m['tags'] as Doc[]).map(modbusTagV3) : m['tags'] }));
    return { ...doc, version: 3, tagMaps };
  },
};

/** The fields every v3 tag keeps beside its source; the rest of a v2 tag is its Modbus source. */
const COMMON_TAG_KEYS = new Set(['name', 'path', 'units', 'access', 'deadband', 'scanClassMs', 'description']);

function modbusTagV3(tag: Doc): Doc {
  if (typeof tag !== 'object' || tag === null || 'source' in tag) return tag;
  const common: Doc = {};
  const source: Doc = { kind: 'modbus' };
  for (const [k, v] of Object.entries(tag)) (COMMON_TAG_KEYS.has(k) ? common : source)[k] = v;
  return { ...common, source };
}

/** Parse any supported project document into the current version, or throw a FieldbenchError naming the fault. */
export function migrateProject(raw: unknown): { project: Project; migratedFrom: number | null } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FieldbenchError('invalid_input', 'not a Fieldbench project: the file is not a JSON object');
  }
  let doc = raw as Doc;
  if (doc['format'] !== PROJECT_FORMAT) {
    throw new FieldbenchError('invalid_input', `not a Fieldbench project: "format" must be "${PROJECT_FORMAT}"`);
  }
  const start = doc['version'];
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 1) {
    throw new FieldbenchError('invalid_input', 'project "version" must be a positive integer');
  }
  if (start > PROJECT_VERSION) {
    throw new FieldbenchError(
      'unsupported',
      `this project was saved by a newer Fieldbench (format version ${start}; this one reads up to ${PROJECT_VERSION})`,
    );
  }
  for (let v = start; v < PROJECT_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new FieldbenchError('internal', `no migration from project version ${v}`);
    doc = step(doc);
  }
  const parsed = Project.safeParse(doc);
  if (!parsed.success) {
    throw new FieldbenchError(
      'invalid_input',
      'the project file does not match the project schema',
      zodIssues(parsed.error),
    );
  }
  return { project: parsed.data, migratedFrom: start === PROJECT_VERSION ? null : start };
}
