import { z } from 'zod';
import { Quality } from './quality';
import { ModbusTable } from './modbus/tables';
import { ByteOrder, DataType } from './codec/types';
import { Connection, Device, DisplayName, Host, Id, Port, RtuTiming, SerialLine, UnitId, Watch } from './project/schema';
import { TrafficEntry, TrafficFilter } from './schemas/traffic';
import { AuditEntry, WritePrepareInput, WriteTicket } from './schemas/writes';
import { ScanProgress, ScanRequest } from './schemas/scan';
import { SerialPortList } from './schemas/serial';
import { CheckoutMark, CheckoutStatus, PutTagMapInput, TagMapSummary, TagReading, UpdateTagInput } from './schemas/tags';
import { TagValuesFrame } from './schemas/tag-frame';
import { Tag, TagMap } from './project/schema';

/**
 * The whole API between the UI and the engine. Electron IPC (main + preload) and the WebSocket bridge are two
 * transports of this one definition: both build their client with createClient() and both dispatch into
 * Engine.dispatch(), which validates every input against these schemas.
 *
 * Naming: a request "area.verb" becomes api.areaVerb(input); an event "area.thing" becomes api.onAreaThing(cb).
 */

const Empty = z.object({});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
  platform: z.string(),
  /** The built-in simulator the app started as the default target, if any. */
  simulator: z.object({ host: z.string(), port: Port, unitId: UnitId }).nullable(),
});

export const DeviceList = z.object({ connections: z.array(Connection), devices: z.array(Device) });

export const AddTcpDeviceInput = z.object({
  name: DisplayName,
  host: Host,
  port: Port.default(502),
  unitId: UnitId.default(1),
  timeoutMs: z.number().int().min(50).max(60000).default(1000),
});

export const AddRtuDeviceInput = z.object({ name: DisplayName, unitId: z.number().int().min(1).max(247).default(1), ...SerialLine.shape, ...RtuTiming.shape });
export const AddRtuOverTcpDeviceInput = z.object({ name: DisplayName, unitId: UnitId.default(1), host: Host, port: Port.default(4001), ...RtuTiming.shape });

export const DeviceStats = z.object({
  deviceId: Id,
  requests: z.number().int(),
  responses: z.number().int(),
  timeouts: z.number().int(),
  crcErrors: z.number().int(),
  exceptions: z.record(z.string(), z.number().int()),
  meanMs: z.number(),
  p95Ms: z.number(),
  /** Responses on the device's connection that matched no request (late answers, noise). */
  stray: z.number().int(),
});

export const DeviceIdentity = z.object({
  vendorName: z.string().nullable(),
  productCode: z.string().nullable(),
  revision: z.string().nullable(),
  objects: z.record(z.string(), z.string()),
});

export const ReadInput = z
  .object({
    deviceId: Id,
    table: ModbusTable,
    /** 0-based protocol address, as sent on the wire (holding register 40001 is address 0). */
    address: z.number().int().min(0).max(65535),
    count: z.number().int().min(1).max(2000),
    type: DataType.default('uint16'),
    order: ByteOrder.default('ABCD'),
  })
  .superRefine((v, ctx) => {
    const bits = v.table === 'coil' || v.table === 'discrete';
    const max = bits ? 2000 : 125;
    if (v.count > max) ctx.addIssue({ code: 'custom', path: ['count'], message: `at most ${max} ${bits ? 'bits' : 'registers'} per read` });
    if (v.address + v.count - 1 > 65535) ctx.addIssue({ code: 'custom', path: ['count'], message: 'range runs past address 65535' });
  });

export const DecodedValue = z.object({
  address: z.number().int(),
  registers: z.array(z.number().int()),
  value: z.union([z.number(), z.boolean()]).nullable(),
  quality: Quality,
});
export type DecodedValue = z.infer<typeof DecodedValue>;

