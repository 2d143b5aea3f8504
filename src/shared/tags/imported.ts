import { normalizeOrder } from '../codec/types';
import { Tag, type ModbusTag, type TagInput } from '../project/schema';
import type { ImportedTag, ImportProblem } from '../import/types';

/**
 * Between the importer's tags and the project's: an imported tag becomes a project Tag with a Modbus source once the
 * codec accepts its spec (a rejection names the row and the field), and a project Tag goes back out through the
 * exporters.
 */
export function toProjectTag(t: ImportedTag): { ok: true; tag: ModbusTag } | { ok: false; problem: ImportProblem } {
  const raw: TagInput = {
    name: t.name,
    path: t.path,
    source: {
      kind: 'modbus',
      table: t.table,
      address: t.address,
      type: t.type as never,
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
    },
    units: t.units.slice(0, 32),
    access: t.access,
    scanClassMs: t.scanClassMs ?? 1000,
    description: t.description.slice(0, 500),
  };
  const source = raw.source as Record<string, unknown>;
  for (const k of Object.keys(source)) if (source[k] === undefined) delete source[k];
  const parsed = Tag.safeParse(raw);
  if (parsed.success) return { ok: true, tag: parsed.data as ModbusTag };
  const issue = parsed.error.issues[0]!;
  // A codec field sits under source in the project, but the file has it as a column of its own.
  const field = String((issue.path[0] === 'source' ? issue.path[1] : issue.path[0]) ?? '');
  return {
    ok: false,
    problem: {
      file: t.source.file,
      row: t.source.row,
      column: field,
      severity: 'error',
      code: field === 'type' ? 'unknown-type' : 'bad-value',
      message: `${t.name}: ${field || 'tag'}: ${issue.message}`,
    },
  };
}

export function toImportedTag(tag: ModbusTag, file = 'project', row = 0): ImportedTag {
  const s = tag.source;
  const t: ImportedTag = {
    name: tag.name,
    path: tag.path || tag.name,
    table: s.table,
    address: s.address,
    type: s.type,
    order: normalizeOrder(s.order),
    scale: s.scale,
    offset: s.offset,
    units: tag.units,
    access: tag.access,
    description: tag.description,
    scanClassMs: tag.scanClassMs,
    sentinel: s.sentinel,
    source: { file, row },
  };
  if (s.bit !== undefined) t.bit = s.bit;
  if (s.length !== undefined) t.length = s.length;
  if (s.sfAddress !== undefined) t.sfAddress = s.sfAddress;
  if (s.clamp) t.clamp = s.clamp;
  if (s.labels) t.labels = s.labels;
  if (s.flags) t.flags = s.flags;
  return t;
}
