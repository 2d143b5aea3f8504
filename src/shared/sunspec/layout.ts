/**
 * Where each point of a SunSpec model sits, counted from the model's ID register, with its repeating groups
 * unrolled as the device has them.
 *
 * A group repeats:
 *   - once, when it has no "count" (or count 1);
 *   - "count" times, when count is a number above 0;
 *   - as often as a count point says, when count names a point (the device's value; the point is looked up in the
 *     enclosing group instance first, then further out to the model's top level, where the official models have it);
 *   - to fill the model's length, when count is 0 (the device's L, registers after ID and L).
 * Group instances follow each other, each with its own points and then its own groups (nested groups included).
 *
 * Names: a point is named by the groups it sits in, each repeating group with its 1-based instance number in
 * brackets, then the point: "A" (top level), "module[2].DCA" (model 160, second module),
 * "Crv[1].MustTrip.Pt[3].V" (model 707). A group that does not repeat (no count, or count 1) has no number.
 *
 * Scale factors: a point's "sf" naming a point is resolved in the point's own group instance first, then the
 * enclosing instances, then the model's top level, so each module reads its own scale factor if it has one.
 */

export interface LayoutPoint {
  name: string;
  type: string;
  size?: number;
  sf?: string | number;
}

export interface LayoutGroup<P extends LayoutPoint = LayoutPoint> {
  name: string;
  count?: number | string | unknown;
  points?: P[];
  groups?: LayoutGroup<P>[];
}

export interface PlacedPoint<P extends LayoutPoint = LayoutPoint> {
  point: P;
  /** Registers from the model's ID register. */
  offset: number;
  /** Registers the point takes (its size; 1 when the definition has none). */
  size: number;
  /** The point's name in the model: repeating groups with their 1-based instance, "module[2].DCA". */
  name: string;
  /** How deep the point sits: 0 for the model's own points. */
  depth: number;
  /** The 1-based instance numbers of the repeating groups around the point, outermost first ([] at the top). */
  instances: number[];
  /** Offset of the scale-factor point its "sf" names, when that is a point of the model. */
  sfOffset?: number;
}

/** What the device says about the model, when there is a device. */
export interface LayoutSource {
  /** The device's L: registers after ID and L. Without it a count-0 group gets `fill` instances (or one). */
  length?: number;
  /**
   * The device's value of a count point, or undefined when it could not be read (the group is left out). Without
   * this function there is no device: a group counted by a point is laid out once, and a note says so.
   */
  count?: (p: { name: string; offset: number }) => number | undefined;
  /** Instances of a count-0 group when there is no length (a simulator choosing how many modules it has). */
  fill?: number;
}

export interface ModelLayout<P extends LayoutPoint = LayoutPoint> {
  points: PlacedPoint<P>[];
  /** The model's L as laid out: registers after ID and L. */
  length: number;
  /** What the layout had to assume or leave out, in words for the user. */
  notes: string[];
}

interface Scope {
  points: Map<string, number>;
  parent: Scope | null;
}

/** A SunSpec "not implemented" count (uint16 0xFFFF). */
const NOT_IMPLEMENTED = 0xffff;
/** No model reaches past the 16-bit address space. */
const MAX_REGISTERS = 65536;

const sizeOf = (p: LayoutPoint): number => (typeof p.size === 'number' && Number.isInteger(p.size) && p.size > 0 ? p.size : 1);

const list = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);

function lookup(scope: Scope | null, name: string): number | undefined {
  for (let s = scope; s; s = s.parent) {
    const at = s.points.get(name);
    if (at !== undefined) return at;
  }
  return undefined;
}

/** Registers one instance of a group takes, when that does not depend on the device (no counted or filling groups). */
export function fixedSize(group: LayoutGroup): number | undefined {
  let n = 0;
  for (const p of list(group.points)) n += sizeOf(p);
  for (const g of list(group.groups)) {
    const inner = fixedSize(g);
    const count = g.count === undefined ? 1 : g.count;
    if (inner === undefined || typeof count !== 'number' || count < 1) return undefined;
    n += count * inner;
  }
  return n;
}

