import { MAX_ADDRESS, TABLE_INFO, toConventional } from '../modbus/tables';
import type { ProblemList } from './problems';
import { typeWidth } from './type-names';
import type { ImportedTag, RejectedRow } from './types';

/** "40001" or "40001.3": how a tag's register reads to a person. */
export function registerLabel(t: Pick<ImportedTag, 'table' | 'address' | 'bit'>): string {
  return `${toConventional(t.table, t.address)}${t.bit !== undefined ? `.${t.bit}` : ''}`;
}

export function tagWidth(t: Pick<ImportedTag, 'table' | 'type' | 'length'>): number {
  return TABLE_INFO[t.table].bits ? 1 : typeWidth(t.type, t.length);
}

const summaryCells = (t: ImportedTag): Record<string, string> => ({ name: t.name, address: registerLabel(t), type: t.type });

/**
 * Checks that need the whole map: a value running past 65535, two tags with one path (the later one is refused),
 * and register ranges that overlap in one table (bits of one register do not overlap each other or their word): an
 * overlap is a warning and both tags are kept, as vendors map a value and its parts on purpose; an error always
 * means the row is left out.
 */
export function checkMap(tags: readonly ImportedTag[], problems: ProblemList): { tags: ImportedTag[]; rejected: RejectedRow[] } {
  const rejected: RejectedRow[] = [];
  const kept: ImportedTag[] = [];
  const byPath = new Map<string, ImportedTag>();
  const byLowerPath = new Map<string, ImportedTag>();
  for (const t of tags) {
    const end = t.address + tagWidth(t) - 1;
    if (end > MAX_ADDRESS) {
      const p = problems.error('address-out-of-range', `${t.name}: a ${t.type} at ${registerLabel(t)} needs ${tagWidth(t)} registers and runs past address 65535`, { row: t.source.row, column: 'address' });
      rejected.push({ row: t.source.row, cells: summaryCells(t), problems: [p] });
      continue;
    }
    // Every tag of a map sits under the same device, so the last level alone tells paths apart (and hashes faster).
    const key = t.path.slice(t.path.lastIndexOf('/') + 1);
    const first = byPath.get(key);
    if (first) {
      const p = problems.error('duplicate-name', `"${t.name}" is already the name of row ${first.source.row} (${registerLabel(first)}); this row is left out`, { row: t.source.row, column: 'name' }, `${t.name}_${registerLabel(t)}`);
      rejected.push({ row: t.source.row, cells: summaryCells(t), problems: [p] });
      continue;
    }
    const lower = key.toLowerCase();
    const similar = byLowerPath.get(lower);
    if (similar) problems.warning('duplicate-name', `"${t.name}" differs from "${similar.name}" (row ${similar.source.row}) only in upper/lower case; some clients will not tell them apart`, { row: t.source.row, column: 'name' });
    byPath.set(key, t);
    byLowerPath.set(lower, t);
    kept.push(t);
  }
  checkOverlaps(kept, problems);
  return { tags: kept, rejected };
}

function checkOverlaps(tags: readonly ImportedTag[], problems: ProblemList): void {
  const words: ImportedTag[] = [];
  const bitKeys = new Map<string, ImportedTag>();
  for (const t of tags) {
    if (t.bit === undefined) {
      words.push(t);
      continue;
    }
    const key = `${t.table}:${t.address}.${t.bit}`;
    const other = bitKeys.get(key);
    if (other) problems.warning('overlap', `${t.name} reads bit ${registerLabel(t)}, which ${other.name} (row ${other.source.row}) reads too; both are imported: check which is right`, { row: t.source.row, column: 'address' });
    else bitKeys.set(key, t);
  }
  words.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.address - b.address || a.source.row - b.source.row));
  let reach: ImportedTag | undefined;
  let reachEnd = -1;
  for (const t of words) {
    if (reach && reach.table !== t.table) {
      reach = undefined;
      reachEnd = -1;
    }
    const end = t.address + tagWidth(t) - 1;
    if (reach && t.address <= reachEnd) {
      const span = (x: ImportedTag, e: number) => (e > x.address ? `${registerLabel(x)}..${toConventional(x.table, e)}` : registerLabel(x));
      problems.warning(
        'overlap',
        `${t.name} (${t.type}, ${span(t, end)}) overlaps ${reach.name} (row ${reach.source.row}, ${reach.type}, ${span(reach, reachEnd)}); both are imported: check which is right`,
        { row: t.source.row, column: 'address' },
      );
    }
    if (end > reachEnd) {
      reach = t;
      reachEnd = end;
    }
  }
}
