import { inertCsvText } from './csv';
import { KEPWARE_COLUMNS } from './kepware';
import { typeWidth } from './type-names';
import type { ImportedTag } from './types';

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
  const orders = new Set<string>();
  for (const t of tags) {
    let address = `${PREFIX[t.table]}${String(t.address + 1).padStart(5, '0')}`;
    if (t.bit !== undefined) address += `.${t.bit}`;
    if (t.type === 'string') address += `.${(t.length ?? 1) * 2}${t.order === 'BADC' || t.order === 'DCBA' ? 'L' : 'H'}`;
    else if (typeWidth(t.type) > 1) orders.add(t.order);
    if (t.labels || t.flags) notes.add('enum labels and bit-field names are not carried (Kepware has no place for them)');
    if (t.sfAddress !== undefined || t.sfPoint) notes.add('SunSpec scale-factor registers are not carried: those values export unscaled');
    if (['unix32s', 'unix64ms'].includes(t.type)) notes.add('unix times export as plain integers');
    const name = kepwareName(t.name);
    if (name !== t.name) notes.add('names with characters Kepware does not take were changed (letters, digits, "_" only)');
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
      q(t.description),
      String(negate),
    ];
    lines.push(cells.join(','));
  }
  if (orders.size > 1) notes.add(`Kepware sets the word order per device, and this map mixes ${[...orders].join(' and ')}: set the device's "first word low" to match most tags`);
  else if (orders.size === 1) notes.add(`32/64-bit values are ${[...orders][0]}: set the Kepware device's "first word low" to ${[...orders][0] === 'CDAB' || [...orders][0] === 'DCBA' ? 'enabled' : 'disabled'}`);
  return { text: `${lines.join('\r\n')}\r\n`, notes: [...notes] };
}