/** Whether laying the model out needs values from the device (a group counted by a point). */
export function needsCounts(group: LayoutGroup): boolean {
  return list(group.groups).some((g) => typeof g.count === 'string' || needsCounts(g));
}

export function layoutModel<P extends LayoutPoint>(model: { id: number; group: LayoutGroup<P> }, src: LayoutSource = {}): ModelLayout<P> {
  const points: PlacedPoint<P>[] = [];
  const scopeOf = new Map<PlacedPoint<P>, Scope>();
  const notes: string[] = [];
  const end = src.length !== undefined ? src.length + 2 : undefined;
  let offset = 0;
  let full = false;

  const instancesOf = (g: LayoutGroup<P>, scope: Scope, where: string): number => {
    const c = g.count;
    if (c === undefined) return 1;
    if (typeof c === 'number' && Number.isInteger(c) && c > 0) return c;
    if (c === 0) {
      const size = fixedSize(g);
      if (!size) {
        notes.push(`group ${where} fills the model but its instances have no fixed size: left out`);
        return 0;
      }
      if (end !== undefined) return Math.max(0, Math.floor((end - offset) / size));
      if (src.fill !== undefined) return src.fill;
      notes.push(`group ${where} repeats to fill the model's length, which only the device knows: one instance is laid out`);
      return 1;
    }
    if (typeof c === 'string') {
      const at = lookup(scope, c);
      if (at === undefined) {
        notes.push(`group ${where} repeats as often as point ${c} says, but the model has no such point before it: left out`);
        return 0;
      }
      if (!src.count) {
        notes.push(`group ${where} repeats as often as point ${c} says, which only the device knows: one instance is laid out`);
        return 1;
      }
      const v = src.count({ name: c, offset: at });
      if (v === undefined) {
        notes.push(`${c} (the number of ${where} instances) could not be read: the group is left out`);
        return 0;
      }
      if (v === NOT_IMPLEMENTED) {
        notes.push(`${c} (the number of ${where} instances) is not implemented (0xFFFF): the group is left out`);
        return 0;
      }
      return v;
    }
    notes.push(`group ${where} has count ${JSON.stringify(c)}, which is neither a number nor a point name: laid out once`);
    return 1;
  };

  const place = (group: LayoutGroup<P>, prefix: string, parent: Scope | null, depth: number, instances: number[]): void => {
    const scope: Scope = { points: new Map(), parent };
    for (const point of list(group.points)) {
      const size = sizeOf(point);
      if (offset + size > MAX_REGISTERS || (end !== undefined && offset + size > end)) {
        full = true;
        return;
      }
      const placed: PlacedPoint<P> = { point, offset, size, name: `${prefix}${point.name}`, depth, instances };
      if (!scope.points.has(point.name)) scope.points.set(point.name, offset);
      scopeOf.set(placed, scope);
      points.push(placed);
      offset += size;
    }
    for (const g of list(group.groups)) {
      const repeats = g.count !== undefined && g.count !== 1;
      const n = instancesOf(g, scope, `${prefix}${g.name}`);
      for (let i = 1; i <= n && !full; i++) place(g, `${prefix}${g.name}${repeats ? `[${i}]` : ''}.`, scope, depth + 1, repeats ? [...instances, i] : instances);
      if (full) return;
    }
  };
  place(model.group, '', null, 0, []);

  // Scale factors, now that every instance is placed: own instance first, then outward.
  for (const p of points) {
    if (typeof p.point.sf !== 'string') continue;
    const at = lookup(scopeOf.get(p)!, p.point.sf);
    if (at !== undefined) p.sfOffset = at;
  }

  if (full && end !== undefined) notes.push(`the device's L (${src.length}) ends inside the model's points: the points past it are left out`);
  else if (full) notes.push(`the model's points run past the last register: the points past it are left out`);
  else if (end !== undefined && offset < end) notes.push(`the device's L (${src.length}) is ${end - offset} register${end - offset === 1 ? '' : 's'} longer than the model's points: those registers are not mapped`);
  return { points, length: offset - 2, notes };
}
