import { z } from 'zod';
import { ModbusTable } from '../modbus/tables';
import { checkCodecSpec, TagCodecFields, type TagCodecSpec } from '../codec/spec';
import { JsonTagValue } from '../codec/json';
import { Quality } from '../quality';

/**
 * The project file: one versioned JSON document. It never holds secrets: credentials live in the OS keychain
 * (Electron safeStorage) or in the generated gateway's own files.
 */
export const PROJECT_FORMAT = 'fieldbench-project';
export const PROJECT_VERSION = 2;

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, "_" and "-"');
export const DisplayName = z.string().trim().min(1, 'a name is required').max(120);
export const Host = z
  .string()
  .trim()
  .min(1, 'a host is required')
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'a host is an IP address or a DNS name');
export const Port = z.number().int().min(1).max(65535);
export const UnitId = z.number().int().min(0).max(255);

export const TimeoutMs = z.number().int().min(20).max(60000);
export const Retries = z.number().int().min(0).max(10);

export const TcpConnection = z.object({
  kind: z.literal('tcp'),
  id: Id,
  name: DisplayName,
  host: Host,
  port: Port.default(502),
  timeoutMs: TimeoutMs.default(1000),
  /** Transactions in flight on the connection, matched by transaction id. Most devices want 1. */
  maxInFlight: z.number().int().min(1).max(16).default(1),
});
export type TcpConnection = z.infer<typeof TcpConnection>;

export const SerialPath = z
  .string()
  .trim()
  .min(1, 'a serial port is required')
  .max(200)
  .regex(/^(COM\d{1,3}|\\\\\.\\COM\d{1,3}|\/dev\/[A-Za-z0-9._/-]+|\/tmp\/[A-Za-z0-9._/-]+)$/, 'a serial port is COM3 on Windows or /dev/ttyUSB0 on Linux')
  .refine((p) => !p.includes('..'), 'a serial port path cannot contain ".."');
export const Parity = z.enum(['none', 'even', 'odd']);
export const Baud = z.number().int().min(300).max(921600);

/** Settings of one RS-485 bus. Every device on it shares one queue: one master per bus. */
export const SerialLine = z.object({
  path: SerialPath,
  baud: Baud.default(19200),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  /** The Modbus spec's default line is 8E1. */
  parity: Parity.default('even'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  /** Drive RTS while sending, for adapters without automatic direction control. */
  rtsToggle: z.boolean().default(false),
  /**
   * The adapter hands back what it sends (2-wire RS-485 without echo suppression). Echoes of reads and multi-register
   * writes are recognised anyway; for writes of one coil or register the echo and the answer are the same bytes, so
   * only this setting tells them apart.
   */
  echo: z.boolean().default(false),
});
export type SerialLine = z.infer<typeof SerialLine>;

export const RtuTiming = z.object({
  timeoutMs: TimeoutMs.default(1000),
  retries: Retries.default(1),
  /** Pause after a broadcast (unit 0), which nobody answers. */
  turnaroundMs: z.number().int().min(0).max(10000).default(100),
});

export const RtuConnection = z.object({ kind: z.literal('rtu'), id: Id, name: DisplayName, ...SerialLine.shape, ...RtuTiming.shape });
export type RtuConnection = z.infer<typeof RtuConnection>;

/** RTU frames over TCP to a serial device server (transparent mode). */
export const RtuOverTcpConnection = z.object({ kind: z.literal('rtu-over-tcp'), id: Id, name: DisplayName, host: Host, port: Port.default(4001), ...RtuTiming.shape });
export type RtuOverTcpConnection = z.infer<typeof RtuOverTcpConnection>;

export const Connection = z.discriminatedUnion('kind', [TcpConnection, RtuConnection, RtuOverTcpConnection]);
export type Connection = z.infer<typeof Connection>;

export const Device = z.object({
  id: Id,
  name: DisplayName,
  protocol: z.literal('modbus'),
  connectionId: Id,
  unitId: UnitId,
});
export type Device = z.infer<typeof Device>;

/**
 * One engineering value from a register map: the codec fields of a TagCodecSpec (type, order, bit, length, scale,
 * offset, sfAddress, clamp, labels, flags, sentinel), kept flat as register maps write them, plus where the value is
 * and how it is handled. codecOf() gives the spec the shared codec decodes with.
 */
export const Tag = TagCodecFields.extend({
  name: z.string().min(1).max(200),
  /** ISA-95 style path Site/Area/Line/Cell/Device/Name; empty means "under the device, by name". */
  path: z.string().max(500).default(''),
  table: ModbusTable,
  address: z.number().int().min(0).max(65535),
  units: z.string().max(32).default(''),
  access: z.enum(['read', 'read-write']).default('read'),
  deadband: z.number().min(0).default(0),
  scanClassMs: z.number().int().min(50).max(3_600_000).default(1000),
  description: z.string().max(500).default(''),
}).superRefine(checkCodecSpec);
export type Tag = z.infer<typeof Tag>;

const CODEC_KEYS = Object.keys(TagCodecFields.shape) as (keyof TagCodecSpec)[];

/** The codec spec of a (validated) tag: its codec fields, already checked by the Tag schema. */
export function codecOf(tag: Tag): TagCodecSpec {
  const out: Record<string, unknown> = {};
  for (const k of CODEC_KEYS) if (tag[k] !== undefined) out[k] = tag[k];
  return out as TagCodecSpec;
}

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

/** A register range the operator watches live. */
export const Watch = z.object({
  id: Id,
  deviceId: Id,
  table: ModbusTable,
  address: z.number().int().min(0).max(65535),
  count: z.number().int().min(1).max(2000),
  intervalMs: z.number().int().min(100).max(3_600_000).default(1000),
});
export type Watch = z.infer<typeof Watch>;

export const GatewaySettings = z.object({
  groupId: z.string().max(64).default('Fieldbench'),
  edgeNodeId: z.string().max(64).default('edge-1'),
  publishOnChange: z.boolean().default(true),
});
export type GatewaySettings = z.infer<typeof GatewaySettings>;

export const Project = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: DisplayName,
  createdAt: z.string(),
  modifiedAt: z.string(),
  connections: z.array(Connection).default([]),
  devices: z.array(Device).default([]),
  tagMaps: z.array(TagMap).default([]),
  watches: z.array(Watch).default([]),
  /** Commissioning checkout marks by tag key ("<mapId>/<name>"): verified / failed / note, with the as-found value. */
  checkout: z.record(z.string(), CheckoutMark).default({}),
  gateway: GatewaySettings.default({ groupId: 'Fieldbench', edgeNodeId: 'edge-1', publishOnChange: true }),
});
export type Project = z.infer<typeof Project>;

export function emptyProject(name: string, now = new Date()): Project {
  const at = now.toISOString();
  return Project.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name, createdAt: at, modifiedAt: at });
}
