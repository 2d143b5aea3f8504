import { toConventional, type ModbusTable } from '../modbus/tables';
import { parseAccessCell, parseFlagCell, tableByPrefix } from './cells';
import type { RawRow } from './csv';
import { parseNumberCell, type DecimalSeparator } from './numbers';
import type { ProblemList } from './problems';
import { splitKepwareEncodingMark } from './kepware-encoding';
import { cellsByHeader, nameAndPath, type RowOutcome } from './rows';
import { resolveTypeName, SCALABLE, TYPE_WIDTH } from './type-names';
import type { ImportedTag, ImportProblem, ProblemCode, WordOrder } from './types';

/** The columns of a Kepware (KEPServerEX / ThingWorx Kepware Server) tag export, in its order. */
export const KEPWARE_COLUMNS = [
  'Tag Name',
  'Address',
  'Data Type',
  'Respect Data Type',
  'Client Access',
  'Scan Rate',
  'Scaling',
  'Raw Low',
  'Raw High',
  'Scaled Low',
  'Scaled High',
  'Scaled Data Type',
  'Clamp Low',
  'Clamp High',
  'Eng Units',
  'Description',
  'Negate Value',
] as const;
type KepwareColumn = (typeof KEPWARE_COLUMNS)[number];

const key = (h: string) => h.toLowerCase().replace(/[^a-z]/g, '');

export function isKepwareHeader(cells: readonly string[]): boolean {
  const keys = new Set(cells.map(key));
  return keys.has('tagname') && keys.has('address') && keys.has('datatype') && (keys.has('respectdatatype') || keys.has('clientaccess'));
}

export type KepwareAddress = { table: ModbusTable; address: number; suffix?: string } | { error: string };

/**
 * Kepware's Modbus address syntax: the table digit (0 coils, 1 discrete inputs, 3 input registers, 4 holding) and a
 * 1-based item, padded as the driver does (41, 401, 4001, 40001 and 400001 are all holding register 1); "H" before
 * the digit makes the item hexadecimal (H4000A); a suffix after "." is a bit (decimal, hex in H form) or, for
 * strings, the length in bytes and H/L for the byte order (400001.20H).
 */
export function parseKepwareAddress(raw: string): KepwareAddress {
  const s = raw.trim();
  if (/\[\d+\]/.test(s)) return { error: `${s} is an array tag; import one tag per value` };
  const m = /^(h)?([0134])([0-9a-f]{1,5})(?:\.([0-9a-f]{1,3}[hl]?))?$/i.exec(s);
  if (!m) return { error: `"${s}" is not a Kepware Modbus address (0xxxxx, 1xxxxx, 3xxxxx, 4xxxxx, H4xxxx, with .bit)` };
  const hex = m[1] !== undefined;
  if (!hex && !/^\d+$/.test(m[3]!)) return { error: `"${s}" has hex digits; hex addresses start with H (H4000A)` };
  const item = parseInt(m[3]!, hex ? 16 : 10);
  const table = tableByPrefix(Number(m[2]))!;
  if (item < 1 || item > 65536) return { error: `${s}: item ${item} is outside 1..65536` };
  return m[4] !== undefined ? { table, address: item - 1, suffix: m[4] } : { table, address: item - 1 };
}

export interface KepwareContext {
  file: string;
  problems: ProblemList;
  headers: readonly string[];
  columns: Partial<Record<KepwareColumn, number>>;
  decimal: DecimalSeparator;
  wordOrder: WordOrder;
  /** The operator chose the word order: it wins over what a description says. */
  explicitOrder?: boolean;
  /** 32/64-bit tags read without a word order of their own (no Fieldbench mark in the description): counted here. */
  unmarked?: { count: number };
  knownTypes: ReadonlySet<string>;
  devicePath: string;
}

