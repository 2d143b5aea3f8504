import { z } from 'zod';
import { DisplayName } from '../project/schema';
import { ProjectFileName } from '../project/file-name';
import { Empty } from './app';

export { ProjectFileName };

export const ProjectState = z.object({
  name: z.string(),
  /** Where the project lives; null for an untitled project that is only autosaved. */
  path: z.string().nullable(),
  dirty: z.boolean(),
  savedAt: z.number().nullable(),
  autosavedAt: z.number().nullable(),
  /** Set when the open project was upgraded from an older format version. */
  migratedFrom: z.number().int().nullable(),
  recovered: z.boolean(),
});
export type ProjectState = z.infer<typeof ProjectState>;

export const ProjectSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dialog') }),
  z.object({ kind: z.literal('recent'), id: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('workspace'), name: ProjectFileName }),
]);

export const RecentProject = z.object({ id: z.string(), name: z.string(), path: z.string(), openedAt: z.number(), exists: z.boolean() });

export const projectRequests = {
  'project.state': { input: Empty, output: ProjectState },
  'project.new': { input: z.object({ name: DisplayName.default('Untitled') }), output: ProjectState },
  'project.open': { input: z.object({ source: ProjectSource }), output: ProjectState },
  'project.save': { input: Empty, output: ProjectState },
  'project.saveAs': {
    input: z.object({ target: z.discriminatedUnion('kind', [z.object({ kind: z.literal('dialog') }), z.object({ kind: z.literal('workspace'), name: ProjectFileName })]) }),
    output: ProjectState,
  },
  'project.recent': { input: Empty, output: z.array(RecentProject) },
  'project.workspace': { input: Empty, output: z.object({ dir: z.string(), files: z.array(z.string()) }) },
} as const;

export const projectEvents = {
  'project.state': ProjectState,
} as const;
