import type { WordOrder } from './types';

/**
 * Kepware's Modbus driver decodes 32/64-bit values by its device's Data Encoding settings, not per tag: the settings
 * that read each word order right. "Modbus byte order" on = the high byte of a register first; "first word low" on =
 * the low 16 bits in the first register; "first DWord low" the same for the 32-bit halves of a 64-bit value. Kepware's
 * defaults (all three on) read CDAB.
 */
export function kepwareEncoding(order: WordOrder): { modbusByteOrder: boolean; firstWordLow: boolean; firstDWordLow: boolean } {
  const reversed = order === 'CDAB' || order === 'DCBA';
  return { modbusByteOrder: order === 'ABCD' || order === 'CDAB', firstWordLow: reversed, firstDWordLow: reversed };
}

const onOff = (b: boolean) => (b ? 'on' : 'off');

/** What a 32/64-bit tag's description carries in the file: the device settings its word order needs. */
export function kepwareEncodingMark(order: WordOrder): string {
  const e = kepwareEncoding(order);
  return `[Kepware device ${order}: Modbus byte order ${onOff(e.modbusByteOrder)}, first word low ${onOff(e.firstWordLow)}, first DWord low ${onOff(e.firstDWordLow)}]`;
}

/** The mark at the end of a description, and the description without it (the Kepware importer reads the order back). */
export function splitKepwareEncodingMark(description: string): { description: string; order?: WordOrder } {
  const m = / ?\[Kepware device (ABCD|CDAB|BADC|DCBA): Modbus byte order (?:on|off), first word low (?:on|off), first DWord low (?:on|off)\]$/.exec(description);
  return m ? { description: description.slice(0, m.index), order: m[1] as WordOrder } : { description };
}
