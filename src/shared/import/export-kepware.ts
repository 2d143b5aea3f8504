import { inertCsvText } from './csv';
import { kepwareEncoding, kepwareEncodingMark } from './kepware-encoding';
import { KEPWARE_COLUMNS } from './kepware';
import { typeWidth } from './type-names';
import type { ImportedTag, WordOrder } from './types';

const KEPWARE_TYPE: Record<string, string> = {
  bool: 'Boolean',
  bit: 'Boolean',
  int16: 'Short',
  uint16: 'Word',
  int32: 'Long',
  uint32: 'DWord',
  int64: 'LLong',
  uint64: 'QWord',
  float32: 'Float',
  float64: 'Double',
  bcd16: 'BCD',
  bcd32: 'LBCD',
  string: 'String',
  enum16: 'Word',
  enum32: 'DWord',
  bitfield16: 'Word',
  bitfield32: 'DWord',
  unix32s: 'DWord',
  unix64ms: 'LLong',
};
const PREFIX: Record<ImportedTag['table'], string> = { coil: '0', discrete: '1', input: '3', holding: '4' };

export interface ExportResult {
  text: string;
  /** What the target format could not carry, one line per kind of loss. */
  notes: string[];
  /** Rows the target format changed in a way that loses something (Kepware: two names made the same), by row. */
  problems?: ExportProblem[];
}

export interface ExportProblem {
  /** 1-based row of the exported file (the header is row 1). */
  row: number;
  name: string;
  message: string;
}

const q = (s: string) => `"${inertCsvText(s).replace(/"/g, '""')}"`;

/** Kepware tag names take letters, digits and underscores and do not start with an underscore. */
function kepwareName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+/, '');
  return s === '' ? 'Tag' : s;
}

/**
 * A Kepware tag CSV (the 17 columns of its export) for the Modbus driver: 6-digit 1-based addresses, .bit and
 * .<bytes>H/L suffixes, scale and offset as Linear scaling (with Negate Value for a negative scale).
 */
export function exportKepwareCsv(tags: readonly ImportedTag[]): ExportResult {
  const notes = new Set<string>();
  const lines = [KEPWARE_COLUMNS.map(q).join(',')];
  const orders = new Set<WordOrder>();
  const problems: ExportProblem[] = [];
  /** Kepware name -> the first row and original name that took it. */
  const taken = new Map<string, { row: number; name: string }>();
  for (const t of tags) {
    const row = lines.length + 1;
    let address = `${PREFIX[t.table]}${String(t.address + 1).padStart(5, '0')}`;
    if (t.bit !== undefined) address += `.${t.bit}`;
    if (t.type === 'string') address += `.${(t.length ?? 1) * 2}${t.order === 'BADC' || t.order === 'DCBA' ? 'L' : 'H'}`;
    // 32/64-bit values need the device's word order; a register read byte-swapped (BADC, DCBA) needs its byte order too.
    const wordRegister = t.type !== 'string' && t.bit === undefined && (t.table === 'holding' || t.table === 'input');
    const wide = wordRegister && (typeWidth(t.type) > 1 || t.order === 'BADC' || t.order === 'DCBA');
    if (wide) orders.add(t.order);
    if (t.labels || t.flags) notes.add('enum labels and bit-field names are not carried (Kepware has no place for them)');
    if (t.sfAddress !== undefined || t.sfPoint) notes.add('SunSpec scale-factor registers are not carried: those values export unscaled');
    if (['unix32s', 'unix64ms'].includes(t.type)) notes.add('unix times export as plain integers');
    let name = kepwareName(t.name);
    if (name !== t.name) notes.add('names with characters Kepware does not take were changed (letters, digits, "_" only)');
    const first = taken.get(name.toLowerCase());
    if (first) {
      let n = 2;
      while (taken.has(`${name}_${n}`.toLowerCase())) n++;
      const unique = `${name}_${n}`;
      const was = name === t.name ? `"${t.name}" is already the Kepware name of` : `"${t.name}" becomes "${name}" in Kepware, the name of`;
      problems.push({ row, name: t.name, message: `${was} "${first.name}" (row ${first.row}): exported as "${unique}"` });
      name = unique;
    }
    taken.set(name.toLowerCase(), { row, name: t.name });
    let scaling = ['', '', '', '', '', '', '0', '0'];
    let negate = 0;
    if (t.scale !== 1 || t.offset !== 0 || t.clamp) {
      let s = t.scale;
      let o = t.offset;
      let lo = t.clamp?.min;
      let hi = t.clamp?.max;
      if (s < 0) {
        negate = 1;
        [s, o, lo, hi] = [-s, -o, hi === undefined ? undefined : -hi, lo === undefined ? undefined : -lo];
      }
      const sl = lo ?? o;
      let sh = hi ?? sl + 10000 * s;
      if (sh <= sl) sh = sl + 10000 * s;
      const raw = (x: number) => String((x - o) / s);
      scaling = ['Linear', raw(sl), raw(sh), String(sl), String(sh), 'Double', lo !== undefined ? '1' : '0', hi !== undefined ? '1' : '0'];
    }
    const cells = [
      q(name),
      q(address),
      q(KEPWARE_TYPE[t.type] ?? 'Word'),
      '1',
      q(t.access === 'read-write' ? 'R/W' : 'RO'),
      String(t.scanClassMs ?? 1000),
      q(scaling[0]!),
      ...scaling.slice(1, 5),
      q(scaling[5]!),
      ...scaling.slice(6),
      q(t.units),
      q(wide ? `${t.description}${t.description ? ' ' : ''}${kepwareEncodingMark(t.order)}` : t.description),
      String(negate),
    ];
    lines.push(cells.join(','));
  }
  const setting = (o: WordOrder) => {
    const e = kepwareEncoding(o);
    return `Modbus byte order ${e.modbusByteOrder ? 'enabled' : 'disabled'}, first word low ${e.firstWordLow ? 'enabled' : 'disabled'}, first DWord low ${e.firstDWordLow ? 'enabled' : 'disabled'}`;
  };
  if (orders.size > 1) notes.add(`Kepware sets the word order per device (Data Encoding), and this map mixes ${[...orders].join(' and ')}: split it into one device per order; each tag's description says the settings it needs`);
  else if (orders.size === 1) {
    const o = [...orders][0]!;
    notes.add(`32/64-bit values are ${o}: set the Kepware device's Data Encoding to ${setting(o)}${o === 'CDAB' ? " (Kepware's defaults)" : ' (Kepware defaults to CDAB: all enabled)'}; each tag's description says so too`);
  }
  if (problems.length) notes.add(`${problems.length} name${problems.length === 1 ? '' : 's'} would have been the same as another's in Kepware: exported with a number added (see the rows)`);
  return { text: `${lines.join('\r\n')}\r\n`, notes: [...notes], problems };
}
