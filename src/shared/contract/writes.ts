import { z } from 'zod';
import { AuditEntry, WritePrepareInput, WriteTicket, WriteOutcome } from '../schemas/writes';

const TicketId = z.string().min(1).max(64);

export const writeRequests = {
  'writes.prepare': { input: WritePrepareInput, output: WriteTicket },
  'writes.confirm': { input: z.object({ ticketId: TicketId }), output: WriteOutcome },
  'writes.cancel': { input: z.object({ ticketId: TicketId }), output: z.object({}) },
  'audit.list': { input: z.object({ limit: z.number().int().min(1).max(10000).default(500) }), output: z.array(AuditEntry) },
} as const;
