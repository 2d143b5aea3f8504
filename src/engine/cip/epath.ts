import { FieldbenchError } from '../../shared/errors';
import type { CipSource } from '../../shared/project/schema';

/** One step of a Logix tag reference: a name (ANSI extended symbolic segment) or array indexes (member segments). */
export type TagSegment = { name: string } | { index: number[] };

const NAME = /^(?:Program:)?[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * "Tag", "Tag[3]", "Tag[1,2]", "Udt.Member", "Program:Main.Tag[2].Member" as segments. Throws naming what is wrong.
 */
export function parseTagName(text: string): TagSegment[] {
  const segs: TagSegment[] = [];
  const parts = text.trim().split('.');
  // "Program:Main" is one segment of its own; its tag follows.
  for (const part of parts) {
    const m = /^([^[\]]+)((?:\[[\d,\s]+\])*)$/.exec(part);
    if (!m || !NAME.test(m[1]!)) throw new FieldbenchError('invalid_input', `"${text}" is not a Logix tag name (such as Tag, Tag[3], Udt.Member or Program:Main.Tag)`);
    segs.push({ name: m[1]! });
    if (m[2]) {
      const idx = [...m[2].matchAll(/\[([\d,\s]+)\]/g)].flatMap((g) => g[1]!.split(',').map((s) => Number(s.trim())));
      if (idx.length > 3 || idx.some((n) => !Number.isInteger(n) || n < 0 || n > 0xffffffff)) throw new FieldbenchError('invalid_input', `"${text}": array indexes are up to three whole numbers`);
      segs.push({ index: idx });
    }
  }
  if (!segs.length) throw new FieldbenchError('invalid_input', 'a tag name is required');
  return segs;
}

/** The segments of a project tag source: tag path, element, then member path. */
export function sourceSegments(src: Pick<CipSource, 'tagPath' | 'element' | 'member'>): TagSegment[] {
  const segs = parseTagName(src.tagPath);
  if (src.element?.length) segs.push({ index: src.element });
  if (src.member) segs.push(...parseTagName(src.member));
  return segs;
}

/** The name as an operator writes it: Program:Main.Tag[1,2].Member. */
export function formatSegments(segs: readonly TagSegment[]): string {
  let out = '';
  for (const s of segs) {
    if ('name' in s) out += (out ? '.' : '') + s.name;
    else out += `[${s.index.join(',')}]`;
  }
  return out;
}

function memberSegment(n: number): Buffer {
  if (n <= 0xff) return Buffer.from([0x28, n]);
  if (n <= 0xffff) {
    const b = Buffer.from([0x29, 0, 0, 0]);
    b.writeUInt16LE(n, 2);
    return b;
  }
  const b = Buffer.from([0x2a, 0, 0, 0, 0, 0]);
  b.writeUInt32LE(n, 2);
  return b;
}

/** The request path of a tag reference, padded to whole words. */
export function encodeTagPath(segs: readonly TagSegment[]): Buffer {
  const parts: Buffer[] = [];
  for (const s of segs) {
    if ('name' in s) {
      const name = Buffer.from(s.name, 'latin1');
      parts.push(Buffer.from([0x91, name.length]), name);
      if (name.length % 2) parts.push(Buffer.alloc(1));
    } else {
      for (const n of s.index) parts.push(memberSegment(n));
    }
  }
  return Buffer.concat(parts);
}

/** Decode a request path back into tag segments (the simulator); throws on a segment it does not know. */
export function decodeTagPath(path: Buffer): TagSegment[] {
  const segs: TagSegment[] = [];
  let at = 0;
  while (at < path.length) {
    const t = path[at]!;
    if (t === 0x91) {
      const len = path[at + 1] ?? 0;
      if (at + 2 + len > path.length) throw new Error('truncated symbolic segment');
      segs.push({ name: path.toString('latin1', at + 2, at + 2 + len) });
      at += 2 + len + (len % 2);
      continue;
    }
    const width = t === 0x28 ? 2 : t === 0x29 ? 4 : t === 0x2a ? 6 : 0;
    if (!width) throw new Error(`segment 0x${t.toString(16)} not supported`);
    if (at + width > path.length) throw new Error('truncated member segment');
    const n = t === 0x28 ? path[at + 1]! : t === 0x29 ? path.readUInt16LE(at + 2) : path.readUInt32LE(at + 2);
    at += width;
    const last = segs[segs.length - 1];
    if (last && 'index' in last) last.index.push(n);
    else segs.push({ index: [n] });
  }
  return segs;
}

/** A logical path to class/instance (8- or 16-bit), as the object services take it. */
export function classInstancePath(cls: number, instance: number): Buffer {
  const c = cls <= 0xff ? Buffer.from([0x20, cls]) : Buffer.from([0x21, 0, cls & 0xff, cls >> 8]);
  const i = instance <= 0xff ? Buffer.from([0x24, instance]) : Buffer.from([0x25, 0, instance & 0xff, instance >> 8]);
  return Buffer.concat([c, i]);
}

/** "1,0" as port segments (port 1, link 0); "" as nothing (a Micro800). */
export function encodeRoutePath(route: string): Buffer {
  const nums = route.trim() ? route.split(',').map((s) => Number(s.trim())) : [];
  if (nums.length % 2) throw new FieldbenchError('invalid_input', `route path "${route}" is port,link pairs such as 1,0`);
  const out: number[] = [];
  for (let i = 0; i < nums.length; i += 2) {
    const port = nums[i]!;
    const link = nums[i + 1]!;
    if (port < 1 || port > 14 || link > 255) throw new FieldbenchError('invalid_input', `route path "${route}": port 1-14, link 0-255`);
    out.push(port, link);
  }
  return Buffer.from(out);
}

/** "Program:Main.Tag[3].Member" as a project tag source: tag path, element, member. Throws naming what is wrong. */
export function sourceFromName(text: string): CipSource {
  const segs = parseTagName(text);
  let i = 0;
  const first = segs[i++] as { name: string };
  let tagPath = first.name;
  if (tagPath.startsWith('Program:')) {
    const tag = segs[i++];
    if (!tag || !('name' in tag)) throw new FieldbenchError('invalid_input', `"${text}": a program name is followed by its tag (Program:Main.Tag)`);
    tagPath += `.${tag.name}`;
  }
  const source: CipSource = { kind: 'cip', tagPath };
  const idx = segs[i];
  if (idx && 'index' in idx) {
    source.element = idx.index;
    i++;
  }
  if (i < segs.length) source.member = formatSegments(segs.slice(i));
  return source;
}
