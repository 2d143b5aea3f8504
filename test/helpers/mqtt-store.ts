import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What a store-and-forward queue folder holds, read from its files without opening it (the edge node that owns it
 * may be running): records from the cursor on, each [length u32 LE][crc u32 LE][JSON body].
 */
export function storedSamples(dir: string): unknown[][] {
  if (!existsSync(dir)) return [];
  let cursor = { segment: 0, offset: 0 };
  if (existsSync(path.join(dir, 'cursor'))) cursor = JSON.parse(readFileSync(path.join(dir, 'cursor'), 'utf8')) as typeof cursor;
  const out: unknown[][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.seg')).sort()) {
    const index = Number(f.slice(0, -4));
    if (index < cursor.segment) continue;
    const buf = readFileSync(path.join(dir, f));
    let at = index === cursor.segment ? cursor.offset : 0;
    while (at + 8 <= buf.length) {
      const len = buf.readUInt32LE(at);
      if (at + 8 + len > buf.length) break;
      out.push(JSON.parse(buf.subarray(at + 8, at + 8 + len).toString('utf8')) as unknown[]);
      at += 8 + len;
    }
  }
  return out;
}
