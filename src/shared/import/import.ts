import { FieldbenchError } from '../errors';
import { addressStyle, type AddressContext } from './address';
import { guessColumns, type ColumnGuess, type ColumnMapping } from './columns';
import { csvRows, detectDialect, type RawRow } from './csv';
import { fieldbenchTagList, jsonTag } from './fieldbench-json';
import { isKepwareHeader, kepwareColumns, kepwareRow } from './kepware';
import { parseDevicePath } from './names';
import type { DecimalSeparator } from './numbers';
import { formatSize, ProblemList, UnreadableFileError } from './problems';
import { collect, finish, finishMap, type Collected } from './result';
import { rowToTag, type RowOutcome } from './rows';
import { isSunspecModel, sunspecRows } from './sunspec';
import { decodeText, isZip } from './text';
import { KNOWN_TAG_TYPES } from './type-names';
import { DEFAULT_DEVICE_PATH, DEFAULT_MAX_BYTES, type ImportOptions, type ImportResult } from './types';
import { readXlsx } from './xlsx';

/** A spreadsheet-like source before its columns are mapped: what the UI previews and lets the user re-map. */
export interface TableSource {
  format: 'csv' | 'xlsx' | 'kepware-csv';
  rows: Iterable<RawRow>;
  decimal: DecimalSeparator;
  /** XLSX: the sheet read and all sheet names. */
  sheet?: string;
  sheetNames?: string[];
  /** Things the reader assumed (a non-UTF-8 encoding). */
  notes: string[];
  /** Lines of a CSV (its rows are read lazily), for progress: a quoted line break makes it a little high. */
  lineCount?: number;
}

export type Source = { kind: 'table'; table: TableSource } | { kind: 'json'; format: 'fieldbench-json' | 'sunspec-json'; doc: unknown; notes: string[] };


/** Reads the file far enough to know its format; throws UnreadableFileError with one clear message if it cannot. */
export function openSource(input: Uint8Array | string, fileName: string, options: ImportOptions = {}): Source {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (input.length > max) throw new UnreadableFileError(`the file is ${formatSize(input.length)}, above the ${formatSize(max)} import limit (maxBytes)`);
  if (input.length === 0) throw new UnreadableFileError('the file is empty');
  if (typeof input !== 'string' && isZip(input)) {
    const x = readXlsx(input, options, tableScore);
    return { kind: 'table', table: { format: 'xlsx', rows: x.rows, decimal: '.', sheet: x.name, sheetNames: x.sheetNames, notes: x.note ? [x.note] : [] } };
  }
  if (/\.xlsx$/i.test(fileName)) throw new UnreadableFileError('the file is named .xlsx but is not an XLSX workbook (no zip archive inside)');
  const decoded = decodeText(input);
  const notes = decoded.encoding === 'windows-1252' ? ['the file is not UTF-8: read as Windows-1252 (ANSI), as Excel saves CSV on European Windows'] : [];
  const text = decoded.text;
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  if (first === '{' || first === '[') {
    let doc: unknown;
    const depth = jsonDepth(text);
    if (depth > MAX_JSON_DEPTH) throw new UnreadableFileError(`the JSON is nested ${depth > 100_000 ? 'over 100,000' : depth.toLocaleString('en')} levels deep; a tag map needs a handful (at most ${MAX_JSON_DEPTH} are read)`);
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new UnreadableFileError(`the file is not valid JSON: ${(err as Error).message}`);
    }
    if (isSunspecModel(doc)) return { kind: 'json', format: 'sunspec-json', doc, notes };
    if (fieldbenchTagList(doc, options.sheet)) return { kind: 'json', format: 'fieldbench-json', doc, notes };
    throw new UnreadableFileError('this JSON is neither a Fieldbench tag map ({"tags": [...]}) nor a SunSpec model ({"id": N, "group": {...}})');
  }
  if (/\.json$/i.test(fileName)) throw new UnreadableFileError('the file is named .json but does not hold a JSON object or array');
  const dialect = detectDialect(text);
  const rows: Iterable<RawRow> = { [Symbol.iterator]: () => csvRows(text, dialect.delimiter, dialect.start, dialect.startRow) };
  let kepware = false;
  for (const r of rows) {
    kepware = isKepwareHeader(r.cells);
    break;
  }
  return { kind: 'table', table: { format: kepware ? 'kepware-csv' : 'csv', rows, decimal: dialect.decimal, notes, lineCount: countLines(text) } };
}

