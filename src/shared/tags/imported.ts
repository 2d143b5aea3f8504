import { normalizeOrder } from '../codec/types';
import { Tag } from '../project/schema';
import type { ImportedTag, ImportProblem } from '../import/types';

/**
 * Between the importer's tags and the project's: an imported tag becomes a project Tag once the codec accepts its
 * spec (a rejection names the row and the field), and a project Tag goes back out through the exporters.
 */
export function toProjectTag(t: ImportedTag): { ok: true; tag: Tag } | { ok: false; problem: ImportProblem } {
  const raw = {
    name: t.name,
    path: t.path,
    table: t.table,
    address: t.address,
    type: t.type,
    order: t.order,
    bit: t.bit,
    length: t.length,
    scale: t.scale,
    offset: t.offset,
    sfAddress: t.sfAddress,
    clamp: t.clamp,
    labels: t.labels,
    flags: t.flags,
    sentinel: t.sentinel ?? 'none',
    units: t.units.slice(0, 32),
    access: t.access,
    scanClassMs: t.scanClassMs ?? 1000,
    description: t.description.slice(0, 500),
  };
  const parsed = Tag.safeParse(raw);
  if (parsed.success) return { ok: true, tag: parsed.data };
  const issue = parsed.error.issues[0]!;
  return {
    ok: false,
    problem: {
      file: t.source.file,
      row: t.source.row,
      column: String(issue.path[0] ?? ''),
      severity: 'error',
      code: issue.path[0] === 'type' ? 'unknown-type' : 'bad-value',
      message: `${t.name}: ${issue.path.join('.') || 'tag'}: ${issue.message}`,
    },
  };
}

export function toImportedTag(tag: Tag, file = 'project', row = 0): ImportedTag {
  const t: ImportedTag = {
    name: tag.name,
    path: tag.path || tag.name,
    table: tag.table,
    address: tag.address,
    type: tag.type,
    order: normalizeOrder(tag.order),
    scale: tag.scale,
    offset: tag.offset,
    units: tag.units,
    access: tag.access,
    description: tag.description,
    scanClassMs: tag.scanClassMs,
    sentinel: tag.sentinel,
    source: { file, row },
  };
  if (tag.bit !== undefined) t.bit = tag.bit;
  if (tag.length !== undefined) t.length = tag.length;
  if (tag.sfAddress !== undefined) t.sfAddress = tag.sfAddress;
  if (tag.clamp) t.clamp = tag.clamp;
  if (tag.labels) t.labels = tag.labels;
  if (tag.flags) t.flags = tag.flags;
  return t;
}
