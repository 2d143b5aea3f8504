import { decodeTagPath, type TagSegment } from '../epath';
import { SERVICE, decodeRequest, encodeReply, splitMultiple } from '../messages';
import { encodeWireType, readWireType } from '../types';
import { TEMPLATES, sizeOf, wireTypeOf, type SimTag, type SimTags, type SimTemplate } from './sim-data';

const SYMBOL_CLASS = 0x6b;
const TEMPLATE_CLASS = 0x6c;

/** A logical path: optional symbolic program prefix, class, instance. */
function logicalPath(path: Buffer): { program: string | null; cls: number; instance: number } | null {
  let at = 0;
  let program: string | null = null;
  if (path[0] === 0x91) {
    const len = path[1]!;
    program = path.toString('latin1', 2, 2 + len);
    at = 2 + len + (len % 2);
  }
  let cls = -1;
  let instance = -1;
  while (at < path.length) {
    const t = path[at]!;
    const wide = t === 0x21 || t === 0x25;
    if (t !== 0x20 && t !== 0x21 && t !== 0x24 && t !== 0x25) return null;
    const value = wide ? path.readUInt16LE(at + 2) : path[at + 1]!;
    if (t === 0x20 || t === 0x21) cls = value;
    else instance = value;
    at += wide ? 4 : 2;
  }
  return cls < 0 ? null : { program, cls, instance };
}

/** The Symbol object's type word: atomic code or 0x8000 + template instance, with the dimension count in bits 13-14. */
function symbolType(tag: SimTag): number {
  // A BOOL array is listed as a DWORD array whose dimension counts BOOLs.
  const base = tag.type.kind === 'atomic' ? tag.type.code : 0x8000 | tag.type.template.instance;
  return base | (tag.dims.length << 13);
}

/** What a template's Read Template returns: 8 bytes per member, then "Name;n" and the member names, NUL-terminated. */
export function templateDefinition(t: SimTemplate): Buffer {
  const defs = Buffer.alloc(t.members.length * 8);
  t.members.forEach((m, i) => {
    const type = (m.type.kind === 'atomic' ? m.type.code : 0x8000 | m.type.template.instance) | (m.arrayLength ? 0x2000 : 0);
    defs.writeUInt16LE(m.arrayLength, i * 8);
    defs.writeUInt16LE(type, i * 8 + 2);
    defs.writeUInt32LE(m.offset, i * 8 + 4);
  });
  const names = [`${t.name};n`, ...t.members.map((m) => m.name)].map((n) => `${n}\0`).join('');
  return Buffer.concat([defs, Buffer.from(names, 'latin1')]);
}

/** The services of a Logix-like Message Router on the simulated tags; `limit` is the connection size of the caller. */
export class SimServices {
  constructor(
    private readonly tags: SimTags,
    private readonly limit: () => number,
    /** The Identity object's attributes, for Get Attribute All on class 1 instance 1. */
    private readonly identity: Buffer = Buffer.alloc(0),
  ) {}

  handle(message: Buffer): Buffer {
    let req;
    try {
      req = decodeRequest(message);
    } catch {
      return encodeReply(message[0] ?? 0, 0x04);
    }
    switch (req.service) {
      case SERVICE.READ_TAG:
        return this.read(req.path, req.data, false);
      case SERVICE.READ_TAG_FRAGMENTED:
        return this.read(req.path, req.data, true);
      case SERVICE.WRITE_TAG:
        return this.write(req.path, req.data);
      case SERVICE.READ_MODIFY_WRITE_TAG:
        return this.readModifyWrite(req.path, req.data);
      case SERVICE.MULTIPLE_SERVICE_PACKET:
        return this.multiple(req.data);
      case SERVICE.GET_INSTANCE_ATTRIBUTE_LIST:
        return this.symbols(req.path, req.data);
      case SERVICE.GET_ATTRIBUTE_LIST:
        return this.templateAttributes(req.path);
      case SERVICE.GET_ATTRIBUTE_ALL: {
        const lp = logicalPath(req.path);
        return lp && lp.cls === 1 && lp.instance === 1 ? encodeReply(req.service, 0, this.identity) : encodeReply(req.service, 0x05);
      }
      default:
        return encodeReply(req.service, 0x08);
    }
  }

  private segs(path: Buffer): TagSegment[] | null {
    try {
      return decodeTagPath(path);
    } catch {
      return null;
    }
  }

