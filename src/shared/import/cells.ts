import type { ModbusTable } from '../modbus/tables';
import type { Access, WordOrder } from './types';

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_\-()]+/g, ' ').trim();

const TABLE_WORDS: Record<string, ModbusTable> = {};
const add = (t: ModbusTable, words: string[]) => words.forEach((w) => (TABLE_WORDS[w] = t));
add('coil', ['coil', 'coils', 'co', 'c', 'do', 'digital output', 'discrete output', 'output coil', 'output coils', '0x', 'fc1', 'fc01', 'fc5', 'fc15', 'read coils', 'output status']);
add('discrete', ['discrete', 'discrete input', 'discrete inputs', 'di', 'input status', 'digital input', 'input coil', 'input coils', 'contact', 'contacts', '1x', 'fc2', 'fc02', 'read discrete inputs', 'istatus']);
add('input', ['input', 'input register', 'input registers', 'ir', 'ai', 'analog input', '3x', 'fc4', 'fc04', 'read input registers', 'internal register', 'internal registers']);
add('holding', ['holding', 'holding register', 'holding registers', 'hr', 'ao', 'analog output', 'output register', '4x', 'fc3', 'fc03', 'fc6', 'fc06', 'fc16', 'read holding registers', 'register', 'registers']);

const BY_FC: Record<number, ModbusTable> = { 1: 'coil', 5: 'coil', 15: 'coil', 2: 'discrete', 3: 'holding', 6: 'holding', 16: 'holding', 4: 'input' };
const BY_PREFIX: Record<number, ModbusTable> = { 0: 'coil', 1: 'discrete', 3: 'input', 4: 'holding' };

export function tableByFunctionCode(fc: number): ModbusTable | undefined {
  return BY_FC[fc];
}
export function tableByPrefix(digit: number): ModbusTable | undefined {
  return BY_PREFIX[digit];
}

/**
 * A table column's cell: "Holding Register", "HR", "4x", "FC3", "coil"... A bare number is a function code when the
 * column is headed like one (FC, Function), else the 1-based prefix digit (3 = input, 4 = holding).
 */
export function parseTableCell(raw: string, headerIsFunctionCode = false): ModbusTable | undefined {
  const s = norm(raw);
  if (s === '') return undefined;
  const compact = s.replace(/ /g, '');
  const word = Object.hasOwn(TABLE_WORDS, s) ? TABLE_WORDS[s] : Object.hasOwn(TABLE_WORDS, compact) ? TABLE_WORDS[compact] : undefined;
  if (word) return word;
  const fc = /^(?:fc|function code|function) ?0?(\d{1,2})$/.exec(s);
  if (fc) return BY_FC[Number(fc[1])];
  if (/^\d{1,2}$/.test(s)) return headerIsFunctionCode ? BY_FC[Number(s)] : BY_PREFIX[Number(s)];
  return undefined;
}

/** A byte/word order cell: ABCD..., "big endian", "word swap", "1234", "3412", "little"... */
export function parseOrderCell(raw: string): WordOrder | undefined {
  const s = raw.trim().toLowerCase().replace(/[\s_\-/()]+/g, '');
  if (s === '') return undefined;
  return Object.hasOwn(ORDER_WORDS, s) ? ORDER_WORDS[s] : undefined;
}

const ORDER_WORDS: Record<string, WordOrder> = {
  abcd: 'ABCD',
  ab: 'ABCD',
  abcdefgh: 'ABCD',
  '1234': 'ABCD',
  '12': 'ABCD',
  '12345678': 'ABCD',
  big: 'ABCD',
  bigendian: 'ABCD',
  be: 'ABCD',
  msbfirst: 'ABCD',
  highwordfirst: 'ABCD',
  motorola: 'ABCD',
  normal: 'ABCD',
  none: 'ABCD',
  cdab: 'CDAB',
  ghefcdab: 'CDAB',
  '3412': 'CDAB',
  '78563412': 'CDAB',
  wordswap: 'CDAB',
  wordswapped: 'CDAB',
  swapped: 'CDAB',
  lowwordfirst: 'CDAB',
  firstwordlow: 'CDAB',
  bigendianwordswap: 'CDAB',
  littleendianbyteswap: 'CDAB',
  badc: 'BADC',
  ba: 'BADC',
  badcfehg: 'BADC',
  '2143': 'BADC',
  '21': 'BADC',
  '21436587': 'BADC',
  byteswap: 'BADC',
  byteswapped: 'BADC',
  bigendianbyteswap: 'BADC',
  dcba: 'DCBA',
  hgfedcba: 'DCBA',
  '4321': 'DCBA',
  '87654321': 'DCBA',
  little: 'DCBA',
  littleendian: 'DCBA',
  le: 'DCBA',
  intel: 'DCBA',
  lsbfirst: 'DCBA',
};

const READ = new Set(['r', 'ro', 'read', 'readonly', 'rd', 'ronly', 'input', 'monitor']);
const READ_WRITE = new Set(['rw', 'wr', 'readwrite', 'writeread', 'w', 'wo', 'write', 'writeonly', 'control', 'setpoint', 'wronly', 'all']);

/** An access cell: R, RO, Read, Read only, R/W, RW, Read/Write, W, WO, Write... (write-only becomes read-write). */
export function parseAccessCell(raw: string): Access | undefined {
  const s = raw.trim().toLowerCase().replace(/[\s_\-/.]+/g, '');
  if (s === '') return undefined;
  if (READ.has(s)) return 'read';
  if (READ_WRITE.has(s)) return 'read-write';
  return undefined;
}

/** A yes/no cell: 1/0, true/false, yes/no, y/n, x/"" (Kepware writes 1 and 0). */
export function parseFlagCell(raw: string): boolean | undefined {
  const s = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'y', 'x', 'on', 'ja', 'wahr'].includes(s)) return true;
  if (['0', 'false', 'no', 'n', 'off', '', 'nein', 'falsch'].includes(s)) return false;
  return undefined;
}
