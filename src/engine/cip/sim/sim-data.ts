import type { TagSegment } from '../epath';
import { ATOMIC, STRING_HANDLE, STRUCT_TYPE, TYPE_CODE, type WireType } from '../types';

/** A type in the simulated controller: atomic by CIP code, or a structure by its template. */
export type SimType = { kind: 'atomic'; code: number } | { kind: 'struct'; template: SimTemplate };

export interface SimMember {
  name: string;
  type: SimType;
  offset: number;
  /** Elements of an array member; 0 for a scalar. */
  arrayLength: number;
}

export interface SimTemplate {
  /** Template object instance (class 0x6C). */
  instance: number;
  /** Structure handle, as Read Tag replies carry it. */
  handle: number;
  name: string;
  members: SimMember[];
  size: number;
}

export interface SimTag {
  name: string;
  type: SimType;
  /** Array dimensions; [] for a scalar. */
  dims: number[];
  data: Buffer;
  /** Symbol object instance (class 0x6B). */
  instance: number;
  /** A BOOL array: `dims` counts BOOLs, stored 32 to a DWORD and indexed by DWORD, as Logix does. */
  bits?: boolean;
}

export const sizeOf = (t: SimType): number => (t.kind === 'atomic' ? ATOMIC[t.code]!.size : t.template.size);
export const wireTypeOf = (t: SimType): WireType => (t.kind === 'atomic' ? { code: t.code } : { code: STRUCT_TYPE, handle: t.template.handle });
const atomic = (name: string): SimType => ({ kind: 'atomic', code: TYPE_CODE[name]! });

function template(instance: number, handle: number, name: string, members: [string, SimType, number?][]): SimTemplate {
  let offset = 0;
  const out: SimMember[] = [];
  for (const [mname, type, arrayLength = 0] of members) {
    const size = sizeOf(type);
    const align = Math.min(4, size);
    offset = Math.ceil(offset / align) * align;
    out.push({ name: mname, type, offset, arrayLength });
    offset += size * Math.max(1, arrayLength);
  }
  return { instance, handle, name, members: out, size: Math.ceil(offset / 4) * 4 };
}

export const STRING_TEMPLATE = template(0x0f01, STRING_HANDLE, 'STRING', [
  ['LEN', atomic('DINT')],
  ['DATA', atomic('SINT'), 82],
]);
const STATUS = template(0x0f02, 0x3a11, 'MotorStatus', [
  ['Fault', atomic('BOOL')],
  ['Code', atomic('INT')],
  ['Hours', atomic('REAL')],
]);
const MOTOR = template(0x0f03, 0x5c27, 'Motor', [
  ['Running', atomic('BOOL')],
  ['Speed', atomic('REAL')],
  ['Starts', atomic('DINT')],
  ['Status', { kind: 'struct', template: STATUS }],
  ['Name', { kind: 'struct', template: STRING_TEMPLATE }],
  ['Setpoints', atomic('REAL'), 4],
]);
export const TEMPLATES = [STRING_TEMPLATE, STATUS, MOTOR];

/** The simulated controller's tags: controller scope, and one program's. */
export class SimTags {
  readonly controller: SimTag[] = [];
  readonly programs = new Map<string, SimTag[]>();
  private nextInstance = 1;
  /** Tags by lower-case name, per scope list (built on first lookup: tags are not added after construction). */
  private readonly byName = new Map<SimTag[], Map<string, SimTag>>();
  private ticks = 0;

