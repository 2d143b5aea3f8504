import type { Tag } from '../../../../shared/project/schema';
import type { TagReading } from '../../../../shared/schemas/tags';
import { sourceTypeText } from '../../../../shared/tags/source-text';

/** What these rules read of a TagDef (the store's) and of its live row: kept to shared types, so they test in node. */
interface TagDef {
  key: string;
  tag: Tag;
}
type LiveTag = { reading: Pick<TagReading, 'value' | 'quality'> };

/** Whether a tag of the table can be written, and why not when it cannot: the same rule for every protocol. */
export type TagWritability = { writable: true } | { writable: false; why: string };

export function tagWritability(def: TagDef): TagWritability {
  const s = def.tag.source;
  if (s.kind === 'modbus' && (s.table === 'input' || s.table === 'discrete')) {
    return { writable: false, why: `${def.tag.name} is ${s.table === 'input' ? 'an input register' : 'a discrete input'}: Modbus has no write for it` };
  }
  if (def.tag.access !== 'read-write') return { writable: false, why: `${def.tag.name} is read-only in its map: “Allow writes” in the tag detail makes it read-write` };
  return { writable: true };
}

/** What the write dialog needs of a tag: its key, its name, its type as the source names it, and the live value. */
export function writeTarget(def: TagDef, row: LiveTag | undefined) {
  const s = def.tag.source;
  const type = sourceTypeText(s);
  const dataType = s.kind === 'modbus' && (s.scale !== 1 || s.offset !== 0) ? `${type}, scaled (the value is typed in ${def.tag.units || 'engineering units'})` : type;
  const value = row?.reading.quality.status === 'bad' ? null : (row?.reading.value ?? null);
  const live = Array.isArray(value) ? null : value;
  return { tagKey: def.key, label: def.tag.name, dataType, live };
}
