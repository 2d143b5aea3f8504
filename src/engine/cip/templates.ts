import { FieldbenchError } from '../../shared/errors';
import type { CipSession } from './session';
import { listSymbols, readTemplate, type Template } from './taglist';
import { ATOMIC, BIT_ARRAY, STRING_HANDLE, STRUCT_TYPE, decodeValue, type WireType } from './types';

/** One member of a structure read whole: its path below the tag (Speed, Status.Code, Setpoints[2]), type and value. */
export interface StructMember {
  path: string;
  dataType: string;
  value: number | boolean | string;
}

/**
 * A controller's templates, read on demand and kept per session: by instance (how a structure member names its type)
 * and by structure handle (how a Read Tag reply names it). The handle of a tag's template is learnt from the tag list
 * the first time a structure is read whole.
 */
export class CipTemplates {
  private readonly byInstance = new Map<number, Promise<Template>>();
  private readonly instanceByHandle = new Map<number, number>();
  private scanned: Promise<void> | null = null;

  constructor(private readonly session: CipSession) {}

  instance(instance: number): Promise<Template> {
    let t = this.byInstance.get(instance);
    if (!t) {
      t = readTemplate(this.session, instance).then((tpl) => {
        this.instanceByHandle.set(tpl.handle, instance);
        return tpl;
      });
      t.catch(() => this.byInstance.delete(instance));
      this.byInstance.set(instance, t);
    }
    return t;
  }

  /** The template of a structure handle, with every template it nests; throws when the controller has none. */
  async handle(handle: number): Promise<Template> {
    if (!this.instanceByHandle.has(handle)) {
      this.scanned ??= this.scan().catch((err: unknown) => {
        this.scanned = null;
        throw err;
      });
      await this.scanned;
    }
    const instance = this.instanceByHandle.get(handle);
    if (instance === undefined) throw new FieldbenchError('not_found', `no template with structure handle 0x${handle.toString(16).padStart(4, '0')} on ${this.session.address}`);
    const t = await this.instance(instance);
    await this.nested(t, 0);
    return t;
  }

  /** Every structure type in the tag list (controller and program scopes) and those they nest, to learn the handles. */
  private async scan(): Promise<void> {
    const scopes: (string | null)[] = [null];
    const instances = new Set<number>();
    for (let s = 0; s < scopes.length; s++) {
      for (const sym of await listSymbols(this.session, scopes[s]!)) {
        if (sym.name.startsWith('Program:') && scopes[s] === null) scopes.push(sym.name);
        else if (sym.type & 0x8000 && !(sym.type & 0x1000)) instances.add(sym.type & 0x0fff);
      }
    }
    // Nested types too: a member read whole (Motor_1.Status) carries its own template's handle.
    for (const i of instances) await this.nested(await this.instance(i), 0);
  }

  private async nested(t: Template, depth: number): Promise<void> {
    if (depth > 8) return;
    for (const m of t.members) if (m.type & 0x8000) await this.nested(await this.instance(m.type & 0x0fff), depth + 1);
  }

  /** A structure's bytes as its members, nested members flattened (loaded templates only: call handle() first). */
  async decode(type: WireType, data: Buffer): Promise<StructMember[]> {
    if (type.code !== STRUCT_TYPE || type.handle === undefined) throw new Error('not a structure');
    const t = await this.handle(type.handle);
    const out: StructMember[] = [];
    await this.walk(t, data, 0, '', out, 0);
    return out;
  }

  private async walk(t: Template, data: Buffer, base: number, prefix: string, out: StructMember[], depth: number): Promise<void> {
    if (depth > 8) return;
    for (const m of t.members) {
      if (m.name.startsWith('ZZZZZZZZZZ') || m.name.startsWith('__')) continue; // hidden hosts of BOOL members
      const path = prefix ? `${prefix}.${m.name}` : m.name;
      const at = base + m.offset;
      const code = m.type & 0x0fff;
      const isArray = (m.type & 0x2000) !== 0;
      if (m.type & 0x8000) {
        const inner = await this.instance(code);
        const size = structSize(inner);
        const n = isArray ? Math.max(1, m.arrayLength) : 1;
        for (let i = 0; i < n; i++) {
          const p = isArray ? `${path}[${i}]` : path;
          if (inner.handle === STRING_HANDLE) out.push({ path: p, dataType: 'STRING', value: decodeValue({ code: STRUCT_TYPE, handle: STRING_HANDLE }, need(data, at + i * size, 4, p)) as string });
          else await this.walk(inner, data, at + i * size, p, out, depth + 1);
        }
        continue;
      }
      if (code === 0xc1 && !isArray) {
        // A BOOL member: bit `arrayLength` of the byte at its offset.
        out.push({ path, dataType: 'BOOL', value: ((need(data, at, 1, path)[0]! >> (m.arrayLength & 7)) & 1) === 1 });
        continue;
      }
      if (code === BIT_ARRAY && isArray) {
        for (let i = 0; i < m.arrayLength * 32; i++) out.push({ path: `${path}[${i}]`, dataType: 'BOOL', value: ((need(data, at + Math.floor(i / 32) * 4, 4, path).readUInt32LE(0) >>> i % 32) & 1) === 1 });
        continue;
      }
      const a = ATOMIC[code];
      if (!a) throw new Error(`${path}: member type 0x${code.toString(16)} unknown`);
      const n = isArray ? m.arrayLength : 1;
      for (let i = 0; i < n; i++) {
        const v = decodeValue({ code }, need(data, at + i * a.size, a.size, path));
        out.push({ path: isArray ? `${path}[${i}]` : path, dataType: a.name, value: Array.isArray(v) ? v.join(',') : v });
      }
    }
  }
}

/** A template's structure size: the end of its last member, whole DWORDs (Logix pads structures to 4 bytes). */
function structSize(t: Template): number {
  if (t.handle === STRING_HANDLE) return 88;
  return t.size;
}

function need(data: Buffer, at: number, size: number, path: string): Buffer {
  if (data.length < at + size) throw new Error(`${path}: the structure ends at byte ${data.length}, before its member at ${at}`);
  return data.subarray(at);
}
