import { Unzip, UnzipInflate } from 'fflate';
import type { RawRow } from './csv';
import { formatSize, UnreadableFileError } from './problems';
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_MAX_SHEET_BYTES, DEFAULT_MAX_XLSX_BYTES } from './types';
import { attr, attributes, decodeEntities, decodeOoxmlEscapes, elements, runText } from './xml';

export interface XlsxOptions {
  sheet?: string;
  maxXlsxBytes?: number;
  maxSheetBytes?: number;
  /** What the parts read from one workbook may inflate to together. */
  maxInflatedBytes?: number;
}

export interface XlsxSheet {
  name: string;
  sheetNames: string[];
  rows: Iterable<RawRow>;
}


/**
 * The wanted parts of a zip archive, inflated as they stream, counting what really comes out: a part's declared size
 * can lie (a zip bomb declares kilobytes and inflates to gigabytes), so the limits hold on the bytes themselves and
 * the read stops the moment one is passed.
 */
function unzip(bytes: Uint8Array, want: (name: string) => boolean, limits: { part: number; total: number }): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  let total = 0;
  let over: string | null = null;
  const unzipper = new Unzip((file) => {
    if (over || !want(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (err) {
        over ??= `this is not a readable XLSX workbook (${file.name} is damaged: ${err.message})`;
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limits.part) over ??= `${file.name} inflates to more than ${formatSize(limits.part)}, the limit for one part of a workbook (maxSheetBytes): save the sheet as CSV`;
      else if (total > limits.total) over ??= `the workbook inflates to more than ${formatSize(limits.total)}, the limit for a whole workbook: save the sheet as CSV`;
      if (over) {
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out[file.name] = concat(chunks, size);
    };
    file.start();
  });
  unzipper.register(UnzipInflate);
  try {
    unzipper.push(bytes, true);
  } catch (err) {
    if (!over) throw new UnreadableFileError(`this is not a readable XLSX workbook (the zip archive is damaged: ${(err as Error).message})`);
  }
  if (over) throw new UnreadableFileError(over);
  return out;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : '');

/** Column index (0-based) of a cell reference such as "AB12". */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] ? runText(m[1]) : '');
  return out;
}

function cellValue(type: string | undefined, inner: string, shared: readonly string[]): string {
  const v = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/.exec(inner)?.[1];
  switch (type) {
    case 's':
      return shared[Number(v)] ?? '';
    case 'inlineStr':
      return runText(inner);
    case 'b':
      return v === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
    case 'd':
      return decodeOoxmlEscapes(decodeEntities(v ?? ''));
    default: {
      if (v === undefined) return '';
      const n = Number(v);
      // Excel may store 0.1 as 0.10000000000000001; the shortest round-trip form is what the user typed.
      return Number.isFinite(n) ? String(n) : decodeEntities(v);
    }
  }
}

function parseRow(rowTag: string, body: string, fallbackRow: number, shared: readonly string[], prefix: string): RawRow {
  const row = Number(attributes(rowTag).get('r') ?? fallbackRow);
  const cells: string[] = [];
  const re = new RegExp(`<${prefix}c\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/${prefix}c>)`, 'g');
  let next = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const a = attributes(m[1]!);
    const ref = a.get('r');
    const col = ref ? columnOf(ref) : next;
    while (cells.length < col) cells.push('');
    cells[col] = cellValue(a.get('t'), m[2] ?? '', shared);
    next = col + 1;
  }
  return { row, cells };
}