  private read(path: Buffer, data: Buffer, fragmented: boolean): Buffer {
    const service = fragmented ? SERVICE.READ_TAG_FRAGMENTED : SERVICE.READ_TAG;
    // Read Template shares Read Tag's code, on the Template object.
    const lp = path[0] === 0x20 || path[0] === 0x21 ? logicalPath(path) : null;
    if (lp && lp.cls === TEMPLATE_CLASS) return this.readTemplate(lp.instance, data);
    const segs = this.segs(path);
    if (!segs) return encodeReply(service, 0x04);
    const r = this.tags.resolve(segs);
    if ('general' in r) return encodeReply(service, r.general, Buffer.alloc(0), r.extended);
    if (data.length < 2) return encodeReply(service, 0x13);
    const count = data.readUInt16LE(0);
    if (count < 1 || count > r.elements) return encodeReply(service, 0xff, Buffer.alloc(0), [0x2105]);
    const all = r.buf.subarray(r.offset, r.offset + count * sizeOf(r.type));
    const type = encodeWireType(wireTypeOf(r.type));
    const room = this.limit() - 4 - type.length - 8;
    const offset = fragmented && data.length >= 6 ? data.readUInt32LE(2) : 0;
    if (offset > all.length) return encodeReply(service, 0xff, Buffer.alloc(0), [0x2104]);
    const slice = all.subarray(offset, offset + Math.max(0, room));
    const partial = offset + slice.length < all.length;
    if (partial && !fragmented) return encodeReply(service, 0x06, Buffer.concat([type, slice]));
    return encodeReply(service, partial ? 0x06 : 0, Buffer.concat([type, slice]));
  }

  private write(path: Buffer, data: Buffer): Buffer {
    const segs = this.segs(path);
    if (!segs) return encodeReply(SERVICE.WRITE_TAG, 0x04);
    const r = this.tags.resolve(segs);
    if ('general' in r) return encodeReply(SERVICE.WRITE_TAG, r.general, Buffer.alloc(0), r.extended);
    let wt;
    try {
      wt = readWireType(data, 0);
    } catch {
      return encodeReply(SERVICE.WRITE_TAG, 0x13);
    }
    const want = wireTypeOf(r.type);
    if (wt.type.code !== want.code || wt.type.handle !== want.handle) return encodeReply(SERVICE.WRITE_TAG, 0xff, Buffer.alloc(0), [0x2107]);
    if (data.length < wt.size + 2) return encodeReply(SERVICE.WRITE_TAG, 0x13);
    const count = data.readUInt16LE(wt.size);
    const bytes = data.subarray(wt.size + 2);
    const size = sizeOf(r.type) * count;
    if (count < 1 || count > r.elements) return encodeReply(SERVICE.WRITE_TAG, 0xff, Buffer.alloc(0), [0x2105]);
    if (bytes.length < size) return encodeReply(SERVICE.WRITE_TAG, 0x13);
    if (bytes.length > size) return encodeReply(SERVICE.WRITE_TAG, 0x15);
    bytes.copy(r.buf, r.offset);
    return encodeReply(SERVICE.WRITE_TAG, 0);
  }

  /** Read-Modify-Write Tag: mask size, OR mask, AND mask; new = (old | OR) & AND, within one element. */
  private readModifyWrite(path: Buffer, data: Buffer): Buffer {
    const service = SERVICE.READ_MODIFY_WRITE_TAG;
    const segs = this.segs(path);
    if (!segs) return encodeReply(service, 0x04);
    const r = this.tags.resolve(segs);
    if ('general' in r) return encodeReply(service, r.general, Buffer.alloc(0), r.extended);
    if (data.length < 2) return encodeReply(service, 0x13);
    const size = data.readUInt16LE(0);
    if (![1, 2, 4, 8, 12].includes(size) || r.type.kind !== 'atomic' || size > sizeOf(r.type)) return encodeReply(service, 0xff, Buffer.alloc(0), [0x2107]);
    if (data.length < 2 + size * 2) return encodeReply(service, 0x13);
    for (let b = 0; b < size; b++) r.buf[r.offset + b] = (r.buf[r.offset + b]! | data[2 + b]!) & data[2 + size + b]!;
    return encodeReply(service, 0);
  }

