import { MAX_ADDRESS, TABLE_INFO, type ModbusTable } from '../modbus/tables';
import { tableByFunctionCode, tableByPrefix } from './cells';
import type { AddressOptions } from './types';

/**
 * Register addresses as vendor maps write them, to a table and a 0-based protocol address:
 * - 1-based with the table digit in front: 40001, 400001 (6-digit), 30001, 10001, 00001 (Modicon convention)
 * - plain offsets (0-based by default) in the row's table or the default table; hex: 0x10, 10h, $10
 * - a bit in a register: 40001.3, 0x10.3, %MW10.3 / %MW10:X3
 * - explicit function codes: FC3:100, FC04 0x10 (protocol address, 0-based)
 * - Ignition designators HR1, IR1, C1, DI1 (1-based, Ignition's default) and AVEVA's absolute "100 HR" (0-based)
 * - Schneider Premium / Unity style %MW100 (holding), %MD100 / %MF100 (32-bit at %MW100), %M100 (coil), 0-based
 */

export type AddressNotation = 'conventional' | 'offset' | 'hex' | 'function-code' | 'designator' | 'iec';

export interface ParsedAddress {
  table: ModbusTable;
  address: number;
  bit?: number;
  notation: AddressNotation;
  /** A type the notation implies (%MF is a float, %MD a double word). */
  typeHint?: string;
}

export type AddressResult = { ok: true; value: ParsedAddress } | { ok: false; code: 'bad-address' | 'address-out-of-range'; message: string };

/** How 5-digit numbers like 40001 read in this file: decided once per file by `addressStyle`. */
export type FiveDigitStyle = 'conventional' | 'offset';

export interface AddressContext extends AddressOptions {
  /** The row's table, from a table or function-code column. */
  table?: ModbusTable;
  /** The column is headed as hex ("Address (hex)"): bare digits are hexadecimal. */
  hex?: boolean;
  fiveDigit?: FiveDigitStyle;
}

const bad = (message: string): AddressResult => ({ ok: false, code: 'bad-address', message });
const range = (message: string): AddressResult => ({ ok: false, code: 'address-out-of-range', message });

function finish(table: ModbusTable, address: number, bitText: string | undefined, notation: AddressNotation, raw: string, bitHex = false, typeHint?: string): AddressResult {
  if (!Number.isInteger(address) || address < 0) return range(`address ${raw} is before the first register of the ${table} table`);
  if (address > MAX_ADDRESS) return range(`address ${raw} is past the last Modbus address (65535 0-based, 65536 1-based)`);
  const value: ParsedAddress = { table, address, notation };
  if (typeHint) value.typeHint = typeHint;
  if (bitText !== undefined) {
    if (TABLE_INFO[table].bits) return bad(`address ${raw} names a bit of a ${table}, which is a single bit already`);
    const bit = bitHex ? parseInt(bitText, 16) : Number(bitText);
    if (!Number.isInteger(bit) || bit > 15) return range(`bit ${bitText} of ${raw} is not a bit of a 16-bit register (0..15)`);
    value.bit = bit;
  }
  return { ok: true, value };
}

/** "40.001" (German thousands) and "40,001" to 40001; a dot followed by 0..15 stays a bit suffix. */
function ungroup(s: string): string {
  const m = /^(\d{1,3})([.,])(\d{3})$/.exec(s);
  if (m && (m[2] === ',' || m[3]![0] === '0' || Number(m[3]) > 15)) return m[1]! + m[3]!;
  return s;
}

