import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Write a file so that a crash or power cut leaves either the old or the new content, never half of one:
 * write a temporary file beside it, flush it to disk, rename over the target, then flush the folder so the rename
 * itself survives a power cut. Temporary files a killed writer left beside the target are removed first.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  await removeLeftovers(file);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncFolder(dir);
}

/** `<file>.<pid>.<time>.tmp` files of writers that were killed before their rename (never this process's own). */
async function removeLeftovers(file: string): Promise<void> {
  const base = path.basename(file);
  const mine = `${base}.${process.pid}.`;
  let names: string[];
  try {
    names = await fs.readdir(path.dirname(file));
  } catch {
    return;
  }
  const stale = names.filter((n) => n.startsWith(`${base}.`) && n.endsWith('.tmp') && /^\.\d+\.\d+\.tmp$/.test(n.slice(base.length)) && !n.startsWith(mine));
  await Promise.all(stale.map((n) => fs.rm(path.join(path.dirname(file), n), { force: true })));
}

/** Flush a folder's entries to disk (POSIX); Windows cannot open a folder for this, and its renames are journalled. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8');
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