  /** `analogs`: how many REAL tags Analog_000, Analog_001, ... (200 unless told; a benchmark asks for 500). */
  constructor(analogs = 200) {
    const add = (list: SimTag[], name: string, type: SimType, dims: number[] = [], bits = false) => {
      const n = dims.reduce((a, b) => a * b, 1);
      const tag: SimTag = { name, type, dims, data: Buffer.alloc(sizeOf(type) * (bits ? Math.ceil(n / 32) : n)), instance: this.nextInstance++, ...(bits ? { bits } : {}) };
      list.push(tag);
      return tag;
    };
    const c = this.controller;
    for (const t of ['BOOL', 'SINT', 'INT', 'DINT', 'LINT', 'REAL', 'LREAL']) add(c, `Test_${t}`, atomic(t));
    add(c, 'Counter', atomic('DINT'));
    add(c, 'Sine', atomic('REAL'));
    add(c, 'Counts', atomic('DINT'), [10]);
    add(c, 'Matrix', atomic('INT'), [3, 4]);
    // 4000 bytes: more than one reply carries, read whole with Read Tag Fragmented. Element i holds i / 4.
    const trend = add(c, 'Trend', atomic('REAL'), [1000]).data;
    for (let i = 0; i < 1000; i++) trend.writeFloatLE(i / 4, i * 4);
    add(c, 'Message', { kind: 'struct', template: STRING_TEMPLATE });
    // BOOL[64]: bits 0 and 37 on (DWORD 0 = 0x1, DWORD 1 = 0x20).
    const flags = add(c, 'Flags', atomic('DWORD'), [64], true).data;
    flags.writeUInt32LE(0x1, 0);
    flags.writeUInt32LE(0x20, 4);
    const motor = add(c, 'Motor_1', { kind: 'struct', template: MOTOR });
    add(c, 'Motors', { kind: 'struct', template: MOTOR }, [3]);
    for (let i = 0; i < analogs; i++) add(c, `Analog_${String(i).padStart(3, '0')}`, atomic('REAL')).data.writeFloatLE(i / 2, 0);
    add(c, '__SystemHidden', atomic('DINT'));
    const main: SimTag[] = [];
    this.programs.set('MainProgram', main);
    add(main, 'Step', atomic('DINT'));
    add(main, 'Temps', atomic('REAL'), [4]);
    this.writeString(motor.data, MOTOR.members.find((m) => m.name === 'Name')!.offset, 'Feed pump');
    this.writeString(c.find((t) => t.name === 'Message')!.data, 0, 'Hello from Fieldbench');
  }

  private writeString(buf: Buffer, at: number, text: string): void {
    buf.writeUInt32LE(text.length, at);
    buf.write(text, at + 4, 'latin1');
  }

  /** Values that move: a counter, a sine, a motor that runs and counts. */
  tick(): void {
    this.ticks++;
    const find = (n: string) => this.controller.find((t) => t.name === n)!;
    find('Counter').data.writeInt32LE(this.ticks, 0);
    find('Sine').data.writeFloatLE(Math.sin(this.ticks / 10) * 100, 0);
    const motor = find('Motor_1').data;
    motor.writeUInt8(1, 0);
    motor.writeFloatLE(1450 + (this.ticks % 20), MOTOR.members[1]!.offset);
    this.programs.get('MainProgram')![0]!.data.writeInt32LE(this.ticks % 8, 0);
  }

  /** Every tag of a scope, with its symbol instance. */
  scope(program: string | null): SimTag[] | undefined {
    return program === null ? this.controller : this.programs.get(program);
  }

  /**
   * The bytes a tag reference names: tag, element, members. A CIP status when it names nothing: 0x04 for a name
   * that is not there, 0x05 for an index beyond the array (as Logix answers).
   */
  resolve(segs: readonly TagSegment[]): { type: SimType; buf: Buffer; offset: number; elements: number } | { general: number; extended?: number[] } {
    let i = 0;
    const first = segs[i++];
    if (!first || !('name' in first)) return { general: 0x04 };
    let list = this.controller;
    let name = first.name;
    if (name.startsWith('Program:')) {
      const p = this.programs.get(name.slice(8));
      const next = segs[i++];
      if (!p || !next || !('name' in next)) return { general: 0x04 };
      list = p;
      name = next.name;
    }
    let index = this.byName.get(list);
    if (!index) this.byName.set(list, (index = new Map(list.map((t) => [t.name.toLowerCase(), t]))));
    const tag = index.get(name.toLowerCase());
    if (!tag) return { general: 0x04 };
    let type = tag.type;
    let offset = 0;
    // A BOOL array is indexed by the DWORD that holds the bit.
    const dims = tag.bits ? [Math.ceil(tag.dims[0]! / 32)] : tag.dims;
    let elements = dims.reduce((a, b) => a * b, 1);
    const idx = segs[i];
    if (idx && 'index' in idx) {
      i++;
      if (idx.index.length !== dims.length || idx.index.some((v, d) => v >= dims[d]!)) return { general: 0x05 };
      const linear = idx.index.reduce((acc, v, d) => acc * dims[d]! + v, 0);
      offset = linear * sizeOf(type);
      elements -= linear;
    }
    while (i < segs.length) {
      const seg = segs[i++]!;
      if (!('name' in seg) || type.kind !== 'struct') return { general: 0x04 };
      const m = type.template.members.find((x) => x.name.toLowerCase() === seg.name.toLowerCase());
      if (!m) return { general: 0x04 };
      type = m.type;
      offset += m.offset;
      elements = Math.max(1, m.arrayLength);
      const next = segs[i];
      if (next && 'index' in next) {
        i++;
        if (!m.arrayLength || next.index.length !== 1 || next.index[0]! >= m.arrayLength) return { general: 0x05 };
        offset += next.index[0]! * sizeOf(type);
        elements = m.arrayLength - next.index[0]!;
      }
    }
    return { type, buf: tag.data, offset, elements };
  }
}
