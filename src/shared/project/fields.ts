import { z } from 'zod';

/** The small field rules every part of a project shares. */
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