/** Rows of one worksheet, decoded a few MB at a time so a large sheet never becomes one huge string. */
function* sheetRows(bytes: Uint8Array, shared: readonly string[]): Generator<RawRow> {
  const decoder = new TextDecoder();
  const CHUNK = 4 * 1024 * 1024;
  let buf = '';
  let prefix: string | undefined;
  let lastRow = 0;
  for (let off = 0; off < bytes.length || buf.length > 0; off += CHUNK) {
    const last = off + CHUNK >= bytes.length;
    if (off < bytes.length) buf += decoder.decode(bytes.subarray(off, off + CHUNK), { stream: !last });
    if (prefix === undefined) {
      const m = /<([\w.-]+:)?sheetData\b/.exec(buf);
      if (!m) {
        if (last) return;
        continue;
      }
      prefix = m[1] ?? '';
    }
    const open = new RegExp(`<${prefix}row\\b([^>]*?)(\\/?)>`, 'g');
    const close = `</${prefix}row>`;
    let consumed = 0;
    for (;;) {
      open.lastIndex = consumed;
      const m = open.exec(buf);
      if (!m) break;
      const bodyStart = m.index + m[0].length;
      if (m[2] === '/') {
        consumed = bodyStart;
        lastRow = Number(attributes(m[1]!).get('r') ?? lastRow + 1);
        continue;
      }
      const end = buf.indexOf(close, bodyStart);
      if (end < 0) break;
      const r = parseRow(m[1]!, buf.slice(bodyStart, end), lastRow + 1, shared, prefix);
      lastRow = r.row;
      consumed = end + close.length;
      yield r;
    }
    buf = buf.slice(consumed);
    if (last) return;
  }
}

/** The first visible sheet, or the one named (case-insensitive), of an .xlsx workbook. */
export function readXlsx(bytes: Uint8Array, options: XlsxOptions = {}): XlsxSheet {
  const maxXlsx = options.maxXlsxBytes ?? DEFAULT_MAX_XLSX_BYTES;
  const maxSheet = options.maxSheetBytes ?? DEFAULT_MAX_SHEET_BYTES;
  if (bytes.length > maxXlsx) throw new UnreadableFileError(`the workbook is ${formatSize(bytes.length)}, above the ${formatSize(maxXlsx)} limit for XLSX (maxXlsxBytes); save the sheet as CSV, which is read up to maxBytes`);
  const limits = { part: maxSheet, total: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES };
  const meta = unzip(bytes, (n) => n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels' || n === 'mimetype', limits);
  if (!meta['xl/workbook.xml']) {
    if (text(meta['mimetype']).includes('opendocument')) throw new UnreadableFileError('this is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV');
    throw new UnreadableFileError('this is a zip archive but not an Excel workbook (.xlsx): it has no xl/workbook.xml');
  }
  const sheets = elements(text(meta['xl/workbook.xml']), 'sheet').map((a) => ({ name: a.get('name') ?? '', rid: attr(a, 'id') ?? '', hidden: (a.get('state') ?? 'visible') !== 'visible' }));
  if (sheets.length === 0) throw new UnreadableFileError('the workbook has no sheets');
  const sheetNames = sheets.map((s) => s.name);
  const chosen = options.sheet !== undefined ? sheets.find((s) => s.name.toLowerCase() === options.sheet!.toLowerCase()) : (sheets.find((s) => !s.hidden) ?? sheets[0]);
  if (!chosen) throw new UnreadableFileError(`the workbook has no sheet "${options.sheet}"; its sheets are: ${sheetNames.join(', ')}`);
  const rel = elements(text(meta['xl/_rels/workbook.xml.rels']), 'Relationship').find((a) => a.get('Id') === chosen.rid);
  const target = rel?.get('Target');
  if (!target) throw new UnreadableFileError(`the workbook does not say where sheet "${chosen.name}" is stored`);
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  const parts = unzip(bytes, (n) => n === path || n === 'xl/sharedStrings.xml', limits);
  const sheet = parts[path];
  if (!sheet) throw new UnreadableFileError(`the workbook lists sheet "${chosen.name}" at ${path}, but the file is missing`);
  const shared = sharedStrings(text(parts['xl/sharedStrings.xml']));
  return { name: chosen.name, sheetNames, rows: { [Symbol.iterator]: () => sheetRows(sheet, shared) } };
}