export const ReadResult = z.object({
  deviceId: Id,
  table: ModbusTable,
  address: z.number().int(),
  count: z.number().int(),
  /** Raw 16-bit words for register tables; 0/1 for bit tables. Empty when the read failed. */
  raw: z.array(z.number().int()),
  values: z.array(DecodedValue),
  quality: Quality,
  receivedAt: z.number(),
  durationMs: z.number(),
});
export type ReadResult = z.infer<typeof ReadResult>;

export const AddWatchInput = z.object({
  deviceId: Id,
  table: ModbusTable,
  address: z.number().int().min(0).max(65535),
  count: z.number().int().min(1).max(125),
  intervalMs: z.number().int().min(100).max(3_600_000).default(1000),
});

export const WatchUpdate = z.object({
  watchId: Id,
  seq: z.number().int(),
  raw: z.array(z.number().int()),
  quality: Quality,
  receivedAt: z.number(),
  durationMs: z.number(),
});
export type WatchUpdate = z.infer<typeof WatchUpdate>;

export const ConnectionState = z.object({
  connectionId: Id,
  state: z.enum(['idle', 'connecting', 'connected', 'disconnected', 'error']),
  detail: z.string().optional(),
  at: z.number(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

export const ProjectState = z.object({
  name: z.string(),
  /** Where the project lives; null for an untitled project that is only autosaved. */
  path: z.string().nullable(),
  dirty: z.boolean(),
  savedAt: z.number().nullable(),
  autosavedAt: z.number().nullable(),
  /** Set when the open project was upgraded from an older format version. */
  migratedFrom: z.number().int().nullable(),
  recovered: z.boolean(),
});
export type ProjectState = z.infer<typeof ProjectState>;

/** Paths never come from the renderer: a file is chosen by a native dialog, from the recent list, or by name in the workspace. */
export const ProjectFileName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9 _.-]+$/, 'use letters, digits, spaces, "_", "-" and "."')
  .refine((s) => !s.startsWith('.') && !s.includes('..'), 'a file name cannot start with "." or contain ".."');

export const ProjectSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dialog') }),
  z.object({ kind: z.literal('recent'), id: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('workspace'), name: ProjectFileName }),
]);

export const RecentProject = z.object({ id: z.string(), name: z.string(), path: z.string(), openedAt: z.number(), exists: z.boolean() });

