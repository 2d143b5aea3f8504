import { describe, expect, it } from 'vitest';
import { csvRows, detectDialect, parseNumberCell, readXlsx, UnreadableFileError } from '../../src/shared/import';
import { decodeText } from '../../src/shared/import/text';
import { makeXlsx, type Cell } from '../fixtures/maps/make-xlsx';

const rows = (text: string, delimiter = ',') => [...csvRows(text, delimiter)].map((r) => [r.row, r.cells]);

describe('import: CSV records', () => {
  it('keeps delimiters, doubled quotes and line breaks inside quotes, and reports the line each record starts on', () => {
    const text = 'a;b;c\r\n1;"x;y";"say ""hi"""\r\n2;"two\nlines";z\n3;;\n';
    expect(rows(text, ';')).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x;y', 'say "hi"']],
      [3, ['2', 'two\nlines', 'z']],
      [5, ['3', '', '']],
    ]);
  });

  it('takes LF, CRLF and lone CR line ends, blank lines and a last line without a line end', () => {
    expect(rows('a,b\rc,d\n\ne,f')).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['']],
      [4, ['e', 'f']],
    ]);
  });

  it('is lenient like Excel: text after a closing quote is kept, an unterminated quote runs to the end', () => {
    const [r1, r2] = [...csvRows('"ab"c,d\n"open,\nrest', ',')];
    expect(r1!.cells).toEqual(['abc', 'd']);
    expect(r2).toEqual({ row: 2, cells: ['open,\nrest'], unterminated: true });
  });

  it('detects the delimiter from the lines (quoted delimiters do not count) and Excel\'s "sep=" line', () => {
    expect(detectDialect('Name;Address;Desc\nA;40001;"x, y, z"\nB;40002;"p, q"\n')).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(detectDialect('Name,Address\nA,40001\n')).toMatchObject({ delimiter: ',', decimal: '.' });
    expect(detectDialect('Name\tAddress\tScale\nA\t40001\t0.1\n')).toMatchObject({ delimiter: '\t', decimal: '.' });
    expect(detectDialect('Name\tAddress\tScale\nA\t40001\t0,1\n')).toMatchObject({ delimiter: '\t', decimal: ',' });
    expect(detectDialect('sep=|\nName|Address\nA|1\n')).toMatchObject({ delimiter: '|', start: 6, startRow: 2 });
  });
});

describe('import: numbers as spreadsheets write them', () => {
  const n = (s: string, d: '.' | ',' = '.') => {
    const c = parseNumberCell(s, d);
    return c.kind === 'number' ? c.value : c.kind;
  };
  it('reads decimal commas, grouping and fractions, and refuses anything else', () => {
    expect(n('0,1', ',')).toBe(0.1);
    expect(n('1.234,5', ',')).toBe(1234.5);
    expect(n('1.000.000', ',')).toBe(1_000_000);
    expect(n('1,234.5')).toBe(1234.5);
    expect(n('1,000')).toBe(1000);
    expect(n('0,5')).toBe(0.5);
    expect(n('−12,5', ',')).toBe(-12.5);
    expect(n("1'000")).toBe(1000);
    expect(n('1 000,25', ',')).toBe(1000.25);
    expect(n('1e-3')).toBe(0.001);
    expect(n('1/10')).toBe(0.1);
    expect(n('')).toBe('empty');
    expect(n('abc')).toBe('bad');
    expect(n('1,2,3')).toBe('bad');
    expect(n('1/0')).toBe('bad');
    expect(n('Infinity')).toBe('bad');
  });
});

describe('import: bytes to text', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it('strips a UTF-8 BOM, reads UTF-16 with a BOM, and falls back to Windows-1252 for ANSI files', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Name;°C')]))).toEqual({ text: 'Name;°C', encoding: 'utf-8', bom: true });
    expect(decodeText(bytes(0xff, 0xfe, 0x41, 0, 0x3b, 0, 0x42, 0))).toMatchObject({ text: 'A;B', encoding: 'utf-16le' });
    expect(decodeText(bytes(0xfe, 0xff, 0, 0x41, 0, 0x3b, 0, 0x42))).toMatchObject({ text: 'A;B', encoding: 'utf-16be' });
    expect(decodeText(bytes(0x54, 0x3b, 0xb0, 0x43))).toEqual({ text: 'T;°C', encoding: 'windows-1252', bom: false });
  });

  it('refuses binary data, known binary formats and empty files with one clear message', () => {
    const garbage = new Uint8Array(4096).map((_v, i) => (i * 7919 + 13) % 256);
    expect(() => decodeText(garbage)).toThrow(/not a text file/);
    expect(() => decodeText(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0))).toThrow(/legacy Excel 97-2003/);
    expect(() => decodeText(new TextEncoder().encode('%PDF-1.7'))).toThrow(/PDF/);
    expect(() => decodeText(new TextEncoder().encode(' \r\n\t '))).toThrow(UnreadableFileError);
    expect(() => decodeText('\u0001\u0002\u0003abc')).toThrow(/binary/);
  });
});