export function kepwareColumns(headers: readonly string[]): Partial<Record<KepwareColumn, number>> {
  const out: Partial<Record<KepwareColumn, number>> = {};
  for (const c of KEPWARE_COLUMNS) {
    const i = headers.findIndex((h) => key(h) === key(c));
    if (i >= 0) out[c] = i;
  }
  return out;
}

export function kepwareRow(r: RawRow, ctx: KepwareContext): RowOutcome {
  if (r.cells.every((c) => c.trim() === '')) return { kind: 'blank' };
  const found: ImportProblem[] = [];
  const get = (c: KepwareColumn) => (ctx.columns[c] !== undefined ? (r.cells[ctx.columns[c]!] ?? '').trim() : '');
  const at = (c: KepwareColumn) => ({ row: r.row, column: c, columnIndex: ctx.columns[c] });
  const err = (code: ProblemCode, c: KepwareColumn, message: string) => found.push(ctx.problems.make('error', code, message, at(c)));
  const warn = (code: ProblemCode, c: KepwareColumn, message: string) => found.push(ctx.problems.make('warning', code, message, at(c)));
  const num = (c: KepwareColumn): number | undefined => {
    const n = parseNumberCell(get(c), ctx.decimal);
    if (n.kind === 'number') return n.value;
    if (n.kind === 'bad') err('unparseable-number', c, `${c} "${n.text}" is not a number`);
    return undefined;
  };
  const reject = (): RowOutcome => ({ kind: 'rejected', rejected: { row: r.row, cells: cellsByHeader(ctx.headers, r.cells), problems: found } });

  const a = parseKepwareAddress(get('Address'));
  if ('error' in a) {
    err(get('Address') === '' ? 'missing-value' : 'bad-address', 'Address', get('Address') === '' ? 'no address' : a.error);
    return reject();
  }
  const bits = a.table === 'coil' || a.table === 'discrete';
  const typeText = get('Data Type');
  let type: string = bits ? 'bool' : 'uint16';
  if (typeText !== '' && typeText.toLowerCase() !== 'default') {
    if (/array/i.test(typeText)) err('unknown-type', 'Data Type', `"${typeText}": array tags are not imported; make one tag per value`);
    else {
      const t = resolveTypeName(typeText);
      if (t.kind === 'unknown') err('unknown-type', 'Data Type', t.reason);
      else type = t.type;
    }
  }
  // A Fieldbench export writes the device settings a 32/64-bit tag needs at the end of its description.
  const marked = splitKepwareEncodingMark(get('Description'));
  const wide = (TYPE_WIDTH[type] ?? 1) > 1;
  if (wide && type !== 'string' && marked.order === undefined && ctx.unmarked) ctx.unmarked.count++;
  let order: WordOrder = wide ? (ctx.explicitOrder ? ctx.wordOrder : (marked.order ?? ctx.wordOrder)) : (marked.order ?? 'ABCD');
  let bit: number | undefined;
  let length: number | undefined;
  if (type === 'string') {
    const m = /^(\d{1,3})([hl])$/i.exec(a.suffix ?? '');
    if (!m) err('missing-value', 'Address', `a Kepware string address ends in .<bytes>H or .<bytes>L (400001.20H), not "${get('Address')}"`);
    else {
      length = Math.ceil(Number(m[1]) / 2);
      order = m[2]!.toLowerCase() === 'h' ? 'ABCD' : 'BADC';
    }
  } else if (a.suffix !== undefined) {
    const hexForm = /^h/i.test(get('Address'));
    const b = /^[0-9a-f]+$/i.test(a.suffix) ? parseInt(a.suffix, hexForm ? 16 : 10) : NaN;
    if (bits) err('bad-address', 'Address', `${get('Address')}: a ${a.table} is a single bit already`);
    else if (!(b >= 0 && b <= 15) || (!hexForm && !/^\d+$/.test(a.suffix))) err('address-out-of-range', 'Address', `bit ".${a.suffix}" of ${get('Address')} is not 0..15`);
    else if (type !== 'bool') err('bad-value', 'Data Type', `${get('Address')} is a bit, but the data type is ${typeText}`);
    else {
      bit = b;
      type = 'bit';
    }
  } else if (bits && type !== 'bool') {
    err('bad-value', 'Data Type', `a ${a.table} holds one bit; data type ${typeText} does not fit`);
  }
  if (!ctx.knownTypes.has(type)) err('unknown-type', 'Data Type', `the codec does not decode ${type}`);

  const accessText = get('Client Access');
  const access = accessText === '' ? 'read' : parseAccessCell(accessText);
  if (!access) err('bad-value', 'Client Access', `"${accessText}" is not RO, R/W or WO`);
  const scan = num('Scan Rate');
  let scanClassMs: number | undefined;
  if (scan !== undefined) {
    scanClassMs = Math.round(scan);
    if (scanClassMs < 50) {
      warn('bad-value', 'Scan Rate', `scan rate ${scan} ms is faster than Fieldbench polls (50 ms): 50 ms`);
      scanClassMs = 50;
    }
  }
  let scale = 1;
  let offset = 0;
  let clamp: ImportedTag['clamp'];
  const scaling = get('Scaling').toLowerCase();
  if (scaling === 'linear') {
    const [rl, rh, sl, sh] = [num('Raw Low'), num('Raw High'), num('Scaled Low'), num('Scaled High')];
    if (rl === undefined || rh === undefined || sl === undefined || sh === undefined) {
      if (!found.some((p) => p.code === 'unparseable-number')) err('missing-value', 'Scaling', 'linear scaling needs Raw Low, Raw High, Scaled Low and Scaled High');
    } else if (rh === rl) err('bad-value', 'Raw High', 'Raw High equals Raw Low: no linear scale');
    else {
      scale = (sh - sl) / (rh - rl);
      offset = sl - rl * scale;
      const lo = parseFlagCell(get('Clamp Low')) ? Math.min(sl, sh) : undefined;
      const hi = parseFlagCell(get('Clamp High')) ? Math.max(sl, sh) : undefined;
      if (lo !== undefined || hi !== undefined) clamp = { ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) };
    }
  } else if (scaling.startsWith('square')) {
    err('bad-value', 'Scaling', 'square-root scaling is not something the codec applies; the value would read wrong');
  } else if (scaling !== '' && scaling !== 'none') {
    err('bad-value', 'Scaling', `unknown scaling "${get('Scaling')}"`);
  }
  if (parseFlagCell(get('Negate Value'))) {
    scale = -scale;
    offset = offset === 0 ? 0 : -offset;
    if (clamp) clamp = { ...(clamp.max !== undefined ? { min: -clamp.max } : {}), ...(clamp.min !== undefined ? { max: -clamp.min } : {}) };
  }
  if ((scale !== 1 || offset !== 0) && !SCALABLE.has(type)) err('bad-value', 'Scaling', `${type} values cannot be scaled`);
  if (found.some((p) => p.severity === 'error')) return reject();

  const rawName = get('Tag Name') || toConventional(a.table, a.address);
  if (get('Tag Name') === '') warn('missing-value', 'Tag Name', `no tag name: named ${rawName}`);
  const np = nameAndPath(rawName, ctx.devicePath, r.row, 'Tag Name', ctx.columns['Tag Name'], ctx.problems, found);
  const tag: ImportedTag = { name: np.name, path: np.path, table: a.table, address: a.address, type, order, scale, offset, units: get('Eng Units').slice(0, 32), access: access!, description: marked.description, source: { file: ctx.file, row: r.row } };
  if (bit !== undefined) tag.bit = bit;
  if (length !== undefined) tag.length = length;
  if (scanClassMs !== undefined) tag.scanClassMs = scanClassMs;
  if (clamp) tag.clamp = clamp;
  return { kind: 'tag', tag, problems: found };
}
