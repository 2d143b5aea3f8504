import { z } from 'zod';
import { Baud, Host, Parity, Port, SerialPath } from '../project/schema';

const UnitRange = z
  .object({ from: z.number().int().min(0).max(255), to: z.number().int().min(0).max(255) })
  .refine((r) => r.from <= r.to, { message: '"from" must not be above "to"', path: ['to'] });

/** Scans act only on what the user typed: this port, these hosts, these unit ids. */
export const ScanRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rtu'),
    path: SerialPath,
    bauds: z.array(Baud).min(1).max(12).default([19200]),
    parities: z.array(Parity).min(1).max(3).default(['even']),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
    units: UnitRange.default({ from: 1, to: 247 }),
    timeoutMs: z.number().int().min(20).max(5000).default(100),
  }),
  z.object({
    kind: z.literal('tcp'),
    hosts: z.array(Host).min(1).max(256),
    port: Port.default(502),
    units: UnitRange.default({ from: 1, to: 1 }),
    timeoutMs: z.number().int().min(20).max(5000).default(300),
  }),
]);
export type ScanRequest = z.infer<typeof ScanRequest>;

export const ScanHit = z.object({
  unitId: z.number().int(),
  /** Where it answered: "COM3 19200 8E1" or "10.0.0.5:502". */
  where: z.string(),
  path: z.string().optional(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  baud: z.number().int().optional(),
  parity: Parity.optional(),
  /** "registers" when the probe read worked, or the exception it answered (a device answering an exception is there). */
  answer: z.string(),
  responseMs: z.number(),
});
export type ScanHit = z.infer<typeof ScanHit>;

export const ScanProgress = z.object({
  scanId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
  current: z.string().optional(),
  found: z.array(ScanHit),
  error: z.string().optional(),
});
export type ScanProgress = z.infer<typeof ScanProgress>;
