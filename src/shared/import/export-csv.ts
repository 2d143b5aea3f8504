import { csvCell } from './csv';
import type { ImportedTag } from './types';

export interface CsvExportOptions {
  /** ',' (default) or ';' for European Excel, which then also writes decimal commas. */
  delimiter?: ',' | ';';
  /** Start with a UTF-8 BOM so Excel opens "°C" and "µs" right. Default true. */
  bom?: boolean;
}

/** The columns of Fieldbench's CSV, which its importer maps back exactly (addresses are 0-based with a table). */
export const CSV_COLUMNS = ['Name', 'Table', 'Address (0-based)', 'Bit', 'Type', 'Length', 'Order', 'Scale', 'Value Offset', 'Min', 'Max', 'Units', 'Access', 'Scan Rate (ms)', 'Description'] as const;

/** The map as CSV. Enum labels, bit-field names and SunSpec scale factors need the JSON export. */
export function exportCsv(tags: readonly ImportedTag[], options: CsvExportOptions = {}): string {
  const d = options.delimiter ?? ',';
  const num = (n: number | undefined) => (n === undefined ? '' : d === ';' ? String(n).replace('.', ',') : String(n));
  const lines = [CSV_COLUMNS.map((c) => csvCell(c, d)).join(d)];
  for (const t of tags) {
    const cells = [
      t.name,
      t.table,
      String(t.address),
      t.bit === undefined ? '' : String(t.bit),
      t.type === 'bit' ? 'bool' : t.type,
      t.length === undefined ? '' : String(t.length),
      t.order,
      num(t.scale),
      num(t.offset),
      num(t.clamp?.min),
      num(t.clamp?.max),
      t.units,
      t.access,
      t.scanClassMs === undefined ? '' : String(t.scanClassMs),
      t.description,
    ];
    lines.push(cells.map((c) => csvCell(c, d)).join(d));
  }
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
