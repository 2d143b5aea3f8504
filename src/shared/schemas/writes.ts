import { z } from 'zod';
import { JsonTagValue } from '../codec/json';
import { ByteOrder, DataType, TagOrder, TagType } from '../codec/types';
import { Id } from '../project/schema';

/** A value an operator writes: a number, an on/off, or text (a string tag). */
export const WriteValue = z.union([z.number().finite(), z.boolean(), z.string().max(1000)]);

/**
 * Step one of a write to a Modbus register or coil by address (the Live screen, `fieldbench write`). The engine reads
 * the current value and says exactly what it would send. Nothing is written.
 */
export const RegisterWriteInput = z.object({
  deviceId: Id,
  table: z.enum(['holding', 'coil']),
  address: z.number().int().min(0).max(65535),
  type: DataType.default('uint16'),
  order: ByteOrder.default('ABCD'),
  value: z.union([z.number().finite(), z.boolean()]),
  /** Use FC 15 / FC 16 even for one coil or register: some devices accept only the multiple-write functions. */
  multiple: z.boolean().default(false),
  /** What the operator is doing, recorded in the audit log ("commissioning: set tank level setpoint"). */
  note: z.string().max(200).default(''),
});

/** Step one of a write to a tag of a tag map, by its key "<mapId>/<name>", in engineering units. */
export const TagWriteInput = z.object({
  tagKey: z.string().min(1).max(300),
  value: WriteValue,
  note: z.string().max(200).default(''),
});

/** Step one of a write to an OPC UA node the operator browsed to (not a tag): its Value attribute. */
export const OpcUaNodeWriteInput = z.object({
  deviceId: Id,
  nodeId: z.string().trim().min(3).max(4096),
  value: WriteValue,
  note: z.string().max(200).default(''),
});

export const WritePrepareInput = z.union([RegisterWriteInput, TagWriteInput, OpcUaNodeWriteInput]);
export type WritePrepareInput = z.output<typeof WritePrepareInput>;

/** Exactly what a Modbus write puts on the wire. */
export const ModbusWriteDetail = z.object({
  protocol: z.literal('modbus'),
  unitId: z.number().int(),
  table: z.enum(['holding', 'coil']),
  address: z.number().int(),
  /** The register in the app's one numbering (40001, 400001...). */
  register: z.string(),
  type: z.union([TagType, DataType]),
  order: z.union([TagOrder, ByteOrder]),
  functionCode: z.number().int(),
  oldRaw: z.array(z.number().int()).nullable(),
  /** The exact words (or coil states) that will be sent. */
  raw: z.array(z.number().int()),
});
export type ModbusWriteDetail = z.infer<typeof ModbusWriteDetail>;

/** Exactly what an OPC UA write sends: one Write of the Value attribute of a node, as a Variant of this type. */
export const OpcUaWriteDetail = z.object({
  protocol: z.literal('opcua'),
  endpointUrl: z.string(),
  nodeId: z.string(),
  /** The built-in type of the Variant sent (Double, Int32, String...). */
  dataType: z.string(),
  /** The node's ValueRank: -1 scalar, 1 one-dimensional array... (null when it could not be read). */
  valueRank: z.number().int().nullable(),
  array: z.boolean(),
  /** The value as sent, JSON-safe: 64-bit integers beyond 2^53 as text, arrays as arrays of text. */
  value: JsonTagValue,
  /** The value read before the write, the same way; null when it could not be read. */
  oldValue: JsonTagValue.nullable(),
});
export type OpcUaWriteDetail = z.infer<typeof OpcUaWriteDetail>;

/** Exactly what an EtherNet/IP write sends: one Write Tag of one element of a Logix tag, on a connection to the controller. */
export const CipWriteDetail = z.object({
  protocol: z.literal('cip'),
  /** host:port of the controller's EtherNet/IP interface. */
  address: z.string(),
  /** The route path to the controller ("1,0": backplane, slot 0; empty for a Micro800). */
  routePath: z.string(),
  /** The element written, as the operator writes it: Tag, Tag[3], Udt.Member, Program:Main.Tag. */
  tagPath: z.string(),
  /** The Logix type written (DINT, REAL, STRING...), as the controller reported it. */
  dataType: z.string(),
  /** The value as sent, JSON-safe (LINT beyond 2^53 as text). */
  value: JsonTagValue,
  /** The value read before the write; null when it could not be read. */
  oldValue: JsonTagValue.nullable(),
  /** The Write Tag data as sent, in hex. */
  dataHex: z.string(),
});
export type CipWriteDetail = z.infer<typeof CipWriteDetail>;

/** Exactly what an OPC UA method call sends: one Call of a method on an object, with these input arguments. */
export const OpcUaCallDetail = z.object({
  protocol: z.literal('opcua-call'),
  endpointUrl: z.string(),
  objectId: z.string(),
  methodId: z.string(),
  /** Each input argument as sent, with its DataType by name. */
  inputs: z.array(z.object({ name: z.string(), dataType: z.string(), value: JsonTagValue })),
});
export type OpcUaCallDetail = z.infer<typeof OpcUaCallDetail>;

/** The protocol part of a write ticket: one member per protocol (an OPC UA method call is a write too). */
export const WriteDetail = z.discriminatedUnion('protocol', [ModbusWriteDetail, OpcUaWriteDetail, CipWriteDetail, OpcUaCallDetail]);
export type WriteDetail = z.infer<typeof WriteDetail>;

const Value = z.union([z.number(), z.boolean(), z.string()]);

export const WriteTicket = z.object({
  ticketId: z.string(),
  deviceId: Id,
  deviceName: z.string(),
  /** What is written, in the operator's words. */
  target: z.string(),
  /** The tag written, when the write was asked for by tag. */
  tagKey: z.string().optional(),
  oldValue: Value.nullable(),
  /** Why the current value could not be read, when it could not. */
  oldQuality: z.string().nullable(),
  newValue: Value,
  /** A broadcast (Modbus unit 0): every device hears it, none answers; sent once, not read back. */
  broadcast: z.boolean(),
  detail: WriteDetail,
  expiresAt: z.number(),
});
export type WriteTicket = z.infer<typeof WriteTicket>;

export const WriteOutcome = z.object({
  ticket: WriteTicket,
  /** 'written' (answered and read back as sent, or not readable back), 'broadcast' (no answer expected). */
  result: z.enum(['written', 'broadcast']),
  readBack: z.array(z.number().int()).nullable(),
  readBackValue: Value.nullable(),
});
export type WriteOutcome = z.infer<typeof WriteOutcome>;

/**
 * One line of the write audit. A write leaves two: its intent ('write-intent', before anything is sent) and its
 * outcome ('write', ok or not); a confirmation refused before sending leaves one 'write-refused'. The Modbus fields
 * are there for Modbus writes (and every line written before the protocol detail moved into `detail`).
 */
export const AuditEntry = z.object({
  at: z.string(),
  action: z.enum(['write-intent', 'write', 'write-refused']),
  ticketId: z.string().optional(),
  host: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  target: z.string().optional(),
  tagKey: z.string().optional(),
  protocol: z.string().optional(),
  unitId: z.number().int().optional(),
  table: z.string().optional(),
  address: z.number().int().optional(),
  register: z.string().optional(),
  functionCode: z.number().int().optional(),
  oldValue: Value.nullable(),
  newValue: Value,
  raw: z.array(z.number().int()).optional(),
  note: z.string(),
  result: z.string(),
  ok: z.boolean(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
