import type { DecimalSeparator } from './numbers';

/** One record of a delimited file: the line it starts on (1-based) and its cells, unquoted. */
export interface RawRow {
  row: number;
  cells: string[];
  /** A quoted field ran to the end of the file without its closing quote. */
  unterminated?: boolean;
  /** Non-empty cells past MAX_COLUMNS, counted but not kept (a hostile one-line file has millions). */
  more?: number;
}

/** Cells kept of one record: Excel's own limit (column XFD), far beyond any register map. */
export const MAX_COLUMNS = 16_384;

export interface CsvDialect {
  delimiter: string;
  decimal: DecimalSeparator;
  /** Offset of the first record (after Excel's "sep=;" line when there is one). */
  start: number;
  /** The line number of the first record. */
  startRow: number;
}

const CANDIDATES = [',', ';', '\t', '|'];
const SAMPLE_LINES = 30;

/** Delimiters outside quotes on each of the first lines, for each candidate. */
function countPerLine(text: string, start: number): Map<string, number[]> {
  const counts = new Map<string, number[]>(CANDIDATES.map((c) => [c, []]));
  const current = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let inQuotes = false;
  let lines = 0;
  let nonEmpty = false;
  const end = Math.min(text.length, start + 256 * 1024);
  for (let i = start; i < end && lines < SAMPLE_LINES; i++) {
    const ch = text[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (nonEmpty) {
        for (const c of CANDIDATES) counts.get(c)!.push(current.get(c)!);
        lines++;
      }
      for (const c of CANDIDATES) current.set(c, 0);
      nonEmpty = false;
    } else if (!inQuotes && current.has(ch)) current.set(ch, current.get(ch)! + 1);
    if (ch !== '\n' && ch !== '\r') nonEmpty = true;
  }
  if (nonEmpty && lines < SAMPLE_LINES) for (const c of CANDIDATES) counts.get(c)!.push(current.get(c)!);
  return counts;
}

/** Picks the delimiter whose count is the same on most lines (and not zero), then the decimal separator. */
export function detectDialect(text: string): CsvDialect {
  let start = 0;
  let startRow = 1;
  let delimiter: string | undefined;
  const sep = /^sep=(.)\r?\n/i.exec(text.slice(0, 8));
  if (sep) {
    delimiter = sep[1]!;
    start = sep[0].length;
    startRow = 2;
  }
  if (!delimiter) {
    let best = { c: ',', score: -1, width: 0 };
    for (const [c, perLine] of countPerLine(text, start)) {
      const freq = new Map<number, number>();
      for (const n of perLine) if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
      let width = 0;
      let hits = 0;
      for (const [n, f] of freq) if (f > hits || (f === hits && n > width)) [width, hits] = [n, f];
      const score = perLine.length ? hits / perLine.length : 0;
      if (score > best.score || (score === best.score && width > best.width)) best = { c, score, width };
    }
    delimiter = best.width > 0 ? best.c : ',';
  }
  return { delimiter, decimal: detectDecimal(text, start, delimiter), start, startRow };
}

function detectDecimal(text: string, start: number, delimiter: string): DecimalSeparator {
  if (delimiter === ',') return '.';
  let comma = 0;
  let dot = 0;
  let n = 0;
  for (const r of csvRows(text.slice(start, start + 128 * 1024), delimiter)) {
    for (const cell of r.cells) {
      const s = cell.trim();
      if (/^[+-]?\d+,\d+$/.test(s)) comma++;
      else if (/^[+-]?\d+\.\d+$/.test(s)) dot++;
    }
    if (++n > 200) break;
  }
  if (comma !== dot) return comma > dot ? ',' : '.';
  return delimiter === ';' ? ',' : '.';
}

/**
 * Records of a delimited file, one at a time, in one pass: quoted fields with the delimiter, doubled quotes and
 * line breaks inside, CRLF/LF/CR line ends. Lenient like Excel: text after a closing quote is kept.
 */
export function* csvRows(text: string, delimiter: string, start = 0, startRow = 1): Generator<RawRow> {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = start;
  let line = startRow;
  while (i < n) {
    const row = line;
    const cells: string[] = [];
    let more = 0;
    let unterminated = false;
    for (;;) {
      let value = '';
      if (text.charCodeAt(i) === 34 /* " */) {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            value += text.slice(i);
            i = n;
            unterminated = true;
            break;
          }
          const chunk = text.slice(i, q);
          value += chunk;
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      const from = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === d || c === 10 || c === 13) break;
        i++;
      }
      if (cells.length < MAX_COLUMNS) cells.push(i > from ? value + text.slice(from, i) : value);
      else if (i > from || value !== '') more++;
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else i++;
      line++;
    }
    const r: RawRow = unterminated ? { row, cells, unterminated } : { row, cells };
    if (more) r.more = more;
    yield r;
  }
}

/** Quote a cell for a CSV written with this delimiter (RFC 4180: quotes doubled, quoted when needed). */
export function csvCell(raw: string, delimiter = ','): string {
  const value = inertCsvText(raw);
  if (value === '') return '';
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r') || /^\s|\s$/.test(value)) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/**
 * A cell Excel would run as a formula (it starts with = + - @, a tab or a carriage return) gets a leading apostrophe,
 * so "=HYPERLINK(...)" is shown as text; a number stays a number ("-1.5", "+3").
 */
export function inertCsvText(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value)) return value;
  if (/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(value)) return value;
  return `'${value}`;
}

/** A cell an exporter made inert ("'=1+1") reads back as what it was ("=1+1"). */
export function fromInertCsvText(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
