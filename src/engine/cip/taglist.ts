import { FieldbenchError } from '../../shared/errors';
import { classInstancePath, encodeTagPath } from './epath';
import { SERVICE, encodeRequest } from './messages';
import type { CipSession } from './session';
import { cipStatusName } from './status';
import { ATOMIC, BIT_ARRAY, STRING_HANDLE } from './types';

/** One line of a controller's tag list: a tag, or a member of a UDT tag, with its Logix type. */
export interface CipTagEntry {
  /** Tag, Program:Main.Tag, Tag.Member, Tag.Member.Inner */
  name: string;
  /** DINT, REAL, STRING, a UDT's name. */
  dataType: string;
  /** Array dimensions ([] for a scalar). */
  dims: number[];
  /** 'controller', or the program's name. */
  scope: string;
  /** A member of a UDT (not a tag of its own). */
  member: boolean;
  /** The UDT's name, for a structure. */
  udt?: string;
}

export interface Symbol {
  instance: number;
  name: string;
  type: number;
  dims: number[];
}

export interface TemplateMember {
  name: string;
  /** Atomic code, or 0x8000 + template instance; bit 13 marks an array member. */
  type: number;
  /** Elements of an array member; for a BOOL member, its bit in the host byte. */
  arrayLength: number;
  /** Byte offset in the structure. */
  offset: number;
}

export interface Template {
  name: string;
  handle: number;
  /** Bytes of one structure (attribute 5). */
  size: number;
  members: TemplateMember[];
}

const SYMBOL_CLASS = 0x6b;
const TEMPLATE_CLASS = 0x6c;
const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);

/** Get Instance Attribute List on the Symbol object of a scope, page by page (status 0x06 while more remain). */
export async function listSymbols(session: CipSession, program: string | null): Promise<Symbol[]> {
  const out: Symbol[] = [];
  let start = 0;
  for (let page = 0; page < 10_000; page++) {
    const prefix = program ? encodeTagPath([{ name: program }]) : Buffer.alloc(0);
    const path = Buffer.concat([prefix, classInstancePath(SYMBOL_CLASS, start)]);
    const reply = await session.request(encodeRequest(SERVICE.GET_INSTANCE_ATTRIBUTE_LIST, path, Buffer.concat([u16(3), u16(1), u16(2), u16(8)])));
    if (reply.general !== 0 && reply.general !== 0x06) throw new FieldbenchError('protocol_error', `tag list of ${program ?? 'the controller'} on ${session.address}: ${cipStatusName(reply)}`);
    const d = reply.data;
    let at = 0;
    let last = -1;
    while (at < d.length) {
      if (d.length < at + 6) throw new FieldbenchError('protocol_error', `tag list on ${session.address}: truncated entry`);
      const instance = d.readUInt32LE(at);
      const len = d.readUInt16LE(at + 4);
      if (d.length < at + 6 + len + 14) throw new FieldbenchError('protocol_error', `tag list on ${session.address}: truncated entry`);
      const name = d.toString('latin1', at + 6, at + 6 + len);
      at += 6 + len;
      const type = d.readUInt16LE(at);
      const dims = [d.readUInt32LE(at + 2), d.readUInt32LE(at + 6), d.readUInt32LE(at + 10)].slice(0, (type >> 13) & 3);
      at += 14;
      out.push({ instance, name, type, dims });
      last = instance;
    }
    if (reply.general === 0 || last < 0) break;
    start = last + 1;
  }
  return out;
}

