import { describe, expect, it } from 'vitest';
import { exportKepwareCsv, importMap, type ImportedTag } from '../../src/shared/import';
import { csvRows } from '../../src/shared/import/csv';
import { problemsCsv } from '../../src/renderer/src/screens/map/problemsCsv';
import { encodeValue } from '../../src/shared/codec/registers';
import { TrafficLog } from '../../src/engine/traffic/traffic-log';

type Order = ImportedTag['order'];
const tag = (name: string, address: number, type: string, order: Order, description = ''): ImportedTag => ({
  name,
  path: `Site/${name}`,
  table: 'holding',
  address,
  type,
  order,
  scale: 1,
  offset: 0,
  units: '',
  access: 'read',
  description,
  source: { file: 'x.csv', row: address + 2 },
});

/** The cells of an exported Kepware file by header, row by row (as Kepware's own import reads it). */
function kepwareRows(text: string): Record<string, string>[] {
  const [head, ...rows] = [...csvRows(text, ',')].map((r) => r.cells);
  return rows.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i] ?? ''])));
}

/**
 * What Kepware's Modbus driver makes of a tag's registers with the device's Data Encoding settings, written from its
 * manual: "Modbus byte order" on = high byte of each register first; "first word low" on = the first register holds
 * the low 16 bits; "first DWord low" on = the first two registers hold the low 32 bits of a 64-bit value. All three
 * default to on. The settings are taken from the exported file; a file that says nothing gets the defaults.
 */
function kepwareReads(regs: number[], kepType: string, description: string): number {
  const said = /Modbus byte order (on|off), first word low (on|off), first DWord low (on|off)/.exec(description);
  const [byteOrder, firstWordLow, firstDWordLow] = said ? said.slice(1).map((s) => s === 'on') : [true, true, true];
  const words = regs.map((r) => (byteOrder ? r : ((r & 0xff) << 8) | (r >> 8)));
  const dword = (pair: number[]) => (firstWordLow ? [pair[1]!, pair[0]!] : pair);
  const highFirst = words.length === 1 ? words : words.length === 2 ? dword(words) : firstDWordLow ? [...dword(words.slice(2)), ...dword(words.slice(0, 2))] : [...dword(words.slice(0, 2)), ...dword(words.slice(2))];
  const b = Buffer.alloc(words.length * 2);
  highFirst.forEach((w, i) => b.writeUInt16BE(w, i * 2));
  if (kepType === 'Float') return b.readFloatBE(0);
  if (kepType === 'Double') return b.readDoubleBE(0);
  if (kepType === 'Long') return b.readInt32BE(0);
  if (kepType === 'Short') return b.readInt16BE(0);
  throw new Error(`no decoder for ${kepType}`);
}

describe('Kepware export: the word order the device needs (issue 13 item 14)', () => {
  it('each 32/64-bit tag carries the Data Encoding settings that make Kepware read the device\'s value right', () => {
    for (const order of ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const) {
      const tags = [tag('Power', 0, 'float32', order, 'AC power'), tag('Energy', 2, 'float64', order), tag('Count', 6, 'int32', order), tag('Temp', 8, 'int16', order)];
      const values = [1234.5, 98765.4321, -70000, -1234];
      const { text, notes } = exportKepwareCsv(tags);
      const rows = kepwareRows(text);
      rows.forEach((row, i) => {
        const device = encodeValue(values[i]!, tags[i]!.type as 'float32', order);
        expect(kepwareReads(device, row['Data Type']!, row['Description']!), `${order} ${tags[i]!.name}`).toBe(values[i]);
      });
      expect(rows[0]!['Description']).toMatch(/^AC power \[Kepware device/);
      expect(notes.join('\n')).toContain(`32/64-bit values are ${order}: set the Kepware device's Data Encoding to Modbus byte order`);
      // Read back by Fieldbench, the mark gives each tag its order and leaves the description as it was.
      const back = importMap(text, 'back.csv');
      // A 16-bit value keeps its byte order (BADC, DCBA); ABCD and CDAB are the same for one register.
      const one = order === 'BADC' || order === 'DCBA' ? order : 'ABCD';
      expect(back.tags.map((t) => [t.order, t.description])).toEqual([[order, 'AC power'], [order, ''], [order, ''], [one, '']]);
      expect(back.problems.filter((p) => p.code === 'assumption')).toEqual([]);
    }
  });

  it('a map that mixes orders says to split it, and a 16-bit tag gets no mark', () => {
    const { text, notes } = exportKepwareCsv([tag('A', 0, 'float32', 'ABCD'), tag('B', 2, 'float32', 'CDAB'), tag('C', 4, 'uint16', 'ABCD', 'plain')]);
    expect(notes[0]).toMatch(/mixes ABCD and CDAB: split it into one device per order/);
    expect(kepwareRows(text)[2]!['Description']).toBe('plain');
  });
});

describe('Kepware export: names made the same (issue 14 item 6)', () => {
  it('"=1+1" and "-1+1" both sanitise to 1_1: the second is renamed and reported by row', () => {
    const { text, notes, problems } = exportKepwareCsv([tag('=1+1', 0, 'uint16', 'ABCD'), tag('-1+1', 1, 'uint16', 'ABCD'), tag('1_1', 2, 'uint16', 'ABCD')]);
    expect(kepwareRows(text).map((r) => r['Tag Name'])).toEqual(['1_1', '1_1_2', '1_1_3']);
    expect(problems).toEqual([
      { row: 3, name: '-1+1', message: '"-1+1" becomes "1_1" in Kepware, the name of "=1+1" (row 2): exported as "1_1_2"' },
      { row: 4, name: '1_1', message: '"1_1" is already the Kepware name of "=1+1" (row 2): exported as "1_1_3"' },
    ]);
    expect(notes).toContain('2 names would have been the same as another\'s in Kepware: exported with a number added (see the rows)');
  });
});

describe('the traffic log as CSV', () => {
  it('writes a connection id that starts like a formula inert, and numbers as numbers', () => {
    const log = new TrafficLog();
    log.sink('=HYPERLINK("http://x","y")')({ at: 1_700_000_000_000, hr: 0, dir: 'tx', framing: 'mbap', bytes: Buffer.from('000100000006010300000001', 'hex') });
    const [, row] = [...csvRows(log.toCsv(), ',')].map((r) => r.cells);
    expect(row![2]).toBe('\'=HYPERLINK("http://x","y")');
    expect(row![4]).toBe('1');
  });
});

describe('the import problem list as CSV', () => {
  it('writes a file name or message that starts like a formula inert, numbers as numbers', () => {
    const csv = problemsCsv([{ file: '=cmd.csv', row: 12, cell: 'B12', column: 'Name', severity: 'error', code: 'bad-value', message: '@SUM(A1) is not a number', suggestion: '-1' }]);
    const [, row] = [...csvRows(csv.slice(1), ',')].map((r) => r.cells);
    expect(row).toEqual(["'=cmd.csv", '12', 'B12', 'Name', 'error', 'bad-value', "'@SUM(A1) is not a number", '-1']);
  });
});
