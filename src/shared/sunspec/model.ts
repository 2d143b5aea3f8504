import { z } from 'zod';
import { importMap } from '../import/import';
import type { ModbusTag } from '../project/schema';
import { toProjectTag } from '../tags/imported';

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

export interface ModelTagsResult {
  tags: ModbusTag[];
  /** What the importer said about the model's points (unsupported types, missing scale factors). */
  notes: string[];
}

/**
 * Tags for one model whose ID register is at wire address `address`, built by the register-map importer from the
 * model definition (the same path a user's SunSpec JSON takes), named "<model>.<point>" so models never collide.
 */
export function modelTags(model: SunSpecModel, address: number, prefix = model.group.name): ModelTagsResult {
  const result = importMap(JSON.stringify(model), `model_${model.id}.json`, { sunspecModelAddress: address });
  const tags: ModbusTag[] = [];
  const notes = result.problems.map((p) => p.message);
  for (const t of result.tags) {
    if (t.name === 'ID' || t.name === 'L') continue;
    const converted = toProjectTag({ ...t, name: `${prefix}.${t.name}`, path: '' });
    if (converted.ok) tags.push({ ...converted.tag, scanClassMs: model.group.points.find((p) => p.name === t.name)?.static === 'S' ? 60_000 : 1000 });
    else notes.push(converted.problem.message);
  }
  return { tags, notes };
}

export const SUNS_MARKER = [0x5375, 0x6e53] as const;
/** Base addresses (0-based) where a SunSpec device may put its marker, most common first. */
export const SUNSPEC_BASES = [40000, 0, 50000] as const;
export const END_MODEL_ID = 0xffff;
