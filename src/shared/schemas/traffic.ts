import { z } from 'zod';

export const TrafficEntry = z.object({
  id: z.number().int(),
  at: z.number(),
  connectionId: z.string(),
  dir: z.enum(['tx', 'rx']),
  hex: z.string(),
  unitId: z.number().int().nullable(),
  functionCode: z.number().int().nullable(),
  text: z.string(),
  address: z.number().int().optional(),
  count: z.number().int().optional(),
  values: z.array(z.number().int()).optional(),
  crc: z.enum(['ok', 'bad', 'n/a']),
  exception: z.string().optional(),
  transactionId: z.number().int().optional(),
  /** rx: time since the request went out. */
  turnaroundMs: z.number().optional(),
  /** Time since the previous frame on the same connection (how long the line was idle). */
  gapMs: z.number().optional(),
});
export type TrafficEntry = z.infer<typeof TrafficEntry>;

export const TrafficFilter = z.object({
  connectionId: z.string().max(64).optional(),
  unitId: z.number().int().min(0).max(255).optional(),
  text: z.string().max(200).optional(),
  onlyErrors: z.boolean().optional(),
  afterId: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(20000).optional(),
});
export type TrafficFilter = z.infer<typeof TrafficFilter>;
