import { z } from 'zod';
import { Port, UnitId } from '../project/schema';

export const Empty = z.object({});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli', 'gateway']),
  platform: z.string(),
  /** The built-in simulator the app started as the default target, if any. */
  simulator: z.object({ host: z.string(), port: Port, unitId: UnitId }).nullable(),
  /** The other demo peers the host started: an OPC UA server and a Logix controller, so those screens show something real. */
  demos: z.object({ opcuaUrl: z.string().nullable(), cip: z.object({ host: z.string(), port: Port }).nullable() }),
});

export const appRequests = {
  'app.info': { input: Empty, output: AppInfo },
} as const;