/** How much a sheet's first rows look like a register map: an address column first, then the other fields found. */
function tableScore(head: RawRow[]): number {
  const g = guessColumns(head);
  if (g.mapping.address === undefined || g.preview.length === 0) return -1;
  return 10 + Object.keys(g.mapping).length + g.overall;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

function head(rows: Iterable<RawRow>, n: number): RawRow[] {
  const out: RawRow[] = [];
  for (const r of rows) {
    out.push(r);
    if (out.length >= n) break;
  }
  return out;
}

/** The column guess (header row, mapping with confidence, preview) for a table source; `user` overrides fields. */
export function previewTable(table: TableSource, user?: ColumnMapping): ColumnGuess {
  return guessColumns(head(table.rows, 60), user);
}

function* tableOutcomes(table: TableSource, file: string, guess: ColumnGuess, options: ImportOptions, problems: ProblemList, devicePath: string): Generator<RowOutcome> {
  const knownTypes = new Set(options.knownTypes ?? KNOWN_TAG_TYPES);
  const { mapping, headers, headerIndex } = guess;
  const addrHeader = mapping.address !== undefined ? (headers[mapping.address] ?? '') : '';
  const addresses = function* () {
    let i = 0;
    for (const r of table.rows) if (i++ > headerIndex) yield r.cells[mapping.address!] ?? '';
  };
  // The header can say how to count: "Address (0-based)", "Offset", "Register (1-based)".
  const zeroBased = /0[\s-]*based|\boffset\b|\bpdu\b|protocol/i.test(addrHeader);
  const oneBased = /1[\s-]*based/i.test(addrHeader);
  // The operator's choice wins over what the header suggests: a vendor's "Offset" column may well count from 1.
  const headerBase = oneBased ? 1 : zeroBased ? 0 : undefined;
  const plainBase = options.plainBase ?? headerBase;
  const address: AddressContext = {
    ...options,
    ...(plainBase !== undefined ? { plainBase } : {}),
    hex: /hex/i.test(addrHeader),
    fiveDigit: options.fiveDigit ?? (zeroBased ? 'offset' : addressStyle(addresses())),
  };
  const tableHeader = mapping.table !== undefined ? (headers[mapping.table] ?? '') : '';
  const lengthHeader = mapping.length !== undefined ? (headers[mapping.length] ?? '') : '';
  const ctx = {
    file,
    problems,
    headers,
    mapping,
    decimal: table.decimal,
    address,
    knownTypes,
    devicePath,
    tableIsFunctionCode: /\bfc\b|function/i.test(tableHeader),
    lengthInBytes: /byte|char/i.test(lengthHeader),
  };
  let i = 0;
  for (const r of table.rows) if (i++ > headerIndex) yield rowToTag(r, ctx);
}

/** Imports a table source with a mapping (the guess, or the user's fixed one). */
export function importTable(table: TableSource, file: string, options: ImportOptions = {}, user?: ColumnMapping): ImportResult {
  const devicePath = checkedDevicePath(options.devicePath);
  const problems = new ProblemList(file);
  for (const n of table.notes) problems.warning('assumption', n);
  const knownTypes = new Set(options.knownTypes ?? KNOWN_TAG_TYPES);
  const lines = Array.isArray(table.rows) ? table.rows.length : table.lineCount;
  /** Rows below the header, for progress; the header is row 1 of Kepware exports and where the guess found it otherwise. */
  const progress = (headerIndex: number) => {
    const total = lines === undefined ? undefined : Math.max(0, lines - headerIndex - 1);
    return options.onProgress ? (seen: number) => options.onProgress!(seen, total) : undefined;
  };
  let c: Collected;
  if (table.format === 'kepware-csv' && !user) {
    const headerRow = head(table.rows, 1)[0]!;
    const columns = kepwareColumns(headerRow.cells);
    for (const col of ['Tag Name', 'Address'] as const) {
      if (columns[col] === undefined) problems.error('missing-column', `no "${col}" column in the Kepware header`, { row: headerRow.row });
    }
    if (problems.items.some((p) => p.severity === 'error')) return finish(file, 'kepware-csv', devicePath, [], [], 0, problems);
    const wordOrder = options.kepwareWordOrder ?? 'CDAB';
    const unmarked = { count: 0 };
    const ctx = { file, problems, headers: headerRow.cells, columns, decimal: table.decimal, wordOrder, explicitOrder: options.kepwareWordOrder !== undefined, unmarked, knownTypes, devicePath };
    c = collect((function* () {
      let first = true;
      for (const r of table.rows) {
        if (first) first = false;
        else yield kepwareRow(r, ctx);
      }
    })(), problems, progress(0));
    if (options.kepwareWordOrder === undefined && unmarked.count > 0) {
      problems.items.unshift(problems.make('warning', 'assumption', `a Kepware export does not say the device's word order: 32/64-bit values are read ${wordOrder}, Kepware's default ("first word low"); if they read wrong, choose the word order (the import's Word order, or --word-order)`));
    }
  } else {
    const guess = previewTable(table, user);
    if (guess.missing.includes('address')) {
      const others = (table.sheetNames ?? []).filter((n) => n !== table.sheet);
      const where = table.sheet !== undefined ? `sheet "${table.sheet}": ` : '';
      const hint = others.length ? `; the workbook also has ${others.map((n) => `"${n}"`).join(', ')} (choose one with the sheet option)` : '';
      problems.error(
        'missing-column',
        `${where}no address column: expected a header such as Address, Register, Reg, Modbus Address or Offset; the header (row ${guess.headerRow}) has: ${headerExcerpt(guess.headers, guess.headersNotKept)}${hint}`,
        { row: guess.headerRow },
      );
      return finish(file, table.format, devicePath, [], [], 0, problems);
    }
    if (guess.headerIndex > 0) problems.warning('assumption', `rows above the header (row ${guess.headerRow}) are taken as a title and not read`);
    if (guess.mapping.type === undefined) problems.warning('assumption', 'no data-type column: registers are read as uint16 and coils as bool');
    if (guess.mapping.name === undefined) problems.warning('assumption', 'no name column: tags are named after their registers (40001...)');
    c = collect(tableOutcomes(table, file, guess, options, problems, devicePath), problems, progress(guess.headerIndex));
  }
  return finishMap(file, table.format, devicePath, c, problems, options.deviceSunSpecBase);
}

function checkedDevicePath(path: string | undefined): string {
  const p = path ?? DEFAULT_DEVICE_PATH;
  const v = parseDevicePath(p);
  if (!v.ok) throw new FieldbenchError('invalid_input', v.message);
  return p;
}

/** The result for a file refused before parsing (too large to read): one "unreadable" error. */
export function refusedImport(file: string, message: string, options: ImportOptions = {}): ImportResult {
  const problems = new ProblemList(file);
  problems.error('unreadable', message);
  return finish(file, /\.xlsx$/i.test(file) ? 'xlsx' : /\.json$/i.test(file) ? 'fieldbench-json' : 'csv', checkedDevicePath(options.devicePath), [], [], 0, problems);
}

/**
 * Reads a register map of any supported format into tags, rejected rows and problems. A file that cannot be read
 * at all gives a result with one "unreadable" error; bad options (a malformed device path) throw.
 */
export function importMap(input: Uint8Array | string, file: string, options: ImportOptions = {}): ImportResult {
  const devicePath = checkedDevicePath(options.devicePath);
  const problems = new ProblemList(file);
  let source: Source;
  try {
    source = openSource(input, file, options);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    return refusedImport(file, err.message, { devicePath });
  }
  if (source.kind === 'table') {
    try {
      return importTable(source.table, file, { ...options, devicePath });
    } catch (err) {
      // A workbook is read as it streams: a limit can be passed after the first rows.
      if (!(err instanceof UnreadableFileError)) throw err;
      return refusedImport(file, err.message, { devicePath });
    }
  }
  for (const n of source.notes) problems.warning('assumption', n);
  const knownTypes = new Set(options.knownTypes ?? KNOWN_TAG_TYPES);
  if (source.format === 'sunspec-json' && isSunspecModel(source.doc)) {
    const model = source.doc;
    if (options.sunspecModelAddress === undefined && model.id !== 1) {
      problems.warning('assumption', `SunSpec model ${model.id} is laid out from wire address 40002, where the common model would be; SunSpec discovery finds where the device really has it`);
    }
    const modelAddress = options.sunspecModelAddress ?? 40002;
    return finishMap(file, 'sunspec-json', devicePath, collect(sunspecRows(model, { file, problems, devicePath, knownTypes, modelAddress }), problems), problems, options.deviceSunSpecBase);
  }
  const list = fieldbenchTagList(source.doc, options.sheet)!;
  const outcomes = list.tags.map((item, i) => jsonTag(item, i + 1, { file, problems, devicePath, knownTypes }));
  return finishMap(file, 'fieldbench-json', devicePath, collect(outcomes, problems), problems, options.deviceSunSpecBase);
}

/** Deeper than any tag map or SunSpec model: JSON.parse recurses, and a hostile file nested a million deep ends it. */
const MAX_JSON_DEPTH = 64;

/** The deepest nesting of objects and arrays in a JSON text (strings skipped), stopping early past 100,000. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
      if (max > 100_000) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The header cells an error quotes: the first dozen, each cut short, and how many there are in all. */
function headerExcerpt(headers: readonly string[], notKept = 0): string {
  const named = headers.filter((h) => h);
  if (!named.length) return 'nothing';
  const cut = (h: string) => (h.length > 40 ? `${h.slice(0, 40)}…` : h);
  const shown = named.slice(0, 12).map(cut).join(', ');
  const all = named.length + notKept;
  return all > 12 ? `${shown} … (${all.toLocaleString('en')} columns in all)` : shown;
}
