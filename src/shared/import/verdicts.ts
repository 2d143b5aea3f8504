import type { ImportProblem, ImportResult } from './types';

/**
 * One verdict per row of an imported file, the same in the preview, the problem list and the summary: a row became
 * a tag, became a tag with a warning, or was refused (by the importer, or by the project when the tag is added), each
 * with its reason. An error always refuses its row; a row that is kept has at most warnings.
 */
export type Verdict = 'imported' | 'warning' | 'refused';

export interface RowVerdict {
  row: number;
  verdict: Verdict;
  /** The first problem of the row (its first error when refused). */
  reason?: string;
}

export interface VerdictSummary {
  rows: number;
  imported: number;
  warning: number;
  refused: number;
  /** When nothing could be read (an unreadable file, a missing column): the reason, instead of counts. */
  fileRefusal?: string;
}

const first = (problems: readonly ImportProblem[]) => (problems.find((p) => p.severity === 'error') ?? problems[0])?.message;

/** The error that stopped the whole file, if no row was read: the file is unreadable or lacks a required column. */
export function fileRefusal(result: ImportResult): string | undefined {
  if (result.tags.length > 0 || result.rejected.length > 0) return undefined;
  return result.problems.find((p) => p.severity === 'error' && (p.code === 'unreadable' || p.code === 'missing-column'))?.message;
}

/** `refusedByProject`: problems of tags the project would not take (names, types), from the page's conversion. */
export function rowVerdicts(result: ImportResult, refusedByProject: readonly ImportProblem[] = []): Map<number, RowVerdict> {
  const byRow = new Map<number, ImportProblem[]>();
  for (const p of [...result.problems, ...refusedByProject]) {
    if (p.row === undefined) continue;
    const list = byRow.get(p.row);
    if (list) list.push(p);
    else byRow.set(p.row, [p]);
  }
  const out = new Map<number, RowVerdict>();
  const projectRefused = new Set(refusedByProject.map((p) => p.row));
  for (const r of result.rejected) out.set(r.row, { row: r.row, verdict: 'refused', reason: first(r.problems) ?? 'refused' });
  for (const t of result.tags) {
    const row = t.source.row;
    if (out.has(row)) continue;
    const problems = byRow.get(row) ?? [];
    if (projectRefused.has(row)) out.set(row, { row, verdict: 'refused', reason: first(refusedByProject.filter((p) => p.row === row)) ?? 'refused' });
    else if (problems.length) out.set(row, { row, verdict: 'warning', reason: first(problems)! });
    else out.set(row, { row, verdict: 'imported' });
  }
  return out;
}

export function summarizeVerdicts(result: ImportResult, verdicts: ReadonlyMap<number, RowVerdict>): VerdictSummary {
  const s: VerdictSummary = { rows: verdicts.size, imported: 0, warning: 0, refused: 0 };
  for (const v of verdicts.values()) s[v.verdict]++;
  const refusal = fileRefusal(result);
  if (refusal) s.fileRefusal = refusal;
  return s;
}

/** "12 rows: 9 tags (2 with warnings), 3 refused", or "no tags: <why>" when the file could not be read at all. */
export function verdictLine(s: VerdictSummary): string {
  if (s.fileRefusal) return `no tags: ${s.fileRefusal}`;
  const plural = (n: number, w: string) => `${n.toLocaleString('en')} ${w}${n === 1 ? '' : 's'}`;
  const tags = s.imported + s.warning;
  return `${plural(s.rows, 'row')}: ${plural(tags, 'tag')}${s.warning ? ` (${s.warning.toLocaleString('en')} with warnings)` : ''}, ${s.refused.toLocaleString('en')} refused`;
}
