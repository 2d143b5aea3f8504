import { readFileSync } from 'node:fs';
import { FieldbenchError } from '../shared/errors';
import { migrateProject } from '../shared/project/migrate';
import type { Project } from '../shared/project/schema';

/** A project file named by --project, read and migrated to the current format (the version it came from beside). */
export function readProjectFile(file: string): { project: Project; migratedFrom: number | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FieldbenchError('invalid_input', `--project ${file}: ${(e as Error).message}`);
  }
  return migrateProject(raw);
}
