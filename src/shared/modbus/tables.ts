import { z } from 'zod';

/** The four Modbus data tables, with the function code that reads each and its 1-based address prefix. */
export const ModbusTable = z.enum(['coil', 'discrete', 'input', 'holding']);
export type ModbusTable = z.infer<typeof ModbusTable>;

export const TABLE_INFO: Record<ModbusTable, { readFc: number; prefix: number; bits: boolean; label: string }> = {
  coil: { readFc: 1, prefix: 0, bits: true, label: 'Coils (0x)' },
  discrete: { readFc: 2, prefix: 1, bits: true, label: 'Discrete inputs (1x)' },
  input: { readFc: 4, prefix: 3, bits: false, label: 'Input registers (3x)' },
  holding: { readFc: 3, prefix: 4, bits: false, label: 'Holding registers (4x)' },
};

/** Protocol limits from the Modbus Application Protocol spec v1.1b3. */
export const MAX_READ_REGISTERS = 125;
export const MAX_READ_BITS = 2000;
export const MAX_ADDRESS = 65535;

/** 0-based wire address to the 5-digit 1-based convention (holding address 0 -> 40001). */
export function toConventional(table: ModbusTable, address: number): string {
  const n = address + 1;
  const p = TABLE_INFO[table].prefix;
  return n <= 9999 ? `${p}${String(n).padStart(4, '0')}` : `${p}${String(n).padStart(5, '0')}`;
}

export function maxCount(table: ModbusTable): number {
  return TABLE_INFO[table].bits ? MAX_READ_BITS : MAX_READ_REGISTERS;
}
