import { create } from 'zustand';
import { decodeRegisters, toHex16 } from '../../../../shared/codec/registers';
import type { ByteOrder, DataType } from '../../../../shared/codec/types';

/** How one row of a register watch shows its value, as Modbus Poll lets each row choose. */
export const ROW_DISPLAYS = [
  { id: 'uint16', label: 'UInt16', width: 1 },
  { id: 'int16', label: 'Int16', width: 1 },
  { id: 'hex', label: 'Hex', width: 1 },
  { id: 'binary', label: 'Binary', width: 1 },
  { id: 'ascii', label: 'ASCII', width: 1 },
  { id: 'float32-ABCD', label: 'Float ABCD', width: 2 },
  { id: 'float32-CDAB', label: 'Float CDAB', width: 2 },
  { id: 'int32-ABCD', label: 'Int32 ABCD', width: 2 },
  { id: 'int32-CDAB', label: 'Int32 CDAB', width: 2 },
  { id: 'uint32-ABCD', label: 'UInt32 ABCD', width: 2 },
  { id: 'uint32-CDAB', label: 'UInt32 CDAB', width: 2 },
] as const;
export type RowDisplay = (typeof ROW_DISPLAYS)[number]['id'];

const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·');

/** The row's register (and the next, for 32-bit views) in the chosen display; "—" where there is no value. */
export function rowDisplayText(d: RowDisplay, a: number | undefined, b: number | undefined): string {
  if (a === undefined) return '—';
  switch (d) {
    case 'uint16':
      return String(a);
    case 'int16':
      return String((a << 16) >> 16);
    case 'hex':
      return toHex16(a);
    case 'binary':
      return a.toString(2).padStart(16, '0').replace(/(\d{4})(?=\d)/g, '$1 ');
    case 'ascii':
      return `${printable(a >> 8)}${printable(a & 0xff)}`;
    default: {
      if (b === undefined) return 'needs the next register';
      const [type, order] = d.split('-') as [DataType, ByteOrder];
      const v = decodeRegisters([a, b], type, order);
      return typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(7))) : String(v);
    }
  }
}

interface RowDisplays {
  /** watch id -> row offset -> display; rows not listed show UInt16. */
  byWatch: Record<string, Record<number, RowDisplay>>;
  set(watchId: string, offset: number, d: RowDisplay): void;
}

export const useRowDisplays = create<RowDisplays>()((set) => ({
  byWatch: {},
  set: (watchId, offset, d) => set((s) => ({ byWatch: { ...s.byWatch, [watchId]: { ...s.byWatch[watchId], [offset]: d } } })),
}));