/** `rowTable` is the row's own table (from a table column); it overrides ctx.table without a new context per row. */
export function parseAddress(rawText: string, context: AddressContext = {}, rowTable?: ModbusTable): AddressResult {
  const ctx = rowTable === undefined || rowTable === context.table ? context : { ...context, table: rowTable };
  const raw = rawText.trim();
  const s = ungroup(/\s/.test(raw) ? raw.replace(/\s+(?=[.:])|(?<=[.:])\s+/g, '') : raw);
  if (s === '') return bad('no address');
  const defaultTable = ctx.table ?? ctx.defaultTable ?? 'holding';
  let m: RegExpExecArray | null;

  if ((m = /^fc\s*0?(\d{1,2})\s*[:/\-\s]\s*(0x[0-9a-f]+|[0-9a-f]+h|\d+)(?:\.(\d+))?$/i.exec(s))) {
    const table = tableByFunctionCode(Number(m[1]));
    if (!table) return bad(`function code ${m[1]} in ${raw} does not read a table (1, 2, 3, 4; or 5, 6, 15, 16)`);
    const a = /^0x/i.test(m[2]!) ? parseInt(m[2]!.slice(2), 16) : /h$/i.test(m[2]!) ? parseInt(m[2]!, 16) : Number(m[2]);
    return finish(table, a, m[3], 'function-code', raw);
  }
  if ((m = /^(hr|ir|di|co|c)(\d+)(?:\.(\d+))?$/i.exec(s))) {
    const table: ModbusTable = { hr: 'holding', ir: 'input', di: 'discrete', co: 'coil', c: 'coil' }[m[1]!.toLowerCase()] as ModbusTable;
    const base = ctx.designatorBase ?? 1;
    return finish(table, Number(m[2]) - base, m[3], 'designator', raw);
  }
  if ((m = /^(\d+)\s*(hr|ir|di|do)$/i.exec(raw))) {
    const table: ModbusTable = { hr: 'holding', ir: 'input', di: 'discrete', do: 'coil' }[m[2]!.toLowerCase()] as ModbusTable;
    return finish(table, Number(m[1]), undefined, 'designator', raw);
  }
  if ((m = /^%m([wdf]?)(\d+)(?:(?:\.|:x)(\d+))?$/i.exec(s))) {
    const kind = m[1]!.toLowerCase();
    if (kind === '') return m[3] !== undefined ? bad(`${raw}: %M is a bit already`) : finish('coil', Number(m[2]), undefined, 'iec', raw);
    if (kind !== 'w' && m[3] !== undefined) return bad(`${raw}: a bit is addressed in a %MW word`);
    return finish('holding', Number(m[2]), m[3], 'iec', raw, false, kind === 'f' ? 'float32' : kind === 'd' ? 'int32' : undefined);
  }
  if ((m = /^(?:0x([0-9a-f]+)|\$([0-9a-f]+)|([0-9a-f]+)h)(?:\.([0-9a-f]+))?$/i.exec(s)) || (ctx.hex && (m = /^()()([0-9a-f]+)(?:\.(\d+))?$/i.exec(s)))) {
    return finish(defaultTable, parseInt(m[1] || m[2] || m[3]!, 16), m[4], 'hex', raw);
  }
  if ((m = /^(\d+)(?:\.(\d+))?$/.exec(s))) {
    const digits = m[1]!;
    const n = Number(digits);
    const bit = m[2];
    const prefix = tableByPrefix(Number(digits[0]));
    const rest = Number(digits.slice(1));
    const leadingZeroCoil = digits.length >= 5 && digits[0] === '0' && (!ctx.table || ctx.table === 'coil');
    const sixDigit = digits.length === 6 && prefix !== undefined && rest >= 1 && rest <= 65536;
    const fiveDigit = digits.length === 5 && prefix !== undefined && rest >= 1 && (ctx.fiveDigit ?? 'conventional') === 'conventional';
    if (sixDigit || fiveDigit || leadingZeroCoil) {
      const table = prefix ?? 'coil';
      if (ctx.table && ctx.table !== table) {
        if (digits[0] === '0' && n <= MAX_ADDRESS) return finish(ctx.table, n - (ctx.plainBase ?? 0), bit, 'offset', raw);
        return bad(`${raw} is a ${table} register number (${digits[0]}xxxx), but the row's table is ${ctx.table}`);
      }
      return finish(table, rest - 1, bit, 'conventional', raw);
    }
    if (digits.length >= 5 && ctx.fiveDigit !== 'offset' && n > MAX_ADDRESS) {
      return bad(`${raw} is neither a 1-based register number (0xxxx, 1xxxx, 3xxxx, 4xxxx) nor an offset (0..65535)`);
    }
    const base = ctx.plainBase ?? 0;
    if (base === 1 && n === 0) return range(`address 0 in a map numbered from 1`);
    return finish(defaultTable, n - base, bit, 'offset', raw);
  }
  return bad(`"${raw}" is not an address the importer knows (40001, 400001, 0x10, 10h, 40001.3, FC3:100, HR1, %MW100)`);
}

/**
 * Decides once per file how 5-digit numbers read. A map that has 40000 or 30000 (a table digit followed by 0000),
 * or 5-digit numbers past 49999, counts in offsets (SunSpec's 40000 base); otherwise 40001 is holding register 1.
 */
export function addressStyle(addresses: Iterable<string>): FiveDigitStyle {
  for (const a of addresses) {
    const m = /^\s*(\d{5})(?:\.\d+)?\s*$/.exec(a);
    if (!m) continue;
    const d = m[1]!;
    if (d.slice(1) === '0000' || !tableByPrefix(Number(d[0]))) return 'offset';
  }
  return 'conventional';
}