export const contract = {
  requests: {
    'app.info': { input: Empty, output: AppInfo },

    'devices.list': { input: Empty, output: DeviceList },
    'devices.addTcp': { input: AddTcpDeviceInput, output: z.object({ device: Device, connection: Connection }) },
    'devices.addRtu': { input: AddRtuDeviceInput, output: z.object({ device: Device, connection: Connection }) },
    'devices.addRtuOverTcp': { input: AddRtuOverTcpDeviceInput, output: z.object({ device: Device, connection: Connection }) },
    'devices.remove': { input: z.object({ deviceId: Id }), output: Empty },
    'devices.stats': { input: Empty, output: z.array(DeviceStats) },
    'devices.identify': { input: z.object({ deviceId: Id }), output: DeviceIdentity },

    'serial.list': { input: Empty, output: SerialPortList },

    'scan.start': { input: ScanRequest, output: ScanProgress },
    'scan.cancel': { input: z.object({ scanId: z.string().max(64) }), output: z.object({ cancelled: z.boolean() }) },

    'writes.prepare': { input: WritePrepareInput, output: WriteTicket },
    'writes.confirm': { input: z.object({ ticketId: z.string().min(1).max(64) }), output: z.object({ ticket: WriteTicket, readBack: z.array(z.number().int()).nullable() }) },
    'writes.cancel': { input: z.object({ ticketId: z.string().min(1).max(64) }), output: Empty },
    'audit.list': { input: z.object({ limit: z.number().int().min(1).max(10000).default(500) }), output: z.array(AuditEntry) },

    'tagMaps.list': { input: Empty, output: z.array(TagMapSummary) },
    'tagMaps.get': { input: z.object({ mapId: Id }), output: TagMap },
    'tagMaps.put': { input: PutTagMapInput, output: TagMapSummary },
    'tagMaps.remove': { input: z.object({ mapId: Id }), output: Empty },
    'tags.update': { input: UpdateTagInput, output: Tag },
    'tags.snapshot': { input: Empty, output: z.array(TagReading) },
    /** Send every reading of these tags (a trend chart's), not only each batch's newest, for the next 15 s; pages renew. */
    'tags.follow': { input: z.object({ keys: z.array(z.string().min(1).max(300)).max(16) }), output: Empty },
    /** Every checkout mark of the project by tag key: what a page shows after a reload or when a project opens. */
    'tags.marks': { input: Empty, output: z.record(z.string(), CheckoutMark) },
    'tags.checkout': { input: z.object({ key: z.string().min(1).max(300), status: CheckoutStatus, note: z.string().max(500).default('') }), output: CheckoutMark },
    'sunspec.discover': {
      input: z.object({ deviceId: Id }),
      output: z.object({
        base: z.number().int(),
        models: z.array(z.object({ id: z.number().int(), name: z.string(), address: z.number().int(), length: z.number().int(), known: z.boolean() })),
        tags: z.array(Tag),
        notes: z.array(z.string()),
      }),
    },
    'report.checkout': { input: Empty, output: z.object({ fileName: z.string(), html: z.string() }) },

    'traffic.list': { input: TrafficFilter, output: z.array(TrafficEntry) },
    'traffic.setPaused': { input: z.object({ paused: z.boolean() }), output: z.object({ paused: z.boolean() }) },
    /** Whether recording is paused: a page opened (or reloaded) after a pause shows it. */
    'traffic.status': { input: Empty, output: z.object({ paused: z.boolean() }) },
    'traffic.clear': { input: Empty, output: Empty },
    'traffic.exportCsv': { input: TrafficFilter, output: z.object({ fileName: z.string(), csv: z.string() }) },

    'modbus.read': { input: ReadInput, output: ReadResult },

    'watches.list': { input: Empty, output: z.array(Watch) },
    'watches.add': { input: AddWatchInput, output: Watch },
    'watches.remove': { input: z.object({ watchId: Id }), output: Empty },

    'project.state': { input: Empty, output: ProjectState },
    'project.new': { input: z.object({ name: DisplayName.default('Untitled') }), output: ProjectState },
    'project.open': { input: z.object({ source: ProjectSource }), output: ProjectState },
    'project.save': { input: Empty, output: ProjectState },
    'project.saveAs': {
      input: z.object({ target: z.discriminatedUnion('kind', [z.object({ kind: z.literal('dialog') }), z.object({ kind: z.literal('workspace'), name: ProjectFileName })]) }),
      output: ProjectState,
    },
    'project.recent': { input: Empty, output: z.array(RecentProject) },
    'project.workspace': { input: Empty, output: z.object({ dir: z.string(), files: z.array(z.string()) }) },
  },
  events: {
    'watch.update': WatchUpdate,
    'connection.state': ConnectionState,
    'project.state': ProjectState,
    'devices.changed': DeviceList,
    'serial.ports': SerialPortList,
    'scan.progress': ScanProgress,
    'traffic.frames': z.array(TrafficEntry),
    'tags.values': TagValuesFrame,
    'tags.changed': z.array(TagMapSummary),
    /** All checkout marks, whenever one is set (from any window) or another project opens. */
    'tags.marks': z.record(z.string(), CheckoutMark),
  },
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract['requests'];
export type EventName = keyof Contract['events'];
export type RequestInput<K extends RequestName> = z.input<Contract['requests'][K]['input']>;
export type ParsedInput<K extends RequestName> = z.output<Contract['requests'][K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Contract['requests'][K]['output']>;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

export const REQUEST_NAMES = Object.keys(contract.requests) as RequestName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.events, name);
}
