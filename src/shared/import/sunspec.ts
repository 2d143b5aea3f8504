import { layoutModel, type ModelLayout } from '../sunspec/layout';
import type { ProblemList } from './problems';
import { nameAndPath, type RowOutcome } from './rows';
import { TYPE_WIDTH } from './type-names';
import type { ImportedTag, ImportProblem } from './types';

/**
 * SunSpec information-model JSON (github.com/sunspec/models, json/model_N.json): {"id": N, "group": {points, groups}}.
 * Points are laid out one after the other from the model's ID register, repeating groups unrolled by
 * src/shared/sunspec/layout.ts (against a device's L and count points in SunSpec discovery, once each for a file on
 * its own); "pad" points take a register and make no tag.
 */

interface Symbol_ {
  name: string;
  value: number;
}
export interface Point {
  name: string;
  type: string;
  size?: number;
  sf?: string | number;
  units?: string;
  access?: string;
  label?: string;
  desc?: string;
  symbols?: Symbol_[];
}
interface Group {
  name: string;
  count?: unknown;
  points?: Point[];
  groups?: Group[];
}
export interface SunspecModel {
  id: number;
  group: Group;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function isSunspecModel(doc: unknown): doc is SunspecModel {
  return isObj(doc) && typeof doc.id === 'number' && isObj(doc.group) && Array.isArray(doc.group.points);
}

const TYPES: Record<string, { type: string; sentinel: 'sunspec' | 'sunspec-acc' }> = {
  int16: { type: 'int16', sentinel: 'sunspec' },
  uint16: { type: 'uint16', sentinel: 'sunspec' },
  count: { type: 'uint16', sentinel: 'sunspec' },
  int32: { type: 'int32', sentinel: 'sunspec' },
  uint32: { type: 'uint32', sentinel: 'sunspec' },
  int64: { type: 'int64', sentinel: 'sunspec' },
  uint64: { type: 'uint64', sentinel: 'sunspec' },
  float32: { type: 'float32', sentinel: 'sunspec' },
  float64: { type: 'float64', sentinel: 'sunspec' },
  acc16: { type: 'uint16', sentinel: 'sunspec-acc' },
  acc32: { type: 'uint32', sentinel: 'sunspec-acc' },
  acc64: { type: 'uint64', sentinel: 'sunspec-acc' },
  sunssf: { type: 'int16', sentinel: 'sunspec' },
  enum16: { type: 'enum16', sentinel: 'sunspec' },
  enum32: { type: 'enum32', sentinel: 'sunspec' },
  bitfield16: { type: 'bitfield16', sentinel: 'sunspec' },
  bitfield32: { type: 'bitfield32', sentinel: 'sunspec' },
  string: { type: 'string', sentinel: 'sunspec' },
  ipaddr: { type: 'uint32', sentinel: 'sunspec' },
};

export interface SunspecContext {
  file: string;
  problems: ProblemList;
  devicePath: string;
  knownTypes: ReadonlySet<string>;
  /** 0-based address of the model's ID register. */
  modelAddress: number;
  /**
   * The model laid out against a device (SunSpec discovery: its L and count points). Without it the definition is
   * laid out on its own: each repeating group once, with a warning that only the device knows how often.
   */
  layout?: ModelLayout<Point>;
}

/**
 * Every point of the model as a tag (or a rejection), repeating groups unrolled and named as src/shared/sunspec/layout.ts
 * says ("module[2].DCA"), with each scale-factor point resolved to its address in the point's own group instance first.
 */
export function sunspecRows(model: SunspecModel, ctx: SunspecContext): RowOutcome[] {
  const out: RowOutcome[] = [];
  const layout = ctx.layout ?? layoutModel(model);
  for (const note of layout.notes) ctx.problems.warning('assumption', note);
  let row = 0;
  for (const { point: p, offset, size, name, sfOffset } of layout.points) {
    row++;
    if (p.type === 'pad') continue;
    const found: ImportProblem[] = [];
    const where = (column: string) => ({ row, column });
    const start = ctx.modelAddress + offset;
    const known = Object.hasOwn(TYPES, p.type) ? TYPES[p.type] : undefined;
    if (!known || !ctx.knownTypes.has(known.type)) {
      found.push(ctx.problems.make('error', 'unknown-type', `${name}: SunSpec type "${p.type}" is not one the codec decodes`, where('type')));
      out.push({ kind: 'rejected', rejected: { row, cells: { name, type: p.type, size: String(size) }, problems: found } });
      continue;
    }
    if (known.type !== 'string' && TYPE_WIDTH[known.type] !== size) {
      found.push(ctx.problems.make('warning', 'bad-value', `${name}: size ${size} but ${p.type} is ${TYPE_WIDTH[known.type]} registers; the layout follows size`, where('size')));
    }
    const np = nameAndPath(name, ctx.devicePath, row, 'name', undefined, ctx.problems, found);
    const tag: ImportedTag = {
      name: np.name,
      path: np.path,
      table: 'holding',
      address: start,
      type: known.type,
      order: 'ABCD',
      scale: 1,
      offset: 0,
      units: (p.units ?? '').slice(0, 32),
      access: p.access === 'RW' || p.access === 'W' ? 'read-write' : 'read',
      description: [p.label, p.desc].filter((x) => x).join(': '),
      sentinel: known.sentinel,
      source: { file: ctx.file, row },
    };
    if (known.type === 'string') tag.length = size;
    if (typeof p.sf === 'number') tag.scale = 10 ** p.sf;
    else if (typeof p.sf === 'string') {
      tag.sfPoint = p.sf;
      if (sfOffset !== undefined) tag.sfAddress = ctx.modelAddress + sfOffset;
      else found.push(ctx.problems.make('warning', 'missing-value', `${name}: scale factor ${p.sf} is not a point of this model; the value is read unscaled`, where('sf')));
    }
    if (p.symbols?.length) {
      const named = Object.fromEntries(p.symbols.map((s) => [String(s.value), s.name]));
      if (known.type.startsWith('enum')) tag.labels = named;
      else if (known.type.startsWith('bitfield')) tag.flags = named;
    }
    out.push({ kind: 'tag', tag, problems: found });
  }
  return out;
}
