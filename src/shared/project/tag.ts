import { z } from 'zod';
import { checkCodecSpec, TagCodecFields, type TagCodecSpec } from '../codec/spec';
import { ModbusTable } from '../modbus/tables';

/** Where a Modbus tag's value is: a table and 0-based address of the device's unit, with its register codec. */
export const ModbusSource = TagCodecFields.extend({
  kind: z.literal('modbus'),
  table: ModbusTable,
  address: z.number().int().min(0).max(65535),
}).superRefine(checkCodecSpec);
export type ModbusSource = z.infer<typeof ModbusSource>;

/** "ns=2;s=Line1.Temp", "i=2258", "ns=1;g=...", "ns=3;b=..." or an expanded "nsu=urn:...;s=...". */
export const NodeIdText = z
  .string()
  .trim()
  .min(3)
  .max(1000)
  .regex(/^((ns=\d{1,5}|nsu=[^;]+);)?[isgb]=.+$/s, 'a NodeId is written ns=<index>;i=|s=|g=|b=<identifier>, such as ns=2;s=Line1.Temp');

/** An OPC UA variable, read through a monitored item. */
export const OpcUaSource = z.object({
  kind: z.literal('opcua'),
  nodeId: NodeIdText,
  /** The server samples at this interval; -1 takes the subscription's publishing interval (the tag's scan class). */
  samplingIntervalMs: z.number().int().min(-1).max(3_600_000).default(-1),
  queueSize: z.number().int().min(1).max(1000).default(1),
  /** The monitored item's data change filter: none, or a deadband absolute in units or percent of the EU range. */
  deadband: z.object({ kind: z.enum(['none', 'absolute', 'percent']), value: z.number().min(0) }).default({ kind: 'none', value: 0 }),
});
export type OpcUaSource = z.infer<typeof OpcUaSource>;

/** A Logix tag: controller- or program-scoped name, with an array element and a UDT member where they apply. */
export const CipSource = z.object({
  kind: z.literal('cip'),
  /** "Motor_Speed" or "Program:MainProgram.Local_Tag". */
  tagPath: z.string().trim().min(1).max(400).regex(/^(Program:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/, 'a Logix tag name, or Program:<program>.<tag>'),
  /** Array indexes, one per dimension. */
  element: z.array(z.number().int().min(0).max(0xffffffff)).max(3).optional(),
  /** Elements read from `element` on in one Read Tag (an array slice; the value is then a list). */
  count: z.number().int().min(1).max(4000).optional(),
  /** A member path in a UDT ("Status.Running"). */
  member: z.string().trim().max(400).regex(/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?)*$/, 'a member path such as Status.Running').optional(),
  /** The Logix data type as the controller reports it (DINT, REAL, a UDT name), where known. */
  dataType: z.string().max(100).optional(),
});
export type CipSource = z.infer<typeof CipSource>;

/** Where a tag's value comes from. A derived (computed) source joins this union later. */
export const TagSource = z.discriminatedUnion('kind', [ModbusSource, OpcUaSource, CipSource]);
export type TagSource = z.infer<typeof TagSource>;

/**
 * One engineering value: what every tag has (name, ISA-95 path, units, access, deadband, scan class, description)
 * and a `source` saying where it comes from and how it is decoded there.
 */
export const Tag = z.object({
  name: z.string().min(1).max(200),
  /** ISA-95 style path Site/Area/Line/Cell/Device/Name; empty means "under the device, by name". */
  path: z.string().max(500).default(''),
  source: TagSource,
  units: z.string().max(32).default(''),
  access: z.enum(['read', 'read-write']).default('read'),
  /** Report by exception: a reading is a change only when it moves by more than this (engineering units). */
  deadband: z.number().min(0).default(0),
  scanClassMs: z.number().int().min(50).max(3_600_000).default(1000),
  description: z.string().max(500).default(''),
});
export type Tag = z.infer<typeof Tag>;
export type TagInput = z.input<typeof Tag>;
export type ModbusTag = Tag & { source: ModbusSource };

export function isModbusTag(tag: Tag): tag is ModbusTag {
  return tag.source.kind === 'modbus';
}

const CODEC_KEYS = Object.keys(TagCodecFields.shape) as (keyof TagCodecSpec)[];

/** The codec spec of a (validated) Modbus source: its codec fields, already checked by the schema. */
export function codecOf(source: ModbusSource): TagCodecSpec {
  const out: Record<string, unknown> = {};
  for (const k of CODEC_KEYS) if (source[k] !== undefined) out[k] = source[k];
  return out as TagCodecSpec;
}

/** How a tag is addressed in a tag map's key: "<mapId>/<tag name>", unique in a project. */
export function tagKey(mapId: string, name: string): string {
  return `${mapId}/${name}`;
}

/** The map id and tag name of a key (names may hold "/"; map ids never do). */
export function splitTagKey(key: string): { mapId: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { mapId: key, name: '' } : { mapId: key.slice(0, i), name: key.slice(i + 1) };
}
