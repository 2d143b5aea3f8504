import type { CheckoutMark } from '../../../shared/project/schema';
import { sourceAddressText } from '../../../shared/tags/source-text';
import type { TagDef } from '../store/tagMaps';
import type { ShowFilter, TagSort } from '../store/tagTable';
import type { LiveTag } from '../store/tagValues';
import { numericValue } from './tagValue';

const QUALITY_RANK: Record<string, number> = { bad: 0, uncertain: 1, good: 2 };
const CHECK_RANK: Record<string, number> = { failed: 0, note: 1, none: 2, verified: 3 };

/** Where the value is, as a person reads it: 40001, 30012, 40001.3, ns=2;s=Temp, Motor[2].Speed. */
export function registerText(def: TagDef): string {
  return sourceAddressText(def.tag.source);
}

const TABLE_RANK = { coil: 0, discrete: 1, input: 3, holding: 4 } as const;

function matches(def: TagDef, needle: string): boolean {
  const t = def.tag;
  return (
    t.name.toLowerCase().includes(needle) ||
    t.path.toLowerCase().includes(needle) ||
    t.units.toLowerCase().includes(needle) ||
    t.description.toLowerCase().includes(needle) ||
    registerText(def).includes(needle) ||
    def.mapName.toLowerCase().includes(needle)
  );
}

/**
 * The rows of the live tags table: filtered by text (name, path, register, units, description, map) and by what
 * still needs attention, then sorted. Map order (as imported) is the default and breaks every tie.
 */
export function orderTags(
  defs: readonly TagDef[],
  rows: ReadonlyMap<string, LiveTag>,
  marks: Readonly<Record<string, CheckoutMark>>,
  filter: string,
  show: ShowFilter,
  sort: TagSort,
): TagDef[] {
  const needle = filter.trim().toLowerCase();
  let list = needle ? defs.filter((d) => matches(d, needle)) : defs.slice();
  if (show === 'not-good') list = list.filter((d) => rows.get(d.key)?.reading.quality.status !== 'good');
  else if (show === 'unchecked') list = list.filter((d) => (marks[d.key]?.status ?? 'none') === 'none');
  else if (show === 'failed') list = list.filter((d) => marks[d.key]?.status === 'failed');
  if (sort.column === 'map') return sort.descending ? list.reverse() : list;
  const pos = new Map(defs.map((d, i) => [d.key, i]));
  const key = sortKey(sort.column, rows, marks);
  const dir = sort.descending ? -1 : 1;
  const keyed = list.map((d) => ({ d, k: key(d), i: pos.get(d.key) ?? 0 }));
  keyed.sort((a, b) => {
    // Rows without a value go last whichever way the column is sorted.
    if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
    const c = typeof a.k === 'string' ? a.k.localeCompare(b.k as string, undefined, { numeric: true }) : a.k - (b.k as number);
    return c !== 0 ? c * dir : a.i - b.i;
  });
  return keyed.map((x) => x.d);
}

function sortKey(column: TagSort['column'], rows: ReadonlyMap<string, LiveTag>, marks: Readonly<Record<string, CheckoutMark>>): (d: TagDef) => string | number | null {
  switch (column) {
    case 'name':
      return (d) => d.tag.name;
    case 'register':
      return (d) => {
        const s = d.tag.source;
        return s.kind === 'modbus' ? TABLE_RANK[s.table] * 100_000 + s.address + (s.bit ?? 0) / 100 : registerText(d);
      };
    case 'value':
      return (d) => {
        const r = rows.get(d.key)?.reading;
        if (!r || r.value === null) return null;
        return numericValue(r.value) ?? r.label ?? String(r.value);
      };
    case 'quality':
      return (d) => {
        const q = rows.get(d.key)?.reading.quality.status;
        return q === undefined ? null : QUALITY_RANK[q]!;
      };
    case 'age':
      // Oldest first when ascending: what has not been heard from longest is what to look at.
      return (d) => rows.get(d.key)?.reading.receivedAt ?? null;
    case 'check':
      return (d) => CHECK_RANK[marks[d.key]?.status ?? 'none']!;
    default:
      return () => null;
  }
}
