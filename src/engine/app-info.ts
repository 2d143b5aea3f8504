import type { z } from 'zod';
import type { AppInfo as AppInfoSchema } from '../shared/contract';

export type AppInfo = z.infer<typeof AppInfoSchema>;
