import { checkMap } from './checks';
import { checkOffByOne } from './off-by-one';
import { summarize, type ProblemList } from './problems';
import type { RowOutcome } from './rows';
import type { ImportResult, ImportedTag, MapFormat, RejectedRow } from './types';

/** Rows read so far: the tags, the rows refused, and how their addresses were written. */
export interface Collected {
  tags: ImportedTag[];
  rejected: RejectedRow[];
  rows: number;
  notation: Map<string, number>;
}

/** How often (in rows) a long import reports progress. */
const PROGRESS_EVERY = 2000;

export function collect(outcomes: Iterable<RowOutcome>, problems: ProblemList, onRows?: (seen: number) => void): Collected {
  const c: Collected = { tags: [], rejected: [], rows: 0, notation: new Map() };
  let seen = 0;
  for (const o of outcomes) {
    if (onRows && ++seen % PROGRESS_EVERY === 0) onRows(seen);
    if (o.kind === 'blank') continue;
    c.rows++;
    if (o.kind === 'tag') {
      c.tags.push(o.tag);
      problems.items.push(...o.problems);
      if (o.notation) c.notation.set(o.notation, (c.notation.get(o.notation) ?? 0) + 1);
    } else {
      c.rejected.push(o.rejected);
      problems.items.push(...o.rejected.problems);
    }
  }
  return c;
}

/** `deviceSunSpecBase`: where the target device has its "SunS" marker, when discovery found it (see checkOffByOne). */
export function finishMap(file: string, format: MapFormat, devicePath: string, c: Collected, problems: ProblemList, deviceSunSpecBase?: number): ImportResult {
  if (c.rows === 0) problems.warning('missing-value', 'the map has no rows: nothing to import');
  const checked = checkMap(c.tags, problems);
  let dominant: 'offset' | 'conventional' | 'other' = format === 'kepware-csv' ? 'conventional' : 'other';
  let most = 0;
  for (const [n, count] of c.notation) {
    if (count > most) [most, dominant] = [count, n === 'conventional' ? 'conventional' : n === 'offset' ? 'offset' : 'other'];
  }
  checkOffByOne(checked.tags, problems, dominant, deviceSunSpecBase);
  return finish(file, format, devicePath, checked.tags, [...c.rejected, ...checked.rejected], c.rows, problems);
}

export function finish(file: string, format: MapFormat, devicePath: string, tags: ImportedTag[], rejected: RejectedRow[], rows: number, problems: ProblemList): ImportResult {
  const sorted = problems.items.map((p, i) => ({ p, i })).sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i).map((x) => x.p);
  rejected.sort((a, b) => a.row - b.row);
  return { file, format, devicePath, tags, rejected, problems: sorted, summary: summarize(rows, tags.length, rejected.length, sorted) };
}

