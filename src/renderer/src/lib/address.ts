import { MAX_ADDRESS, TABLE_INFO, toConventional, type ModbusTable } from '../../../shared/modbus/tables';

export type ParsedAddress =
  | { ok: true; wire: number; convention: 'register-number' | 'point-number' | 'wire' | 'hex'; note: string }
  | { ok: false; message: string };

/**
 * Read what an operator typed as a start address, in either convention:
 *   40001 / 400001   register number of the selected table (5 or 6 digits starting with its prefix: 0x, 1x, 3x, 4x)
 *   0, 17, 1234      0-based wire address, as sent in the request
 *   0x9C41           wire address in hex (a way to reach wire addresses that look like register numbers)
 * Coils and discrete inputs are numbered from 1 everywhere in the app (coil 00001 is wire 0): a plain number typed
 * for them is that coil's number, so typing 1 watches coil 00001, never the second coil.
 * The caller shows the result, so an ambiguous entry is never sent silently.
 */
export function parseStartAddress(text: string, table: ModbusTable): ParsedAddress {
  const s = text.trim().replace(/[\s_]/g, '');
  if (s === '') return { ok: false, message: 'enter a start address, e.g. 40001 or 0' };
  if (/^0x[0-9a-f]+$/i.test(s)) {
    const wire = parseInt(s.slice(2), 16);
    if (wire > MAX_ADDRESS) return { ok: false, message: `wire addresses go up to ${MAX_ADDRESS} (0xFFFF)` };
    return { ok: true, wire, convention: 'hex', note: `hex wire address` };
  }
  if (!/^\d+$/.test(s)) return { ok: false, message: 'use digits: 40001 (register number), 0 (wire address) or 0x0000 (hex)' };

  const prefix = String(TABLE_INFO[table].prefix);
  const n = Number(s);
  if ((s.length === 5 || s.length === 6) && s.startsWith(prefix)) {
    const number = Number(s.slice(1));
    if (number >= 1 && number - 1 <= MAX_ADDRESS) {
      return { ok: true, wire: number - 1, convention: 'register-number', note: `register number ${s}` };
    }
    if (number === 0) return { ok: false, message: `register numbers start at ${prefix}0001` };
  }
  if (TABLE_INFO[table].bits) {
    const what = table === 'coil' ? 'coil' : 'discrete input';
    if (n === 0) return { ok: false, message: `${what}s are numbered from 1 (${toConventional(table, 0)}); type 0x0 for wire address 0` };
    if (n - 1 > MAX_ADDRESS) return { ok: false, message: `${what} numbers go up to ${MAX_ADDRESS + 1}` };
    return { ok: true, wire: n - 1, convention: 'point-number', note: `${what} ${toConventional(table, n - 1)}` };
  }
  if (n > MAX_ADDRESS) return { ok: false, message: `not a ${TABLE_INFO[table].label.toLowerCase()} number, and wire addresses go up to ${MAX_ADDRESS}` };
  return { ok: true, wire: n, convention: 'wire', note: 'wire address' };
}

/** If the text looks like a register number of another table (e.g. 30001 while Holding is selected), say which. */
export function otherTableHint(text: string, table: ModbusTable): ModbusTable | null {
  const s = text.trim();
  if (!/^\d{5,6}$/.test(s)) return null;
  const wantBits = TABLE_INFO[table].bits;
  for (const [t, info] of Object.entries(TABLE_INFO) as [ModbusTable, (typeof TABLE_INFO)[ModbusTable]][]) {
    if (t === table) continue;
    // 0xxxx coils are only recognisable with the leading zero; compare like with like (bits vs registers) loosely.
    if (s.startsWith(String(info.prefix)) && (info.prefix !== 0 || wantBits)) return t;
  }
  return null;
}

export function rangeLabel(table: ModbusTable, wire: number, count: number): string {
  const last = wire + count - 1;
  return count === 1 ? toConventional(table, wire) : `${toConventional(table, wire)}–${toConventional(table, last)}`;
}

export function wireRangeLabel(wire: number, count: number): string {
  return count === 1 ? `${wire}` : `${wire}–${wire + count - 1}`;
}