describe('import: XLSX without a DOM', () => {
  const book = makeXlsx([
    { name: 'Cover', rows: [['hidden cover']], hidden: true },
    { name: 'Map', rows: [['Address', 'Name', 'Scale', 'Flag'], [40001, { rich: ['Volt', 'age'] }, { raw: '0.10000000000000001' }, true], [40002, { inline: 'A & B <1>' }, 1e-3, false]], skipRows: [] },
    { name: 'Sparse', rows: [['Address', null, null, 'Name'], [], [30001, null, null, 'X']], firstRow: 3, skipRows: [1] },
    { name: 'Prefixed', rows: [['Address', 'Name'], [1, 'p']], prefix: 'x:' },
  ]);
  const cells = (sheet?: string) => [...readXlsx(book, sheet === undefined ? {} : { sheet }).rows].map((r) => [r.row, r.cells]);

  it('reads the first visible sheet: shared strings with rich runs, inline strings, numbers, booleans', () => {
    expect(readXlsx(book).name).toBe('Map');
    expect(readXlsx(book).sheetNames).toEqual(['Cover', 'Map', 'Sparse', 'Prefixed']);
    expect(cells()).toEqual([
      [1, ['Address', 'Name', 'Scale', 'Flag']],
      [2, ['40001', 'Voltage', '0.1', 'TRUE']],
      [3, ['40002', 'A & B <1>', '0.001', 'FALSE']],
    ]);
  });

  it('keeps row numbers and column positions of sparse sheets, and reads prefixed XML', () => {
    expect(cells('sparse')).toEqual([
      [3, ['Address', '', '', 'Name']],
      [5, ['30001', '', '', 'X']],
    ]);
    expect(cells('Prefixed')).toEqual([
      [1, ['Address', 'Name']],
      [2, ['1', 'p']],
    ]);
  });

  it('names the sheets when the one asked for does not exist, and refuses damaged or oversized workbooks', () => {
    expect(() => readXlsx(book, { sheet: 'Registers' })).toThrow('the workbook has no sheet "Registers"; its sheets are: Cover, Map, Sparse, Prefixed');
    const damaged = book.slice(0, 200);
    expect(() => readXlsx(damaged)).toThrow(UnreadableFileError);
    expect(() => readXlsx(book, { maxXlsxBytes: 100 })).toThrow(/above the 100 bytes limit for XLSX/);
    expect(() => [...readXlsx(book, { maxSheetBytes: 50 }).rows]).toThrow(/inflates to more than 50 bytes, the limit for one part of a workbook/);
  });

  it('holds the inflated-size limits on the bytes that come out, whatever size the archive declares (a zip bomb)', () => {
    const rows: Cell[][] = [['Address', 'Name']];
    for (let i = 0; i < 60_000; i++) rows.push([40001 + i, 'same point name, again and again']);
    const bomb = makeXlsx([{ name: 'Map', rows }]);
    const sheet = 'xl/worksheets/sheet1.xml';
    // The sheet says it inflates to 1,000 bytes, in its local header and in the central directory: a lie.
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    const name = new TextEncoder().encode(sheet);
    const at = (off: number) => name.every((b, k) => bomb[off + k] === b);
    let patched = 0;
    for (let i = 0; i + 4 < bomb.length; i++) {
      const sig = view.getUint32(i, true);
      const sizeAt = sig === 0x04034b50 && at(i + 30) ? i + 22 : sig === 0x02014b50 && at(i + 46) ? i + 24 : -1;
      if (sizeAt < 0) continue;
      view.setUint32(sizeAt, 1000, true);
      patched++;
    }
    expect(patched).toBe(2);
    expect(() => [...readXlsx(bomb, { maxSheetBytes: 1024 * 1024 }).rows]).toThrow(/xl\/worksheets\/sheet1\.xml inflates to more than 1 MB, the limit for one part of a workbook/);
    expect(() => [...readXlsx(bomb, { maxInflatedBytes: 1024 * 1024 }).rows]).toThrow(/the workbook inflates to more than 1 MB, the limit for a whole workbook/);
  });
});

describe('import: a large XLSX sheet, decoded a few MB at a time', () => {
  it('reads rows across the decoder\'s chunk boundaries without losing or splitting one', () => {
    const rows = [['Address', 'Name', 'Type', 'Description']] as (string | number)[][];
    for (let i = 0; i < 40_000; i++) rows.push([40001 + i, `Register ${i} «ü»`, 'UINT16', `A longer description for register ${i} & friends`]);
    const book = makeXlsx([{ name: 'Big', rows }]);
    let n = 0;
    let last: string[] = [];
    for (const r of readXlsx(book).rows) {
      n++;
      expect(r.row).toBe(n);
      expect(r.cells).toHaveLength(4);
      last = r.cells;
    }
    expect(n).toBe(40_001);
    expect(last).toEqual(['80000', 'Register 39999 «ü»', 'UINT16', 'A longer description for register 39999 & friends']);
  });
});
