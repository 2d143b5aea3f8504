import { z } from 'zod';

/** OPC-style quality: Good, Uncertain or Bad, with a reason a person can act on. */
export const QualityStatus = z.enum(['good', 'uncertain', 'bad']);
export type QualityStatus = z.infer<typeof QualityStatus>;

export const Quality = z.object({
  status: QualityStatus,
  /** Why the value is not good: "timeout", "exception 0x02 (illegal data address)", "comm lost", "stale"... */
  reason: z.string().optional(),
});
export type Quality = z.infer<typeof Quality>;

export const GOOD: Quality = Object.freeze({ status: 'good' }) as Quality;

export function bad(reason: string): Quality {
  return { status: 'bad', reason };
}

export function uncertain(reason: string): Quality {
  return { status: 'uncertain', reason };
}
