import { TABLE_INFO, toConventional } from '../modbus/tables';
import { parseAddress, type AddressContext } from './address';
import { parseAccessCell, parseOrderCell, parseTableCell } from './cells';
import type { ColumnMapping, Field } from './columns';
import { fromInertCsvText, type RawRow } from './csv';
import { checkName, tagPath } from './names';
import { parseIntegerCell, parseNumberCell, type DecimalSeparator } from './numbers';
import type { ProblemList } from './problems';
import { resolveTypeName, SCALABLE, TYPE_WIDTH } from './type-names';
import type { ImportedTag, ImportProblem, ProblemCode, RejectedRow, WordOrder } from './types';

export interface RowContext {
  file: string;
  problems: ProblemList;
  headers: readonly string[];
  mapping: ColumnMapping;
  decimal: DecimalSeparator;
  address: AddressContext;
  knownTypes: ReadonlySet<string>;
  devicePath: string;
  /** The table column holds function codes (its header says FC / Function). */
  tableIsFunctionCode: boolean;
  /** The length column counts bytes or characters, not registers (its header says so). */
  lengthInBytes: boolean;
}

export type RowOutcome = { kind: 'tag'; tag: ImportedTag; problems: ImportProblem[]; notation?: string } | { kind: 'rejected'; rejected: RejectedRow } | { kind: 'blank' };

export function cellsByHeader(headers: readonly string[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  cells.forEach((c, i) => {
    if (c !== '') out[headers[i] || `column ${i + 1}`] = c;
  });
  return out;
}

/** Validates the name, builds the path, and flags a name Sparkplug or OPC UA would not take. */
export function nameAndPath(name: string, devicePath: string, row: number, column: string | undefined, columnIndex: number | undefined, problems: ProblemList, out: ImportProblem[]): { name: string; path: string } {
  const v = checkName(name);
  if (v.reasons.length) {
    out.push(problems.make('warning', 'invalid-name', `name "${name}" ${v.reasons.join(' and ')}; the path uses "${v.fixed}"`, { row, column, columnIndex }, v.fixed));
  }
  return { name, path: tagPath(devicePath, v.fixed) };
}

/** One row being read: its cells by field, and the problems found so far (one object per row, no closures). */
class Row {
  readonly found: ImportProblem[] = [];
  constructor(
    readonly r: RawRow,
    readonly ctx: RowContext,
  ) {}
  col(f: Field): number | undefined {
    return this.ctx.mapping[f];
  }
  get(f: Field): string | undefined {
    const i = this.ctx.mapping[f];
    if (i === undefined) return undefined;
    const v = fromInertCsvText((this.r.cells[i] ?? '').trim());
    return v === '' ? undefined : v;
  }
  at(f: Field) {
    const i = this.ctx.mapping[f];
    return { row: this.r.row, column: i !== undefined ? this.ctx.headers[i] : undefined, columnIndex: i };
  }
  err(code: ProblemCode, f: Field, message: string): void {
    this.found.push(this.ctx.problems.make('error', code, message, this.at(f)));
  }
  warn(code: ProblemCode, f: Field, message: string, suggestion?: string): void {
    this.found.push(this.ctx.problems.make('warning', code, message, this.at(f), suggestion));
  }
  reject(): RowOutcome {
    return { kind: 'rejected', rejected: { row: this.r.row, cells: cellsByHeader(this.ctx.headers, this.r.cells), problems: this.found } };
  }
  num(f: Field, integer = false): number | undefined {
    const v = this.get(f);
    if (v === undefined) return undefined;
    const n = integer ? parseIntegerCell(v, this.ctx.decimal) : parseNumberCell(v, this.ctx.decimal);
    if (n.kind === 'number') return n.value;
    this.err('unparseable-number', f, `${f === 'scanRate' ? 'scan rate' : f} "${v}" is not ${integer ? 'an integer' : 'a number'}`);
    return undefined;
  }
}

function hasError(found: readonly ImportProblem[]): boolean {
  for (const p of found) if (p.severity === 'error') return true;
  return false;
}

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c !== '' && /\S/.test(c)) return false;
  return true;
}

