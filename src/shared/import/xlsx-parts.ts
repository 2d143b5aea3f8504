import { MAX_COLUMNS, type RawRow } from './csv';
import { formatSize, UnreadableFileError } from './problems';
import { attributes, decodeEntities, decodeOoxmlEscapes, runText } from './xml';

/**
 * The two big parts of a workbook, parsed as their inflated bytes stream in: a worksheet's rows and the shared
 * strings. Only the element being read is held, so a row that never closes, or a shared string that never ends, is
 * refused at a stated size instead of growing until memory runs out.
 */

export interface PartLimits {
  /** One row of a sheet, or one shared string, as XML. */
  maxElementBytes: number;
  /** The shared strings table once read (text, plus a little per string). */
  maxSharedStringsBytes: number;
}

/** Per string held, besides its text: what an entry of the table costs even when empty. */
const PER_STRING = 16;

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
    // A reference past Excel's last column (XFD) is no cell of a register map: skipped, not padded to.
    if (col < 0 || col >= MAX_COLUMNS) continue;
    while (cells.length < col) cells.push('');
    cells[col] = cellValue(a.get('t'), m[2] ?? '', shared);
    next = col + 1;
  }
  return { row, cells };
}

/** Text of a stream of UTF-8 chunks, piece by piece. */
function* texts(chunks: Iterable<Uint8Array>): Generator<string> {
  const decoder = new TextDecoder();
  for (const c of chunks) yield decoder.decode(c, { stream: true });
  yield decoder.decode();
}

/** What is kept of text that holds no start of an element: enough for a start tag split across two chunks. */
const TAIL = 64;

/** Rows of one worksheet as its XML streams in; stops at </sheetData>. */
export function* streamSheetRows(chunks: Iterable<Uint8Array>, shared: readonly string[], sheet: string, limits: PartLimits): Generator<RawRow> {
  let buf = '';
  let prefix: string | undefined;
  let lastRow = 0;
  let open: RegExp | undefined;
  let close = '';
  let end = '';
  for (const piece of texts(chunks)) {
    buf += piece;
    if (prefix === undefined) {
      const m = /<([\w.-]+:)?sheetData\b/.exec(buf);
      if (!m) {
        if (buf.length > TAIL) buf = buf.slice(-TAIL);
        continue;
      }
      prefix = m[1] ?? '';
      open = new RegExp(`<${prefix}row\\b([^>]*?)(\\/?)>`, 'g');
      close = `</${prefix}row>`;
      end = `</${prefix}sheetData>`;
      buf = buf.slice(m.index + m[0].length);
    }
    let consumed = 0;
    let pending = false;
    const stop = buf.indexOf(end);
    for (;;) {
      open!.lastIndex = consumed;
      const m = open!.exec(buf);
      if (stop >= 0 && (!m || stop < m.index)) return;
      if (!m) break;
      const bodyStart = m.index + m[0].length;
      if (m[2] === '/') {
        consumed = bodyStart;
        lastRow = Number(attributes(m[1]!).get('r') ?? lastRow + 1);
        continue;
      }
      const at = buf.indexOf(close, bodyStart);
      if (at < 0) {
        consumed = m.index;
        pending = true;
        break;
      }
      const r = parseRow(m[1]!, buf.slice(bodyStart, at), lastRow + 1, shared, prefix);
      lastRow = r.row;
      consumed = at + close.length;
      yield r;
    }
    buf = buf.slice(consumed);
    if (!pending && buf.length > TAIL) buf = buf.slice(-TAIL);
    if (buf.length > limits.maxElementBytes) {
      throw new UnreadableFileError(`row ${(lastRow + 1).toLocaleString('en')} of sheet "${sheet}" runs past ${formatSize(limits.maxElementBytes)} without closing, the limit for one row (maxRowBytes): the sheet is damaged or not a register map`);
    }
  }
}

/** The shared strings table, read as its XML streams in, within its limits. */
export function streamSharedStrings(chunks: Iterable<Uint8Array>, limits: PartLimits): string[] {
  const out: string[] = [];
  let held = 0;
  let buf = '';
  const item = /<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/y;
  const start = /<(?:[\w.-]+:)?si\b/g;
  for (const piece of texts(chunks)) {
    buf += piece;
    let consumed = 0;
    let pending = false;
    for (;;) {
      start.lastIndex = consumed;
      const s = start.exec(buf);
      if (!s) break;
      item.lastIndex = s.index;
      const m = item.exec(buf);
      if (!m) {
        consumed = s.index;
        pending = true;
        break;
      }
      const text = m[1] ? runText(m[1]) : '';
      held += text.length + PER_STRING;
      if (held > limits.maxSharedStringsBytes) {
        throw new UnreadableFileError(`the workbook's shared strings come to more than ${formatSize(limits.maxSharedStringsBytes)} (${out.length.toLocaleString('en')} strings read), the limit for them (maxSharedStringsBytes): save the sheet as CSV`);
      }
      out.push(text);
      consumed = item.lastIndex;
    }
    buf = buf.slice(consumed);
    if (!pending && buf.length > TAIL) buf = buf.slice(-TAIL);
    if (buf.length > limits.maxElementBytes) {
      throw new UnreadableFileError(`shared string ${(out.length + 1).toLocaleString('en')} of the workbook runs past ${formatSize(limits.maxElementBytes)} without closing, the limit for one string (maxRowBytes): save the sheet as CSV`);
    }
  }
  return out;
}