  private multiple(data: Buffer): Buffer {
    let parts: Buffer[];
    try {
      parts = splitMultiple(data);
    } catch {
      return encodeReply(SERVICE.MULTIPLE_SERVICE_PACKET, 0x13);
    }
    const replies = parts.map((p) => (p[0] === SERVICE.MULTIPLE_SERVICE_PACKET ? encodeReply(p[0], 0x08) : this.handle(p)));
    const head = Buffer.alloc(2 + replies.length * 2);
    head.writeUInt16LE(replies.length, 0);
    let offset = head.length;
    replies.forEach((r, i) => {
      head.writeUInt16LE(offset, 2 + i * 2);
      offset += r.length;
    });
    if (4 + offset > this.limit()) return encodeReply(SERVICE.MULTIPLE_SERVICE_PACKET, 0x11);
    const anyError = replies.some((r) => r[2] !== 0);
    return encodeReply(SERVICE.MULTIPLE_SERVICE_PACKET, anyError ? 0x1e : 0, Buffer.concat([head, ...replies]));
  }

  /** Get Instance Attribute List on the Symbol object: instance id, then attributes 1 (name), 2 (type), 8 (dimensions). */
  private symbols(path: Buffer, data: Buffer): Buffer {
    const service = SERVICE.GET_INSTANCE_ATTRIBUTE_LIST;
    const lp = logicalPath(path);
    if (!lp || lp.cls !== SYMBOL_CLASS) return encodeReply(service, 0x05);
    const program = lp.program?.startsWith('Program:') ? lp.program.slice(8) : null;
    const list = this.tags.scope(program);
    if (!list) return encodeReply(service, 0x05);
    if (data.length < 2) return encodeReply(service, 0x13);
    const attrs: number[] = [];
    for (let i = 0; i < data.readUInt16LE(0); i++) attrs.push(data.readUInt16LE(2 + i * 2));
    const start = Math.max(0, lp.instance);
    const entries = list.map((t) => ({ instance: t.instance, name: t.name, type: symbolType(t) | (t.name.startsWith('__') ? 0x1000 : 0), dims: t.dims }));
    if (program === null) [...this.tags.programs.keys()].forEach((p, i) => entries.push({ instance: 0xf000 + i, name: `Program:${p}`, type: 0x1068, dims: [] }));
    const parts: Buffer[] = [];
    let size = 4 + 8;
    let partial = false;
    for (const t of entries.filter((e) => e.instance >= start).sort((a, b) => a.instance - b.instance)) {
      const item: Buffer[] = [u32(t.instance)];
      for (const a of attrs) {
        if (a === 1) item.push(u16(t.name.length), Buffer.from(t.name, 'latin1'));
        else if (a === 2) item.push(u16(t.type));
        else if (a === 8) item.push(u32(t.dims[0] ?? 0), u32(t.dims[1] ?? 0), u32(t.dims[2] ?? 0));
        else return encodeReply(service, 0x0a);
      }
      const b = Buffer.concat(item);
      if (size + b.length > this.limit()) {
        partial = true;
        break;
      }
      size += b.length;
      parts.push(b);
    }
    return encodeReply(service, partial ? 0x06 : 0, Buffer.concat(parts));
  }

  private template(instance: number): SimTemplate | undefined {
    return TEMPLATES.find((t) => t.instance === instance);
  }

  /** Get Attribute List on a Template: 4 (definition size, words), 5 (structure size, bytes), 2 (member count), 1 (handle). */
  private templateAttributes(path: Buffer): Buffer {
    const lp = logicalPath(path);
    const t = lp && lp.cls === TEMPLATE_CLASS ? this.template(lp.instance) : undefined;
    if (!t) return encodeReply(SERVICE.GET_ATTRIBUTE_LIST, 0x05);
    const def = templateDefinition(t);
    const body = Buffer.concat([
      u16(4),
      u16(4), u16(0), u32(Math.ceil((def.length + 23) / 4)),
      u16(5), u16(0), u32(t.size),
      u16(2), u16(0), u16(t.members.length),
      u16(1), u16(0), u16(t.handle),
    ]);
    return encodeReply(SERVICE.GET_ATTRIBUTE_LIST, 0, body);
  }

  /** Read Template: bytes of the definition from an offset; 0x06 while more remain. */
  private readTemplate(instance: number, data: Buffer): Buffer {
    const t = this.template(instance);
    if (!t) return encodeReply(SERVICE.READ_TAG, 0x05);
    if (data.length < 6) return encodeReply(SERVICE.READ_TAG, 0x13);
    const def = templateDefinition(t);
    const offset = data.readUInt32LE(0);
    const want = data.readUInt16LE(4);
    const end = Math.min(def.length, offset + want, offset + this.limit() - 8);
    return encodeReply(SERVICE.READ_TAG, end < Math.min(def.length, offset + want) ? 0x06 : 0, def.subarray(offset, end));
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}
