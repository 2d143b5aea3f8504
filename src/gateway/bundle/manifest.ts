import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const MANIFEST = 'MANIFEST.sha256';

/** Every file under dir (relative, "/"-separated, sorted), the manifest itself left out. */
export function filesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, p));
    else if (p !== MANIFEST) out.push(p);
  }
  return out.sort();
}

/**
 * The manifest in sha256sum's format ("<hex>  <path>"), so `sha256sum -c MANIFEST.sha256` checks the bundle; files
 * `listed` says no to are left out (the secrets: the hash of a password someone chose can be guessed from, offline).
 */
export function manifestOf(dir: string, listed: (file: string) => boolean = () => true): string {
  return filesUnder(dir)
    .filter(listed)
    .map((f) => `${createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')}  ${f}\n`)
    .join('');
}