/** A template's attributes and definition: member types, then its name and member names. */
export async function readTemplate(session: CipSession, instance: number): Promise<Template> {
  const path = classInstancePath(TEMPLATE_CLASS, instance);
  const attrs = await session.request(encodeRequest(SERVICE.GET_ATTRIBUTE_LIST, path, Buffer.concat([u16(4), u16(4), u16(5), u16(2), u16(1)])));
  if (attrs.general !== 0) throw new FieldbenchError('protocol_error', `template ${instance} on ${session.address}: ${cipStatusName(attrs)}`);
  const values = new Map<number, number>();
  const a = attrs.data;
  let at = 2;
  for (let i = 0; i < a.readUInt16LE(0); i++) {
    const id = a.readUInt16LE(at);
    const status = a.readUInt16LE(at + 2);
    const wide = id === 4 || id === 5;
    if (status === 0) values.set(id, wide ? a.readUInt32LE(at + 4) : a.readUInt16LE(at + 4));
    at += 4 + (wide ? 4 : 2);
  }
  const defWords = values.get(4);
  const count = values.get(2);
  if (defWords === undefined || count === undefined) throw new FieldbenchError('protocol_error', `template ${instance} on ${session.address}: its size or member count is missing`);
  const total = defWords * 4 - 23;
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset < total) {
    const data = Buffer.alloc(6);
    data.writeUInt32LE(offset, 0);
    data.writeUInt16LE(total - offset, 4);
    const r = await session.request(encodeRequest(SERVICE.READ_TAG, path, data));
    if (r.general !== 0 && r.general !== 0x06) throw new FieldbenchError('protocol_error', `template ${instance} on ${session.address}: ${cipStatusName(r)}`);
    chunks.push(r.data);
    offset += r.data.length;
    if (r.general === 0 || !r.data.length) break;
  }
  const def = Buffer.concat(chunks);
  if (def.length < count * 8) throw new FieldbenchError('protocol_error', `template ${instance} on ${session.address}: definition shorter than its ${count} members`);
  const names = def.toString('latin1', count * 8).split('\0');
  const members: TemplateMember[] = [];
  for (let i = 0; i < count; i++) members.push({ arrayLength: def.readUInt16LE(i * 8), type: def.readUInt16LE(i * 8 + 2), offset: def.readUInt32LE(i * 8 + 4), name: names[i + 1] ?? `member${i}` });
  return { name: (names[0] ?? '').split(';')[0]!, handle: values.get(1) ?? 0, size: values.get(5) ?? 0, members };
}

/**
 * A controller's tags with their types: controller scope, then each program's, UDT tags expanded into their members
 * from the template objects (nested UDTs too). System tags (bit 12, "__" names) are left out.
 */
export async function browseTags(session: CipSession): Promise<CipTagEntry[]> {
  const templates = new Map<number, Template>();
  const templateOf = async (instance: number) => {
    let t = templates.get(instance);
    if (!t) templates.set(instance, (t = await readTemplate(session, instance)));
    return t;
  };
  const typeName = async (type: number): Promise<{ name: string; template?: Template }> => {
    if (type & 0x8000) {
      const t = await templateOf(type & 0x0fff);
      return { name: t.handle === STRING_HANDLE ? 'STRING' : t.name, template: t.handle === STRING_HANDLE ? undefined : t };
    }
    // Logix has no DWORD tags of its own: a DWORD array in the tag list is a BOOL array, packed 32 to a DWORD.
    if ((type & 0xff) === BIT_ARRAY && type & 0x6000) return { name: 'BOOL' };
    return { name: ATOMIC[type & 0xff]?.name ?? `type 0x${(type & 0xfff).toString(16)}` };
  };
  const out: CipTagEntry[] = [];
  const expand = async (prefix: string, t: Template, scope: string, depth: number) => {
    if (depth > 8) return;
    for (const m of t.members) {
      if (m.name.startsWith('ZZZZZZZZZZ') || m.name.startsWith('__')) continue; // hidden hosts of BOOL members
      const ty = await typeName(m.type);
      const name = `${prefix}.${m.name}`;
      out.push({ name, dataType: ty.name, dims: m.arrayLength ? [m.arrayLength] : [], scope, member: true, ...(ty.template ? { udt: ty.template.name } : {}) });
      if (ty.template) await expand(name, ty.template, scope, depth + 1);
    }
  };
  const scopes: (string | null)[] = [null];
  for (let s = 0; s < scopes.length; s++) {
    const program = scopes[s]!;
    const scope = program ? program.slice(8) : 'controller';
    for (const sym of await listSymbols(session, program)) {
      if (sym.name.startsWith('Program:')) {
        if (program === null) scopes.push(sym.name);
        continue;
      }
      if (sym.type & 0x1000 || sym.name.startsWith('__')) continue;
      const ty = await typeName(sym.type);
      const name = program ? `${program}.${sym.name}` : sym.name;
      out.push({ name, dataType: ty.name, dims: sym.dims, scope, member: false, ...(ty.template ? { udt: ty.template.name } : {}) });
      if (ty.template) await expand(name, ty.template, scope, 1);
    }
  }
  return out;
}
