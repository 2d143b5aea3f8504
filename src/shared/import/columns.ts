import { parseAddress } from './address';
import type { RawRow } from './csv';

/** What a column of a register map can mean. */
export const FIELDS = [
  'name',
  'address',
  'table',
  'type',
  'order',
  'scale',
  'divisor',
  'decimals',
  'offset',
  'units',
  'description',
  'access',
  'length',
  'bit',
  'scanRate',
  'min',
  'max',
] as const;
export type Field = (typeof FIELDS)[number];

/** Field -> 0-based column index. */
export type ColumnMapping = Partial<Record<Field, number>>;

export interface PreviewRow {
  row: number;
  values: Partial<Record<Field, string>>;
}

export interface ColumnGuess {
  /** 1-based row of the header in the file, and its index among the rows read. */
  headerRow: number;
  headerIndex: number;
  headers: string[];
  /** Non-empty header cells past the ones kept (a record of millions of cells keeps MAX_COLUMNS). */
  headersNotKept?: number;
  mapping: ColumnMapping;
  /** 0..1 per mapped field: 1 is an exact header synonym, lower is a partial match or a stand-in. */
  confidence: Partial<Record<Field, number>>;
  /** The least confident of the fields a tag needs (address, name, type). */
  overall: number;
  /** Headers no field took. */
  unmapped: string[];
  /** Required fields with no column. */
  missing: Field[];
  preview: PreviewRow[];
}

/** Synonyms, normalised (lower case, letters and digits only): [exact, also-good, partial]. */
const SYNONYMS: Record<Field, [string[], string[], string[]]> = {
  name: [['name', 'tagname', 'tag', 'pointname', 'signalname', 'variablename', 'parametername'], ['point', 'signal', 'variable', 'parameter', 'label', 'datapoint', 'object', 'objectname', 'bezeichnung', 'item', 'measurement', 'field'], ['name']],
  address: [['address', 'register', 'reg', 'modbusaddress', 'registeraddress', 'addr', 'regaddr', 'modbusregister', 'startaddress', 'adresse', 'mbaddress'], ['offset', 'registeroffset', 'start', 'startregister', 'location', 'regnr', 'registernumber', 'regno', 'pdu', 'pduaddress', 'dataaddress'], ['address', 'register', 'addr', 'adresse', 'reg']],
  table: [['table', 'registertype', 'regtype', 'functioncode', 'fc', 'function', 'objecttype', 'registertable', 'modbustable', 'area'], ['memoryarea', 'dataarea', 'registerkind', 'space', 'readfunction', 'fcread'], ['functioncode', 'registertype']],
  type: [['type', 'datatype', 'format', 'dtype', 'dataformat', 'valuetype', 'datentyp', 'typ'], ['kind', 'encoding', 'representation', 'variabletype'], ['datatype', 'type', 'format']],
  order: [['byteorder', 'wordorder', 'endian', 'endianness', 'endianess', 'order', 'swap'], ['byteswap', 'wordswap', 'bytewordorder', 'layout'], ['order', 'endian', 'swap']],
  scale: [['scale', 'multiplier', 'factor', 'gain', 'scalefactor', 'scaling', 'faktor'], ['resolution', 'coefficient', 'multiply', 'mult', 'lsb', 'weight', 'ratio', 'skalierung'], ['scale', 'multiplier', 'factor', 'gain']],
  divisor: [['divisor', 'divideby', 'div', 'divider'], ['teiler'], ['divisor', 'divide']],
  decimals: [['decimals', 'decimalplaces', 'dp', 'decimalpoint', 'nachkommastellen'], ['precision', 'digits'], ['decimal']],
  offset: [['valueoffset', 'add', 'bias', 'zerooffset', 'scaleoffset', 'addend'], ['offset'], ['valueoffset']],
  units: [['unit', 'units', 'engunits', 'engineeringunits', 'uom', 'unitofmeasure', 'eu', 'einheit', 'engunit'], ['dimension', 'measurementunit', 'physicalunit'], ['unit']],
  description: [['description', 'desc', 'comment', 'comments', 'remarks', 'notes', 'beschreibung', 'explanation', 'meaning'], ['text', 'info', 'details', 'remark', 'note', 'kommentar'], ['description', 'comment']],
  access: [['access', 'rw', 'readwrite', 'clientaccess', 'permission', 'permissions', 'accessmode', 'zugriff'], ['mode', 'attribute', 'attr', 'direction', 'readonly', 'writable'], ['access']],
  length: [['length', 'size', 'count', 'registers', 'words', 'quantity', 'len', 'numberofregisters', 'regs', 'registercount', 'numregisters', 'wordcount', 'noofregisters'], ['width', 'anzahl', 'qty'], ['length', 'size']],
  bit: [['bit', 'bitnumber', 'bitno', 'bitindex', 'bitpos', 'bitposition', 'bitoffset'], ['bitnr'], ['bit']],
  scanRate: [['scanrate', 'pollrate', 'scanclass', 'updaterate', 'pollinterval', 'scaninterval', 'interval', 'period', 'rate'], ['pollingrate', 'cycle', 'cycletime'], ['scan', 'poll']],
  min: [['min', 'minimum', 'rangemin', 'low', 'minvalue', 'clamplow', 'scaledlow'], ['lower', 'lowlimit', 'lowerlimit'], ['min']],
  max: [['max', 'maximum', 'rangemax', 'high', 'maxvalue', 'clamphigh', 'scaledhigh'], ['upper', 'highlimit', 'upperlimit'], ['max']],
};

