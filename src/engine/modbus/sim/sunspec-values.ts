import { encodeNumber, type NumericType } from '../../../shared/codec/registers';
import { encodeString } from '../../../shared/codec/strings';
import type { PlacedPoint } from '../../../shared/sunspec/layout';
import type { SunSpecGroup, SunSpecLayout, SunSpecModel, SunSpecPoint } from '../../../shared/sunspec/model';

/** Raw register values of a simulated SunSpec model by point name ("A", "module[2].DCA"). */
export type SunSpecValues = Record<string, number | string>;

/** How each SunSpec type sits in registers (the codec's numeric types). */
const WIRE: Record<string, NumericType | 'string'> = {
  int16: 'int16',
  sunssf: 'int16',
  uint16: 'uint16',
  raw16: 'uint16',
  count: 'uint16',
  acc16: 'uint16',
  enum16: 'uint16',
  bitfield16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  acc32: 'uint32',
  enum32: 'uint32',
  bitfield32: 'uint32',
  ipaddr: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  acc64: 'uint64',
  bitfield64: 'uint64',
  float32: 'float32',
  float64: 'float64',
  string: 'string',
};

/** SunSpec's "not implemented" value of each type, as registers. */
export function notImplemented(type: string, size: number): number[] {
  const words = (first: number, rest: number) => Array.from({ length: size }, (_, i) => (i === 0 ? first : rest));
  switch (type) {
    case 'int16':
    case 'sunssf':
    case 'int32':
    case 'int64':
    case 'pad':
      return words(0x8000, 0);
    case 'acc16':
    case 'acc32':
    case 'acc64':
    case 'ipaddr':
    case 'ipv6addr':
    case 'string':
      return words(0, 0);
    case 'float32':
      return words(0x7fc0, 0);
    case 'float64':
      return words(0x7ff8, 0);
    default:
      return words(0xffff, 0xffff);
  }
}

/**
 * A plausible engineering value by units, the decimals a device would give it (its scale factor), and how much it
 * moves from one group instance to the next (a curve's points rise, a second module reads a little more).
 */
const BY_UNITS: Record<string, { value: number; sf: number; step: number }> = {
  V: { value: 230.4, sf: -1, step: 0.6 },
  A: { value: 8.52, sf: -2, step: 0.37 },
  W: { value: 2800, sf: 0, step: 110 },
  VA: { value: 2900, sf: 0, step: 110 },
  var: { value: 150, sf: 0, step: 20 },
  Var: { value: 150, sf: 0, step: 20 },
  Hz: { value: 50.01, sf: -2, step: 0.1 },
  Wh: { value: 1234567, sf: 0, step: 1000 },
  WH: { value: 1234567, sf: 0, step: 1000 },
  kWh: { value: 1234.5, sf: -1, step: 10 },
  VAh: { value: 1300000, sf: 0, step: 1000 },
  varh: { value: 45678, sf: 0, step: 100 },
  Varh: { value: 45678, sf: 0, step: 100 },
  C: { value: 35.2, sf: -1, step: 0.8 },
  Pct: { value: 75, sf: -1, step: 5 },
  '%': { value: 75, sf: -1, step: 5 },
  '% VRef': { value: 94, sf: -1, step: 4 },
  VNomPct: { value: 94, sf: -1, step: 4 },
  'cos()': { value: 0.95, sf: -2, step: 0.01 },
  PF: { value: 0.95, sf: -2, step: 0.01 },
  Secs: { value: 10, sf: 0, step: 5 },
  Sec: { value: 10, sf: 0, step: 5 },
  S: { value: 10, sf: 0, step: 5 },
  mSecs: { value: 500, sf: 0, step: 100 },
  Tms: { value: 500, sf: 0, step: 100 },
  Degrees: { value: 25.5, sf: -1, step: 1.5 },
  deg: { value: 25.5, sf: -1, step: 1.5 },
  Ah: { value: 120, sf: 0, step: 10 },
  AH: { value: 120, sf: 0, step: 10 },
  kAH: { value: 1.2, sf: -1, step: 0.1 },
  'W/m2': { value: 850, sf: 0, step: 15 },
  'W/m^2': { value: 850, sf: 0, step: 15 },
  mps: { value: 3.5, sf: -1, step: 0.5 },
  'm/s': { value: 3.5, sf: -1, step: 0.5 },
  HPa: { value: 1013, sf: 0, step: 1 },
  ohms: { value: 1500, sf: 0, step: 100 },
  kO: { value: 1000, sf: 0, step: 100 },
  bps: { value: 9600, sf: 0, step: 0 },
  Mbps: { value: 100, sf: 0, step: 0 },
};
/** Any other percentage ("% WMax", "% WRef/min"...), and points without units. */
const PERCENT = { value: 50, sf: 0, step: 5 };
const PLAIN = { value: 1, sf: 0, step: 1 };

