import { z } from 'zod';
import { DEFAULT_DEVICE_PATH } from '../import/types';
import { ProblemList } from '../import/problems';
import { collect, finishMap } from '../import/result';
import { sunspecRows } from '../import/sunspec';
import { KNOWN_TAG_TYPES } from '../import/type-names';
import type { ModbusTag } from '../project/schema';
import { toProjectTag } from '../tags/imported';
import { layoutModel, type LayoutSource, type ModelLayout } from './layout';

export { END_MODEL_ID, SUNS_MARKER, SUNSPEC_BASES } from './marker';

/** A SunSpec information model definition, as the SunSpec Alliance publishes it in JSON (resources/sunspec). */
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

export type SunSpecGroup = { name: string; label?: string; desc?: string; points: SunSpecPoint[]; groups?: SunSpecGroup[]; count?: number | string };
const SunSpecGroup: z.ZodType<SunSpecGroup> = z.lazy(() =>
  z.object({
    name: z.string(),
    label: z.string().optional(),
    desc: z.string().optional(),
    points: z.array(SunSpecPoint).default([]),
    groups: z.array(SunSpecGroup).optional(),
    count: z.union([z.number().int().min(0), z.string()]).optional(),
  }),
);

export const SunSpecModel = z.object({ id: z.number().int(), group: SunSpecGroup });
export type SunSpecModel = z.infer<typeof SunSpecModel>;

export type SunSpecLayout = ModelLayout<SunSpecPoint>;

/** The model laid out on its own (no device), or against what a device says (its L and count points). */
export function layoutSunSpecModel(model: SunSpecModel, device?: LayoutSource): SunSpecLayout {
  return layoutModel(model, device);
}

export interface ModelTagsResult {
  tags: ModbusTag[];
  /** What the importer said about the model's points (unsupported types, missing scale factors, the layout's notes). */
  notes: string[];
}

/**
 * Tags for one model whose ID register is at wire address `address`, built by the register-map importer's SunSpec
 * path (the one a user's SunSpec JSON takes, through toProjectTag), named "<prefix>.<point>" ("mppt.module[2].DCA")
 * so models never collide. Without a layout the definition is laid out on its own (each repeating group once).
 */
export function modelTags(model: SunSpecModel, address: number, prefix = model.group.name, layout: SunSpecLayout = layoutSunSpecModel(model)): ModelTagsResult {
  const file = `model_${model.id}.json`;
  const problems = new ProblemList(file);
  const outcomes = sunspecRows(model, { file, problems, devicePath: DEFAULT_DEVICE_PATH, knownTypes: new Set(KNOWN_TAG_TYPES), modelAddress: address, layout });
  const result = finishMap(file, 'sunspec-json', DEFAULT_DEVICE_PATH, collect(outcomes, problems), problems);
  const isStatic = new Map(layout.points.map((p) => [p.name, p.point.static === 'S']));
  const tags: ModbusTag[] = [];
  const notes = result.problems.map((p) => p.message);
  for (const t of result.tags) {
    if (t.name === 'ID' || t.name === 'L') continue;
    const converted = toProjectTag({ ...t, name: `${prefix}.${t.name}`, path: '', scanClassMs: isStatic.get(t.name) ? 60_000 : 1000 });
    if (converted.ok) tags.push(converted.tag);
    else notes.push(converted.problem.message);
  }
  return { tags, notes };
}
