import { z } from 'zod';
import { TrafficEntry, TrafficFilter } from '../schemas/traffic';
import { Empty } from './app';

export const trafficRequests = {
  'traffic.list': { input: TrafficFilter, output: z.array(TrafficEntry) },
  'traffic.setPaused': { input: z.object({ paused: z.boolean() }), output: z.object({ paused: z.boolean() }) },
  /** Whether recording is paused: a page opened (or reloaded) after a pause shows it. */
  'traffic.status': { input: Empty, output: z.object({ paused: z.boolean() }) },
  'traffic.clear': { input: Empty, output: Empty },
  'traffic.exportCsv': { input: TrafficFilter, output: z.object({ fileName: z.string(), csv: z.string() }) },
} as const;

export const trafficEvents = {
  'traffic.frames': z.array(TrafficEntry),
} as const;
