import { gunzipSync } from 'node:zlib';

/** One file taken out of a tar archive. */
export interface TarFile {
  name: string;
  mode: number;
  data: Buffer;
}

const text = (b: Buffer, from: number, len: number) => {
  const s = b.subarray(from, from + len);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? len : end).toString('utf8');
};
const octal = (b: Buffer, from: number, len: number) => parseInt(text(b, from, len).trim() || '0', 8);

/** The `path` record of a pax extended header ("<len> path=<value>\n" records), if it has one. */
function paxPath(data: Buffer): string | undefined {
  for (const rec of data.toString('utf8').split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(rec);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The regular files of a .tgz (ustar, with pax or GNU long names) that `want` accepts, read in memory. Enough for an
 * npm package tarball; links and devices are skipped.
 */
export function readTgz(tgz: Buffer, want: (name: string) => boolean): TarFile[] {
  const tar = gunzipSync(tgz);
  const out: TarFile[] = [];
  let longName: string | undefined;
  for (let off = 0; off + 512 <= tar.length; ) {
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] ?? 0);
    const body = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxPath(body);
      continue;
    }
    if (type === 'L') {
      longName = text(body, 0, body.length);
      continue;
    }
    if (type === 'g') continue;
    const prefix = text(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = undefined;
    if ((type === '0' || type === '\0') && want(name)) out.push({ name, mode: octal(h, 100, 8) & 0o777, data: Buffer.from(body) });
  }
  return out;
}
