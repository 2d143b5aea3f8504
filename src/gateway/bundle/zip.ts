import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';

/**
 * A .zip of a folder, its entries under the folder's name, Unix modes kept (the run script executable, secrets/ 0600)
 * and empty folders (store/) kept as folder entries, so `unzip` gives back the folder as it was.
 */
export function zipFolder(dir: string, zipFile: string): number {
  const root = path.basename(dir);
  const entries: Zippable = {};
  const walk = (rel: string) => {
    const names = readdirSync(path.join(dir, rel), { withFileTypes: true });
    if (rel && names.length === 0) entries[`${root}/${rel}/`] = [new Uint8Array(0), { os: 3, attrs: ((0o40000 | 0o755) << 16) | 0x10 }];
    for (const e of names) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else {
        const mode = statSync(path.join(dir, p)).mode & 0o777;
        entries[`${root}/${p}`] = [readFileSync(path.join(dir, p)), { os: 3, attrs: (0o100000 | mode) << 16 }];
      }
    }
  };
  walk('');
  const bytes = zipSync(entries, { level: 6 });
  writeFileSync(zipFile, bytes, { mode: 0o600 });
  return bytes.length;
}