export const normalizeHeader = (h: string) => h.toLowerCase().replace(/\(.*?\)|\[.*?\]/g, ' ').replace(/[^a-z0-9]/g, '');

/** How well a header names a field, 0..1. */
export function headerScore(field: Field, header: string): number {
  const h = normalizeHeader(header);
  const full = header.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (h === '') return 0;
  const [exact, good, partial] = SYNONYMS[field];
  if (exact.includes(h) || exact.includes(full)) return 1;
  if (good.includes(h) || good.includes(full)) return 0.8;
  if (partial.some((p) => h.includes(p))) return 0.6;
  return 0;
}

const REQUIRED: Field[] = ['address'];
const PREFERENCE: Field[] = ['address', 'name', 'type', 'table', 'scale', 'units', 'description', 'length', 'order', 'access', 'bit', 'offset', 'divisor', 'decimals', 'scanRate', 'min', 'max'];

/** Greedy best-first assignment: each column to at most one field, each field to one column. */
function assign(headers: readonly string[], sample: readonly RawRow[]): { mapping: ColumnMapping; confidence: Partial<Record<Field, number>> } {
  const pairs: { field: Field; col: number; score: number }[] = [];
  headers.forEach((header, col) => {
    if (col >= MAX_GUESSED_COLUMNS) return;
    for (const field of FIELDS) {
      let score = headerScore(field, header);
      if (score === 0) continue;
      if (field === 'address' && sample.length) {
        const filled = sample.map((r) => r.cells[col] ?? '').filter((c) => c.trim() !== '');
        const ok = filled.filter((c) => parseAddress(c, { hex: /hex/i.test(header) }).ok).length;
        if (filled.length && ok / filled.length < 0.5) score *= 0.5;
      }
      pairs.push({ field, col, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || PREFERENCE.indexOf(a.field) - PREFERENCE.indexOf(b.field) || a.col - b.col);
  const mapping: ColumnMapping = {};
  const confidence: Partial<Record<Field, number>> = {};
  const used = new Set<number>();
  for (const p of pairs) {
    if (mapping[p.field] !== undefined || used.has(p.col)) continue;
    mapping[p.field] = p.col;
    confidence[p.field] = p.score;
    used.add(p.col);
  }
  if (mapping.name === undefined && mapping.description !== undefined) {
    mapping.name = mapping.description;
    confidence.name = 0.5;
  }
  return { mapping, confidence };
}

/**
 * Columns looked at when guessing the header and the mapping: a register map has a few dozen, and a hostile or broken
 * file with millions of cells on one line must not make the guess take minutes.
 */
export const MAX_GUESSED_COLUMNS = 256;

function rowScore(cells: readonly string[]): number {
  let score = 0;
  let address = false;
  for (const c of cells.length > MAX_GUESSED_COLUMNS ? cells.slice(0, MAX_GUESSED_COLUMNS) : cells) {
    let best = 0;
    for (const f of FIELDS) {
      const s = headerScore(f, c);
      if (s > best) best = s;
      if (f === 'address' && s >= 0.6) address = true;
    }
    score += best;
  }
  return address ? score : score / 4;
}

/** Preview of the rows under the header, by field. */
export function previewRows(rows: readonly RawRow[], mapping: ColumnMapping, count = 10): PreviewRow[] {
  const out: PreviewRow[] = [];
  for (const r of rows) {
    if (out.length >= count) break;
    if (r.cells.every((c) => c.trim() === '')) continue;
    const values: Partial<Record<Field, string>> = {};
    for (const f of FIELDS) {
      const col = mapping[f];
      if (col !== undefined) values[f] = r.cells[col] ?? '';
    }
    out.push({ row: r.row, values });
  }
  return out;
}

/**
 * Finds the header among the first rows (vendors put titles above it), maps its columns to fields, and previews the
 * first data rows. `rows` needs only the first few dozen rows of the file.
 */
export function guessColumns(rows: readonly RawRow[], user?: ColumnMapping): ColumnGuess {
  let headerIndex = 0;
  let best = -1;
  for (let i = 0; i < Math.min(rows.length, 20); i++) {
    const s = rowScore(rows[i]!.cells);
    if (s > best + 1e-9) [best, headerIndex] = [s, i];
  }
  const headers = (rows[headerIndex]?.cells ?? []).map((h) => h.trim());
  const data = rows.slice(headerIndex + 1);
  const guessed = assign(headers, data.slice(0, 50));
  const mapping: ColumnMapping = { ...guessed.mapping };
  const confidence = { ...guessed.confidence };
  for (const [f, col] of Object.entries(user ?? {}) as [Field, number][]) {
    mapping[f] = col;
    confidence[f] = 1;
  }
  const mappedCols = new Set(Object.values(mapping));
  const missing = REQUIRED.filter((f) => mapping[f] === undefined);
  const overall = Math.min(...(['address', 'name', 'type'] as const).map((f) => confidence[f] ?? 0));
  const notKept = rows[headerIndex]?.more;
  return {
    headerRow: rows[headerIndex]?.row ?? 1,
    headerIndex,
    headers,
    ...(notKept ? { headersNotKept: notKept } : {}),
    mapping,
    confidence,
    overall,
    unmapped: headers.filter((h, i) => h !== '' && !mappedCols.has(i)),
    missing,
    preview: previewRows(data, mapping),
  };
}

/** A user's mapping by header name or column index (0-based) to column indices; unknown headers are errors. */
export function resolveMapping(headers: readonly string[], user: Partial<Record<Field, number | string>>): ColumnMapping {
  const out: ColumnMapping = {};
  for (const [f, v] of Object.entries(user) as [Field, number | string][]) {
    if (!FIELDS.includes(f)) throw new Error(`"${f}" is not a field (${FIELDS.join(', ')})`);
    const col = typeof v === 'number' ? v : headers.findIndex((h) => h.trim().toLowerCase() === v.trim().toLowerCase());
    if (col < 0 || col >= headers.length) throw new Error(`no column "${v}" for ${f}; the columns are: ${headers.join(', ')}`);
    out[f] = col;
  }
  return out;
}
