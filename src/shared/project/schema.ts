import { z } from 'zod';
import { ModbusTable, TABLE_INFO, maxCount } from '../modbus/tables';
import { JsonTagValue } from '../codec/json';
import { Quality } from '../quality';
import { Connection, protocolOf } from './connection';
import { Device } from './device';
import { DisplayName, Id } from './fields';
import { Tag } from './tag';

export * from './fields';
export * from './connection';
export * from './device';
export * from './tag';

/**
 * The project file: one versioned JSON document. It never holds secrets: credentials live in the OS keychain
 * (Electron safeStorage) or in the generated gateway's own files.
 */
export const PROJECT_FORMAT = 'fieldbench-project';
export const PROJECT_VERSION = 3;

export const TagMap = z.object({
  id: Id,
  deviceId: Id,
  name: DisplayName,
  tags: z.array(Tag).default([]),
});
export type TagMap = z.infer<typeof TagMap>;

export const CheckoutStatus = z.enum(['verified', 'failed', 'note', 'none']);
/** A commissioning checkout mark on one tag, with the as-found value and quality when it was marked. */
export const CheckoutMark = z.object({
  status: CheckoutStatus,
  note: z.string().max(500).default(''),
  at: z.number(),
  value: JsonTagValue.nullable(),
  quality: Quality,
});
export type CheckoutMark = z.infer<typeof CheckoutMark>;

/** Register watches one project may hold: each is a request per interval, polled for as long as the project is open. */
export const MAX_WATCHES = 500;

/** A watched range is read in one request: at most what one read may carry (125 registers, 2000 bits). */
export function checkReadRange(w: { table: ModbusTable; address: number; count: number }, ctx: z.RefinementCtx): void {
  const max = maxCount(w.table);
  if (w.count > max) ctx.addIssue({ code: 'custom', path: ['count'], message: `at most ${max} ${TABLE_INFO[w.table].bits ? 'bits' : 'registers'} per read` });
  if (w.address + w.count - 1 > 65535) ctx.addIssue({ code: 'custom', path: ['count'], message: 'range runs past address 65535' });
}

/** The fields of a register range the operator watches live (Modbus devices only). */
export const WatchFields = z.object({
  id: Id,
  deviceId: Id,
  table: ModbusTable,
  address: z.number().int().min(0).max(65535),
  count: z.number().int().min(1).max(2000),
  intervalMs: z.number().int().min(100).max(3_600_000).default(1000),
});
export const Watch = WatchFields.superRefine(checkReadRange);
export type Watch = z.infer<typeof Watch>;

export const GatewaySettings = z.object({
  groupId: z.string().max(64).default('Fieldbench'),
  edgeNodeId: z.string().max(64).default('edge-1'),
  publishOnChange: z.boolean().default(true),
});
export type GatewaySettings = z.infer<typeof GatewaySettings>;

type ProjectShape = {
  connections: Connection[];
  devices: Device[];
  tagMaps: TagMap[];
  watches: Watch[];
};

/** The references between parts of a project: unique ids, every device on a connection of its own protocol. */
export function checkReferences(p: ProjectShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const unique = (list: { id: string }[], what: string, key: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) issue([key, i, 'id'], `${what} id "${x.id}" is used twice`);
      seen.add(x.id);
    });
  };
  unique(p.connections, 'connection', 'connections');
  unique(p.devices, 'device', 'devices');
  unique(p.tagMaps, 'tag map', 'tagMaps');
  unique(p.watches, 'watch', 'watches');
  // The first of two with the same id is the one references resolve to (the second is already named above).
  const firstById = <T extends { id: string }>(list: T[]) => new Map([...list].reverse().map((x) => [x.id, x]));
  const connections = firstById(p.connections);
  const devices = firstById(p.devices);
  p.devices.forEach((d, i) => {
    const c = connections.get(d.connectionId);
    if (!c) issue(['devices', i, 'connectionId'], `device "${d.name}" refers to a connection "${d.connectionId}" that is not in the project`);
    else if (protocolOf(c) !== d.protocol) issue(['devices', i, 'protocol'], `device "${d.name}" is ${d.protocol} but its connection "${c.name}" is ${c.kind}`);
  });
  p.tagMaps.forEach((m, i) => {
    const d = devices.get(m.deviceId);
    if (!d) {
      issue(['tagMaps', i, 'deviceId'], `tag map "${m.name}" refers to a device "${m.deviceId}" that is not in the project`);
      return;
    }
    m.tags.forEach((t, j) => {
      if (t.source.kind !== d.protocol) issue(['tagMaps', i, 'tags', j, 'source', 'kind'], `tag "${t.name}" reads ${t.source.kind} but device "${d.name}" is ${d.protocol}`);
    });
  });
  p.watches.forEach((w, i) => {
    const d = devices.get(w.deviceId);
    if (!d) issue(['watches', i, 'deviceId'], `a watch refers to a device "${w.deviceId}" that is not in the project`);
    else if (d.protocol !== 'modbus') issue(['watches', i, 'deviceId'], `register watches are for Modbus devices; "${d.name}" is ${d.protocol}`);
  });
}

export const Project = z
  .object({
    format: z.literal(PROJECT_FORMAT),
    version: z.literal(PROJECT_VERSION),
    name: DisplayName,
    createdAt: z.string(),
    modifiedAt: z.string(),
    connections: z.array(Connection).default([]),
    devices: z.array(Device).default([]),
    tagMaps: z.array(TagMap).default([]),
    watches: z.array(Watch).max(MAX_WATCHES, `a project holds at most ${MAX_WATCHES} register watches`).default([]),
    /** Commissioning checkout marks by tag key ("<mapId>/<name>"): verified / failed / note, with the as-found value. */
    checkout: z.record(z.string(), CheckoutMark).default({}),
    gateway: GatewaySettings.default({ groupId: 'Fieldbench', edgeNodeId: 'edge-1', publishOnChange: true }),
  })
  .superRefine(checkReferences);
export type Project = z.infer<typeof Project>;

export function emptyProject(name: string, now = new Date()): Project {
  const at = now.toISOString();
  return Project.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name, createdAt: at, modifiedAt: at });
}
