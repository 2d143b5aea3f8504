import { z } from 'zod';

/** Every project file ends so: the workspace lists these, dialogs filter on them. */
export const PROJECT_EXTENSION = '.fieldbench.json';

/** Names Windows keeps for devices, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * The rule for a project file name chosen by name (web mode's workspace): the engine validates it, the page checks it
 * as the operator types. Paths never come from the renderer.
 */
export const ProjectFileName = z
  .string()
  .trim()
  .min(1, 'enter a file name')
  .max(100, 'at most 100 characters')
  .regex(/^[A-Za-z0-9 _.-]+$/, 'use letters, digits, spaces, "_", "-" and "."')
  .refine((s) => !s.startsWith('.') && !s.includes('..'), 'a file name cannot start with "." or contain ".."')
  .refine((s) => !s.endsWith('.') && !s.endsWith(' '), 'a file name cannot end with "." or a space (Windows drops them)')
  .refine((s) => !WINDOWS_RESERVED.test(s), 'CON, PRN, AUX, NUL, COM1..9 and LPT1..9 are device names on Windows, not file names');

/** What is wrong with a file name the operator typed, or null. */
export function fileNameProblem(name: string): string | null {
  const r = ProjectFileName.safeParse(name);
  return r.success ? null : (r.error.issues[0]?.message ?? 'not a valid file name');
}

/** A file name made from a project name: what a save dialog suggests. */
export function suggestFileName(projectName: string): string {
  return projectName.replace(/[^A-Za-z0-9 _.-]+/g, '-').replace(/^[.\s-]+/, '').slice(0, 60) || 'project';
}

export function stripProjectExtension(file: string): string {
  return file.endsWith(PROJECT_EXTENSION) ? file.slice(0, -PROJECT_EXTENSION.length) : file;
}
