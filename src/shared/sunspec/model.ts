import { z } from 'zod';
import type { TagType } from '../codec/types';
import type { Tag } from '../project/schema';

/** A SunSpec information model definition, as the SunSpec Alliance publishes it in JSON. */
const SunSpecPoint = z.object({
  name: z.string(),
  type: z.string(),
  size: z.number().int().min(1),
  sf: z.union([z.string(), z.number()]).optional(),
  units: z.string().optional(),
  label: z.string().optional(),
  desc: z.string().optional(),
  access: z.enum(['R', 'RW']).optional(),
  mandatory: z.string().optional(),
  static: z.string().optional(),
  value: z.unknown().optional(),
  symbols: z.array(z.object({ name: z.string(), value: z.number().int() })).optional(),
});
export type SunSpecPoint = z.infer<typeof SunSpecPoint>;

type Group = { name: string; label?: string; desc?: string; points: SunSpecPoint[]; groups?: Group[]; count?: unknown };
const SunSpecGroup: z.ZodType<Group> = z.lazy(() =>
  z.object({ name: z.string(), label: z.string().optional(), desc: z.string().optional(), points: z.array(SunSpecPoint), groups: z.array(SunSpecGroup).optional(), count: z.unknown().optional() }),
);

export const SunSpecModel = z.object({ id: z.number().int(), group: SunSpecGroup });
export type SunSpecModel = z.infer<typeof SunSpecModel>;

export interface LaidOutPoint {
  point: SunSpecPoint;
  /** Offset from the model's first register (its ID). */
  offset: number;
}

/** The fixed points of a model in register order (repeating groups are not laid out; these models have none). */
export function layoutModel(model: SunSpecModel): { points: LaidOutPoint[]; length: number } {
  let offset = 0;
  const points: LaidOutPoint[] = [];
  for (const point of model.group.points) {
    points.push({ point, offset });
    offset += point.size;
  }
  // L counts the registers after ID and L.
  return { points, length: offset - 2 };
}

const TYPE_MAP: Record<string, { type: TagType; sentinel: Tag['sentinel'] } | undefined> = {
  uint16: { type: 'uint16', sentinel: 'sunspec' },
  int16: { type: 'int16', sentinel: 'sunspec' },
  uint32: { type: 'uint32', sentinel: 'sunspec' },
  int32: { type: 'int32', sentinel: 'sunspec' },
  uint64: { type: 'uint64', sentinel: 'sunspec' },
  int64: { type: 'int64', sentinel: 'sunspec' },
  acc16: { type: 'uint16', sentinel: 'sunspec-acc' },
  acc32: { type: 'uint32', sentinel: 'sunspec-acc' },
  acc64: { type: 'uint64', sentinel: 'sunspec-acc' },
  count: { type: 'uint16', sentinel: 'sunspec' },
  sunssf: { type: 'int16', sentinel: 'sunspec' },
  enum16: { type: 'enum16', sentinel: 'sunspec' },
  enum32: { type: 'enum32', sentinel: 'sunspec' },
  bitfield16: { type: 'bitfield16', sentinel: 'sunspec' },
  bitfield32: { type: 'bitfield32', sentinel: 'sunspec' },
  float32: { type: 'float32', sentinel: 'sunspec' },
  string: { type: 'string', sentinel: 'sunspec' },
};

export interface ModelTagsResult {
  tags: Tag[];
  /** Points left out, with why ("pad", "type ipv6addr not supported"). */
  skipped: { name: string; reason: string }[];
}

/** Tags for one model found at `address` (0-based wire address of its ID register). */
export function modelTags(model: SunSpecModel, address: number, prefix = model.group.name): ModelTagsResult {
  const { points } = layoutModel(model);
  const byName = new Map(points.map((p) => [p.point.name, p]));
  const tags: Tag[] = [];
  const skipped: ModelTagsResult['skipped'] = [];
  for (const { point, offset } of points) {
    if (point.name === 'ID' || point.name === 'L') continue;
    const mapped = TYPE_MAP[point.type];
    if (point.type === 'pad' || !mapped) {
      skipped.push({ name: point.name, reason: point.type === 'pad' ? 'padding' : `type ${point.type} not supported` });
      continue;
    }
    const tag: Tag = {
      name: `${prefix}.${point.name}`,
      path: '',
      table: 'holding',
      address: address + offset,
      type: mapped.type,
      order: 'ABCD',
      scale: 1,
      offset: 0,
      sentinel: mapped.sentinel,
      units: point.units ?? '',
      access: point.access === 'RW' ? 'read-write' : 'read',
      deadband: 0,
      scanClassMs: point.static === 'S' ? 60_000 : 1000,
      description: (point.label ?? point.desc ?? '').slice(0, 500),
    };
    if (mapped.type === 'string') tag.length = point.size;
    if (typeof point.sf === 'string') {
      const sf = byName.get(point.sf);
      if (sf) tag.sfAddress = address + sf.offset;
      else skipped.push({ name: point.name, reason: `scale factor ${point.sf} is not in this model; unscaled` });
    } else if (typeof point.sf === 'number' && point.sf !== 0) {
      tag.scale = 10 ** point.sf;
    }
    if (point.symbols?.length) {
      if (mapped.type === 'enum16' || mapped.type === 'enum32') tag.labels = Object.fromEntries(point.symbols.map((s) => [String(s.value), s.name]));
      if (mapped.type === 'bitfield16' || mapped.type === 'bitfield32') tag.flags = Object.fromEntries(point.symbols.filter((s) => s.value >= 0 && s.value <= (mapped.type === 'bitfield16' ? 15 : 31)).map((s) => [String(s.value), s.name]));
    }
    tags.push(tag);
  }
  return { tags, skipped };
}

export const SUNS_MARKER = [0x5375, 0x6e53] as const;
/** Base addresses (0-based) where a SunSpec device may put its marker, most common first. */
export const SUNSPEC_BASES = [40000, 0, 50000] as const;
export const END_MODEL_ID = 0xffff;