/** One row of a mapped table to a tag, or a rejection that says why. A row with an error never becomes a tag. */
export function rowToTag(r: RawRow, ctx: RowContext): RowOutcome {
  if (isBlank(r.cells)) return { kind: 'blank' };
  const row = new Row(r, ctx);
  const found = row.found;

  let table = ctx.address.table;
  const tableText = row.get('table');
  if (tableText !== undefined) {
    table = parseTableCell(tableText, ctx.tableIsFunctionCode);
    if (!table) row.err('bad-value', 'table', `"${tableText}" is not a Modbus table (holding, input, coil, discrete; HR, IR, 4x, FC3...)`);
  }
  const addressText = row.get('address');
  if (addressText === undefined) {
    row.warn('missing-value', 'address', 'no address: row skipped (a section heading or a note?)');
    return row.reject();
  }
  if (found.length) return row.reject();
  const parsed = parseAddress(addressText, ctx.address, table);
  if (!parsed.ok) {
    if (parsed.code === 'bad-address' && r.cells.filter((c) => c.trim() !== '').length === 1) {
      row.warn('missing-value', 'address', `"${addressText}" alone on its row: taken as a section heading, not a tag`);
      return row.reject();
    }
    row.err(parsed.code, 'address', parsed.message);
    return row.reject();
  }
  const a = parsed.value;
  const bits = TABLE_INFO[a.table].bits;
  let bit = a.bit;
  const bitCol = row.num('bit', true);
  if (bitCol !== undefined) {
    if (bits || bitCol < 0 || bitCol > 15) row.err('address-out-of-range', 'bit', `bit ${bitCol} ${bits ? `of a ${a.table}` : 'is not 0..15'}`);
    else if (bit !== undefined && bit !== bitCol) row.err('bad-value', 'bit', `the address says bit ${bit} and the bit column ${bitCol}`);
    else bit = bitCol;
  }

  const typeText = row.get('type');
  let type = bit !== undefined ? 'bit' : bits ? 'bool' : (a.typeHint ?? 'uint16');
  let order: WordOrder = 'ABCD';
  let chars: number | undefined;
  let sentinel: ImportedTag['sentinel'];
  if (typeText !== undefined) {
    const t = resolveTypeName(typeText);
    if (t.kind === 'unknown') row.err('unknown-type', 'type', t.reason);
    else {
      if (bits && t.type !== 'bool') row.err('bad-value', 'type', `a ${a.table} holds one bit; type "${typeText}" does not fit`);
      else if (bit !== undefined && t.type !== 'bool') row.err('bad-value', 'type', `address ${addressText} is a bit, but the type is "${typeText}"`);
      else type = bit !== undefined ? 'bit' : t.type;
      if (t.order) order = t.order;
      chars = t.chars;
      sentinel = t.sentinel;
    }
  } else if (row.col('type') !== undefined && !bits && bit === undefined) {
    row.warn('assumption', 'type', `no data type given: read as ${type}`);
  }
  if (!ctx.knownTypes.has(type)) row.err('unknown-type', 'type', `the codec does not decode ${type}`);
  const orderText = row.get('order');
  if (orderText !== undefined) {
    const o = parseOrderCell(orderText);
    if (o) order = o;
    else row.err('bad-value', 'order', `"${orderText}" is not a byte order (ABCD, CDAB, BADC, DCBA, big/little endian, word swap)`);
  }

  let length: number | undefined;
  const lengthCol = row.num('length', true);
  if (type === 'string') {
    const n = lengthCol ?? (chars !== undefined ? chars : undefined);
    const inBytes = lengthCol !== undefined ? ctx.lengthInBytes : true;
    if (n === undefined) row.err('missing-value', 'length', 'a string needs its length (registers)');
    else if (n < 1) row.err('bad-value', 'length', `length ${n} is not a string length`);
    else length = inBytes ? Math.ceil(n / 2) : n;
  } else if (lengthCol !== undefined && !bits) {
    const w = TYPE_WIDTH[type] ?? 1;
    if (lengthCol !== w && lengthCol !== w * 2) row.warn('bad-value', 'length', `size ${lengthCol}, but ${type} is ${w} register${w > 1 ? 's' : ''}: the type decides`);
  }

  let scale = row.num('scale') ?? 1;
  const divisor = row.num('divisor');
  const decimals = row.num('decimals', true);
  if (scale === 0) row.err('bad-value', 'scale', 'a scale of 0 would read every value as 0');
  if (divisor !== undefined) {
    if (divisor === 0) row.err('bad-value', 'divisor', 'a divisor of 0');
    else scale /= divisor;
  }
  if (decimals !== undefined) scale *= 10 ** -decimals;
  const offset = row.num('offset') ?? 0;
  const min = row.num('min');
  const max = row.num('max');
  const scanRate = row.num('scanRate', true);
  if (scanRate !== undefined && (scanRate < 50 || scanRate > 3_600_000)) row.err('bad-value', 'scanRate', `scan rate ${scanRate} ms is outside 50 ms .. 1 h`);
  const accessText = row.get('access');
  const access = accessText === undefined ? 'read' : parseAccessCell(accessText);
  if (!access) row.err('bad-value', 'access', `"${accessText}" is not an access mode (R, R/W, RO, RW, Read, Read/Write)`);
  if (!SCALABLE.has(type) && (scale !== 1 || offset !== 0)) row.warn('bad-value', 'scale', `${type} values are not scaled: scale ${scale} and offset ${offset} are dropped`);
  let units = row.get('units') ?? '';
  if (units.length > 32) {
    row.warn('bad-value', 'units', `units "${units}" are cut to 32 characters`);
    units = units.slice(0, 32);
  }
  if (hasError(found)) return row.reject();

  let name = row.get('name');
  if (name === undefined) {
    name = `${toConventional(a.table, a.address)}${bit !== undefined ? `.${bit}` : ''}`;
    if (row.col('name') !== undefined) row.warn('missing-value', 'name', `no name: named after its register, ${name}`);
  }
  const np = nameAndPath(name, ctx.devicePath, r.row, row.col('name') !== undefined ? ctx.headers[row.col('name')!] : undefined, row.col('name'), ctx.problems, found);
  const tag: ImportedTag = {
    name: np.name,
    path: np.path,
    table: a.table,
    address: a.address,
    type,
    order,
    scale: SCALABLE.has(type) ? scale : 1,
    offset: SCALABLE.has(type) ? offset : 0,
    units,
    access: access!,
    description: row.col('description') !== row.col('name') ? (row.get('description') ?? '') : '',
    source: { file: ctx.file, row: r.row },
  };
  if (bit !== undefined) tag.bit = bit;
  if (length !== undefined) tag.length = length;
  if (scanRate !== undefined) tag.scanClassMs = scanRate;
  if (sentinel) tag.sentinel = sentinel;
  if (SCALABLE.has(type) && (min !== undefined || max !== undefined)) tag.clamp = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  return { kind: 'tag', tag, problems: found, notation: a.notation };
}