/** A battery cell's voltage is not a grid voltage. */
const CELL_VOLTS = { value: 3.312, sf: -3, step: 0.004 };

function profile(p: SunSpecPoint): { value: number; sf: number; step: number } {
  if (p.units === 'V' && /Cell/.test(p.name)) return CELL_VOLTS;
  const units = p.units?.trim();
  if (units === undefined) return PLAIN;
  return BY_UNITS[units] ?? (units.includes('%') ? PERCENT : PLAIN);
}

const RANGE: Partial<Record<NumericType, [number, number]>> = {
  int16: [-32767, 32767],
  uint16: [0, 65534],
  int32: [-2147483647, 2147483647],
  uint32: [0, 4294967294],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/** Measurements a device has whenever it has the model: never left "not implemented" by the simulator. */
const HEADLINE = new Set(['A', 'V', 'W', 'VA', 'var', 'Var', 'Hz', 'Wh', 'WH', 'VAh', 'varh', 'Varh']);

/** An enum's symbol a running device would show, or its first. */
const RUNNING = /^(MPPT|ON|OK|NORMAL|RUNNING|OPERATING|CONNECTED|ENABLED|ENABLE|ONLINE|AVAILABLE|CLOSED)$/i;

const STRINGS: Record<string, string> = { Mn: 'Fieldbench', Md: 'FB-SUNSPEC-SIM', Vr: '1.0.0', SN: 'FB-000123' };

function text(p: SunSpecPoint, size: number): string {
  const t = STRINGS[p.name] ?? (p.label ?? p.name).replace(/[^\x20-\x7e]/g, '');
  return t.slice(0, size * 2);
}

/** The names of the points that count a group's instances, with how deep the group sits (1 for the model's own). */
function countPoints(group: SunSpecGroup, depth = 1, out = new Map<string, number>()): Map<string, number> {
  for (const g of group.groups ?? []) {
    if (typeof g.count === 'string' && !out.has(g.count)) out.set(g.count, depth);
    countPoints(g, depth + 1, out);
  }
  return out;
}

export interface ModelImageOptions {
  /** Raw values by point name: with them, every point not named is not implemented (an exact device image). */
  values?: SunSpecValues;
  /** Instances of the model's count-0 groups (what its "N" points say). */
  fill: number;
}

/** The value of each count point a simulated model has: the given value, or 2 curves (modules...) of 4 points each. */
export function simulatedCounts(def: SunSpecModel, values: SunSpecValues = {}): (name: string) => number {
  const depths = countPoints(def.group);
  return (name) => {
    const v = values[name];
    return typeof v === 'number' ? v : (depths.get(name) ?? 1) > 1 ? 4 : 2;
  };
}

/**
 * The registers of one simulated model, from its ID register: ID, L, then each point with a plausible value in
 * range for its type and units, its scale factor chosen to match (230.4 V with V_SF -1 is 2304), group IDs numbered
 * by instance, count points saying how many instances follow, and one in three of the optional points that are not
 * headline measurements (currents, voltages, powers, energies, frequency) left "not implemented" (the SunSpec
 * sentinel of its type), as real devices leave points out.
 */
export function modelImage(def: SunSpecModel, layout: SunSpecLayout, opts: ModelImageOptions): number[] {
  const words = new Array<number>(layout.length + 2).fill(0);
  const count = simulatedCounts(def, opts.values);
  const counters = countPoints(def.group);
  const sfOf = new Map<number, number>();
  for (const p of layout.points) if (p.sfOffset !== undefined && !sfOf.has(p.sfOffset)) sfOf.set(p.sfOffset, profile(p.point).sf);
  let optional = 0;
  for (const p of layout.points) {
    const encoded = opts.values ? exact(p, opts.values, counters, count) : plausible(p, def, layout, { sfOf, counters, count, fill: opts.fill, nth: () => optional++ });
    const w = encoded ?? notImplemented(p.point.type, p.size);
    for (let i = 0; i < p.size; i++) words[p.offset + i] = w[i] ?? 0;
  }
  words[0] = def.id;
  words[1] = layout.length;
  return words;
}

function encode(p: PlacedPoint<SunSpecPoint>, v: number | string): number[] | undefined {
  const wire = WIRE[p.point.type];
  if (!wire) return undefined;
  if (wire === 'string') return encodeString(String(v), p.size, 'ABCD');
  const n = Number(v);
  const range = RANGE[wire];
  const raw = range ? Math.min(range[1], Math.max(range[0], Math.round(n))) : n;
  return encodeNumber(raw, wire, 'ABCD');
}

function exact(p: PlacedPoint<SunSpecPoint>, values: SunSpecValues, counters: Map<string, number>, count: (name: string) => number): number[] | undefined {
  const v = values[p.name];
  if (v !== undefined) return encode(p, v);
  if (p.depth === 0 && counters.has(p.point.name)) return encode(p, count(p.point.name));
  return undefined;
}

interface PlausibleContext {
  sfOf: Map<number, number>;
  counters: Map<string, number>;
  count: (name: string) => number;
  fill: number;
  /** The running number of optional points seen so far. */
  nth: () => number;
}

function plausible(p: PlacedPoint<SunSpecPoint>, def: SunSpecModel, layout: SunSpecLayout, ctx: PlausibleContext): number[] | undefined {
  const { point } = p;
  if (p.depth === 0 && point.name === 'ID') return [def.id];
  if (p.depth === 0 && point.name === 'L') return [layout.length];
  if (point.type === 'pad') return notImplemented('pad', p.size);
  if (point.type === 'sunssf') return encode(p, ctx.sfOf.get(p.offset) ?? 0);
  if (p.depth === 0 && ctx.counters.has(point.name)) return encode(p, ctx.count(point.name));
  if (point.type === 'count') return encode(p, ctx.fill);
  if (point.name === 'ID' && p.instances.length) return encode(p, p.instances[p.instances.length - 1]!);
  // A curve's points (a group repeating inside another) come whole or not at all.
  const mayLack = point.mandatory !== 'M' && !HEADLINE.has(point.units?.trim() ?? '') && p.instances.length < 2;
  if (mayLack && ctx.nth() % 3 === 2) return undefined;
  if (point.type === 'string') return encodeString(text(point, p.size), p.size, 'ABCD');
  if (point.type.startsWith('enum')) {
    const symbols = point.symbols ?? [];
    return encode(p, (symbols.find((s) => RUNNING.test(s.name)) ?? symbols[0])?.value ?? 1);
  }
  if (point.type.startsWith('bitfield')) return encode(p, 0);
  if (!WIRE[point.type]) return undefined;
  const u = profile(point);
  const k = p.instances.length ? p.instances[p.instances.length - 1]! - 1 : 0;
  const value = u.value + u.step * k;
  const wire = WIRE[point.type];
  if (wire === 'float32' || wire === 'float64') return encode(p, value);
  const sf = typeof point.sf === 'number' ? point.sf : p.sfOffset !== undefined ? (ctx.sfOf.get(p.sfOffset) ?? 0) : 0;
  const raw = Math.round(value / 10 ** sf);
  return encode(p, point.type.startsWith('acc') ? Math.max(1, raw) : raw);
}
