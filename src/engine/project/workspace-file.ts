import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';

/** A PEM file (a CA, a certificate, a key) is a few kilobytes; this is far above any, and bounds what is read. */
const MAX_PEM_BYTES = 256 * 1024;

/**
 * A file the page names: a plain file name in the workspace folder, resolved there and refused when it would leave it
 * (the renderer never sends a path; the operator puts the file in the workspace folder).
 */
export function inWorkspace(workspaceDir: string, name: string): string {
  const resolved = path.resolve(workspaceDir, name);
  if (path.dirname(resolved) !== path.resolve(workspaceDir)) throw new FieldbenchError('invalid_input', `"${name}" is not a file name in the workspace folder (${workspaceDir})`);
  return resolved;
}

/** A PEM file named by the page, from the workspace folder: bounded in size, and refused unless it holds PEM. */
export function readWorkspacePem(workspaceDir: string, name: string, what: string): string {
  const file = inWorkspace(workspaceDir, name);
  let text: string;
  try {
    if (statSync(file).size > MAX_PEM_BYTES) throw new Error(`larger than ${MAX_PEM_BYTES / 1024} KB: not a PEM file`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FieldbenchError('invalid_input', `${what} "${name}" in the workspace folder: ${(e as Error).message}`);
  }
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) throw new FieldbenchError('invalid_input', `${what} "${name}" holds no PEM block (-----BEGIN …-----)`);
  return text;
}

/** Reads a PEM file the page named, with what it is for (for the message when it cannot). */
export type PemReader = (name: string, what: string) => string;
