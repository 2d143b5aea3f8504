import type { RawRow } from './csv';
import { formatSize, UnreadableFileError } from './problems';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_MAX_ROW_BYTES, DEFAULT_MAX_SHARED_STRINGS_BYTES, DEFAULT_MAX_SHEET_BYTES, DEFAULT_MAX_XLSX_BYTES } from './types';
import { attr, elements } from './xml';
import { streamSharedStrings, streamSheetRows, type PartLimits } from './xlsx-parts';
import { entryChunks, entryText, zipEntryNames, type InflateBudget } from './zip-stream';

export interface XlsxOptions {
  sheet?: string;
  maxXlsxBytes?: number;
  maxSheetBytes?: number;
  /** What the parts read from one workbook may inflate to together. */
  maxInflatedBytes?: number;
  /** One row of a sheet, or one shared string, as XML. */
  maxRowBytes?: number;
  /** The shared strings table, held while the sheet is read. */
  maxSharedStringsBytes?: number;
}

export interface XlsxSheet {
  name: string;
  sheetNames: string[];
  rows: Iterable<RawRow>;
  /** Why this sheet, when the workbook has others the reader could have taken (for the operator's notes). */
  note?: string;
}

/** Rows of a sheet looked at to tell whether it holds a register table. */
const PEEK_ROWS = 60;

/**
 * One sheet of an .xlsx workbook, streamed: the one named (case-insensitive); else, of the visible sheets, the one
 * `tableScore` rates highest on its first rows (the one that holds a register table, not a cover sheet), the first
 * visible sheet on a tie or without a scorer.
 */
export function readXlsx(bytes: Uint8Array, options: XlsxOptions = {}, tableScore?: (head: RawRow[]) => number): XlsxSheet {
  const maxXlsx = options.maxXlsxBytes ?? DEFAULT_MAX_XLSX_BYTES;
  if (bytes.length > maxXlsx) throw new UnreadableFileError(`the workbook is ${formatSize(bytes.length)}, above the ${formatSize(maxXlsx)} limit for XLSX (maxXlsxBytes); save the sheet as CSV, which is read up to maxBytes`);
  const part = options.maxSheetBytes ?? DEFAULT_MAX_SHEET_BYTES;
  const total = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const limits: PartLimits = { maxElementBytes: options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES, maxSharedStringsBytes: options.maxSharedStringsBytes ?? DEFAULT_MAX_SHARED_STRINGS_BYTES };
  const meta: InflateBudget = { part, total, used: 0 };
  const names = zipEntryNames(bytes);
  if (!names.has('xl/workbook.xml')) {
    if (names.has('mimetype') && entryText(bytes, 'mimetype', meta).includes('opendocument')) throw new UnreadableFileError('this is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV');
    throw new UnreadableFileError('this is a zip archive but not an Excel workbook (.xlsx): it has no xl/workbook.xml');
  }
  const sheets = elements(entryText(bytes, 'xl/workbook.xml', meta), 'sheet').map((a) => ({ name: a.get('name') ?? '', rid: attr(a, 'id') ?? '', hidden: (a.get('state') ?? 'visible') !== 'visible' }));
  if (sheets.length === 0) throw new UnreadableFileError('the workbook has no sheets');
  const sheetNames = sheets.map((s) => s.name);
  const rels = names.has('xl/_rels/workbook.xml.rels') ? elements(entryText(bytes, 'xl/_rels/workbook.xml.rels', meta), 'Relationship') : [];
  const pathOf = (sheet: { name: string; rid: string }) => {
    const target = rels.find((a) => a.get('Id') === sheet.rid)?.get('Target');
    if (!target) throw new UnreadableFileError(`the workbook does not say where sheet "${sheet.name}" is stored`);
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    if (!names.has(path)) throw new UnreadableFileError(`the workbook lists sheet "${sheet.name}" at ${path}, but the file is missing`);
    return path;
  };
  const stringsBudget: InflateBudget = { part, total, used: meta.used };
  const shared = names.has('xl/sharedStrings.xml') ? streamSharedStrings(entryChunks(bytes, 'xl/sharedStrings.xml', stringsBudget), limits) : [];
  // Each pass over a sheet may inflate what is left of the workbook's budget after its own XML and the strings.
  const rowsOf = (sheet: { name: string; rid: string }): Iterable<RawRow> => {
    const path = pathOf(sheet);
    return { [Symbol.iterator]: () => streamSheetRows(entryChunks(bytes, path, { part, total, used: stringsBudget.used }), shared, sheet.name, limits) };
  };
  if (options.sheet !== undefined) {
    const named = sheets.find((s) => s.name.toLowerCase() === options.sheet!.toLowerCase());
    if (!named) throw new UnreadableFileError(`the workbook has no sheet "${options.sheet}"; its sheets are: ${sheetNames.join(', ')}`);
    return { name: named.name, sheetNames, rows: rowsOf(named) };
  }
  const visible = sheets.filter((s) => !s.hidden);
  const candidates = visible.length ? visible : sheets;
  let chosen = candidates[0]!;
  if (tableScore && candidates.length > 1) {
    let best = -Infinity;
    for (const s of candidates) {
      const head: RawRow[] = [];
      for (const r of rowsOf(s)) if (head.push(r) >= PEEK_ROWS) break;
      const score = tableScore(head);
      if (score > best) [best, chosen] = [score, s];
    }
  }
  const others = sheetNames.filter((n) => n !== chosen.name);
  const note = others.length && tableScore ? `read sheet "${chosen.name}"${chosen === candidates[0] ? '' : ', the one that holds a register table'}; the workbook also has ${others.map((n) => `"${n}"`).join(', ')} (choose another with the sheet option)` : undefined;
  return { name: chosen.name, sheetNames, rows: rowsOf(chosen), ...(note ? { note } : {}) };
}
