import { z } from 'zod';
import { ByteOrder, DataType } from '../codec/types';
import { Id } from '../project/schema';

/** Step one of a write: the engine reads the current value and says exactly what it would send. Nothing is written. */
export const WritePrepareInput = z.object({
  deviceId: Id,
  table: z.enum(['holding', 'coil']),
  address: z.number().int().min(0).max(65535),
  type: DataType.default('uint16'),
  order: ByteOrder.default('ABCD'),
  value: z.union([z.number().finite(), z.boolean()]),
  /** What the operator is doing, recorded in the audit log ("commissioning: set tank level setpoint"). */
  note: z.string().max(200).default(''),
});

export const WriteTicket = z.object({
  ticketId: z.string(),
  deviceId: Id,
  deviceName: z.string(),
  unitId: z.number().int(),
  table: z.enum(['holding', 'coil']),
  address: z.number().int(),
  register: z.string(),
  type: DataType,
  order: ByteOrder,
  functionCode: z.number().int(),
  oldRaw: z.array(z.number().int()).nullable(),
  oldValue: z.union([z.number(), z.boolean()]).nullable(),
  /** Why the current value could not be read, when it could not. */
  oldQuality: z.string().nullable(),
  newValue: z.union([z.number(), z.boolean()]),
  /** The exact words (or coil state) that will be sent. */
  raw: z.array(z.number().int()),
  expiresAt: z.number(),
});
export type WriteTicket = z.infer<typeof WriteTicket>;

export const AuditEntry = z.object({
  at: z.string(),
  action: z.enum(['write', 'write-refused']),
  host: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  unitId: z.number().int(),
  table: z.string(),
  address: z.number().int(),
  register: z.string(),
  functionCode: z.number().int(),
  oldValue: z.union([z.number(), z.boolean()]).nullable(),
  newValue: z.union([z.number(), z.boolean()]),
  raw: z.array(z.number().int()),
  note: z.string(),
  result: z.string(),
  ok: z.boolean(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const WriteOutcome = z.object({ ticket: WriteTicket, readBack: z.array(z.number().int()).nullable() });
export type WriteOutcome = z.infer<typeof WriteOutcome>;
