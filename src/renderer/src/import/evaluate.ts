import { rowVerdicts, summarizeVerdicts, type RowVerdict, type VerdictSummary } from '../../../shared/import/verdicts';
import { importMap, importTable, openSource, previewTable, refusedImport, UnreadableFileError } from '../../../shared/import';
import type { ColumnGuess, ColumnMapping, ImportOptions, ImportProblem, ImportResult, Source } from '../../../shared/import';
import type { Tag } from '../../../shared/project/schema';
import { toProjectTag } from '../../../shared/tags/imported';

/** One evaluation of an import draft: the file (bytes, or the source parsed for it last time) and the operator's choices. */
export interface EvalRequest {
  /** Draft identity: the parsed source is kept per draft, so a changed mapping does not parse the file again. */
  draftId: number;
  /** Sent with the first request of a draft and whenever the sheet changes (the source is parsed again). */
  bytes?: Uint8Array;
  fileName: string;
  options: Omit<ImportOptions, 'onProgress'>;
  /** Columns set by hand (absent: the guess). */
  user?: ColumnMapping;
  scanClassMs: number;
}

/** What the page needs of the parsed source (never its rows: a workbook of 100,000 rows stays where it was parsed). */
export type SourceInfo = { kind: 'table'; format: string; decimal: string; sheet?: string; sheetNames: string[] } | { kind: 'json'; format: string };

export interface EvalResponse {
  draftId: number;
  source: SourceInfo | null;
  guess: ColumnGuess | null;
  /** The importer's result with only its first PREVIEW_TAGS tags (the preview's); all of them are in `tags`. */
  result: ImportResult | null;
  tags: Tag[];
  refused: ImportProblem[];
  /** Rows by verdict over the whole file (counted before `result` is cut to the preview's tags). */
  verdicts: VerdictSummary | null;
  /** Every row whose verdict is not 'imported' (a warning or a refusal: the rows the problem list names), whole file. */
  flaggedRows: RowVerdict[];
  /** A file that cannot be read at all, or options the importer refused: one clear message. */
  fatal: string | null;
}

export type EvalPhase = 'reading' | 'rows' | 'tags';
export interface EvalProgress {
  draftId: number;
  phase: EvalPhase;
  done: number;
  total: number | undefined;
}

/** The parsed source of each draft; kept until the draft is closed or another file replaces it. */
export type SourceCache = Map<number, Source>;

const TAG_PROGRESS_EVERY = 2000;
/** Imported tags sent back for the preview: the first rows' (the preview shows ten). */
export const PREVIEW_TAGS = 200;

function info(source: Source): SourceInfo {
  if (source.kind === 'json') return { kind: 'json', format: source.format };
  const t = source.table;
  return { kind: 'table', format: t.format, decimal: t.decimal, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}), sheetNames: t.sheetNames ?? [] };
}

/** Project tags from the importer's: the codec's rejections and names the map already has become problems. */
function convert(result: ImportResult, scanClassMs: number, progress: (done: number, total: number) => void): { tags: Tag[]; refused: ImportProblem[] } {
  const tags: Tag[] = [];
  const refused: ImportProblem[] = [];
  const names = new Map<string, number>();
  const total = result.tags.length;
  let i = 0;
  for (const t of result.tags) {
    if (++i % TAG_PROGRESS_EVERY === 0) progress(i, total);
    const c = toProjectTag(t.scanClassMs === undefined ? { ...t, scanClassMs } : t);
    if (!c.ok) {
      refused.push(c.problem);
      continue;
    }
    const first = names.get(c.tag.name);
    if (first !== undefined) {
      refused.push({ file: t.source.file, row: t.source.row, column: 'name', severity: 'error', code: 'duplicate-name', message: `"${c.tag.name}" is already the name of row ${first}; a map holds each name once` });
      continue;
    }
    names.set(c.tag.name, t.source.row);
    tags.push(c.tag);
  }
  return { tags, refused };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Read the draft with its current sheet, mapping and options. Pure apart from the cache; runs in a worker or the page. */
export function evaluateImport(req: EvalRequest, cache: SourceCache, onProgress?: (p: EvalProgress) => void): EvalResponse {
  const out: EvalResponse = { draftId: req.draftId, source: null, guess: null, result: null, tags: [], refused: [], verdicts: null, flaggedRows: [], fatal: null };
  const report = (phase: EvalPhase, done: number, total: number | undefined) => onProgress?.({ draftId: req.draftId, phase, done, total });
  const options: ImportOptions = { ...req.options, onProgress: (done, total) => report('rows', done, total) };
  try {
    let source = req.bytes ? undefined : cache.get(req.draftId);
    if (!source) {
      if (!req.bytes) throw new Error('the file of this import is no longer at hand: choose it again');
      report('reading', 0, req.bytes.length);
      source = openSource(req.bytes, req.fileName, options);
      cache.set(req.draftId, source);
    }
    out.source = info(source);
    if (source.kind === 'table') {
      out.guess = previewTable(source.table, req.user);
      out.result = importTable(source.table, req.fileName, options, req.user);
    } else {
      out.result = importMap(req.bytes ?? JSON.stringify(source.doc), req.fileName, options);
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) {
      cache.delete(req.draftId);
      out.source = null;
      out.result = refusedImport(req.fileName, err.message);
    }
    out.fatal = message(err);
    if (!out.result) return out;
  }
  const c = convert(out.result!, req.scanClassMs, (done, total) => report('tags', done, total));
  out.tags = c.tags;
  out.refused = c.refused;
  const verdicts = rowVerdicts(out.result!, c.refused);
  out.verdicts = summarizeVerdicts(out.result!, verdicts);
  out.flaggedRows = [...verdicts.values()].filter((v) => v.verdict !== 'imported');
  out.result = { ...out.result!, tags: out.result!.tags.slice(0, PREVIEW_TAGS) };
  return out;
}
