import { describe, expect, it } from 'vitest';
import { importMap } from '../../src/shared/import';
import { csvRows, MAX_COLUMNS } from '../../src/shared/import/csv';
import { evaluateImport } from '../../src/renderer/src/import/evaluate';
import { hostileXlsx, MB, SHEET_END, sheetHead } from '../helpers/rogue/hostile-xlsx';

// Issue 14 item 5: a workbook's sheet and shared strings are parsed as they inflate, so a row that never closes or a
// shared-strings part of 900 MB is refused at a stated limit, by `map check` and by the app's import worker alike.

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const refusal = (bytes: Uint8Array) => {
  const r = importMap(bytes, 'hostile.xlsx', {});
  expect(r.tags).toEqual([]);
  expect(r.problems).toHaveLength(1);
  expect(r.problems[0]).toMatchObject({ severity: 'error', code: 'unreadable' });
  return r.problems[0]!.message;
};
const inWorker = (bytes: Uint8Array) => evaluateImport({ draftId: 1, bytes, fileName: 'hostile.xlsx', options: {}, scanClassMs: 1000 }, new Map()).fatal;

describe('hostile workbooks made at test time', () => {
  it('a sheet whose second row never closes (1 GB of cells) is refused at the row limit, not read to the part limit', () => {
    const book = hostileXlsx({ sheet: { head: `${sheetHead(['Address', 'Name'])}<row r="2">`, unit: '<c><v>1</v></c>', size: 1024 * MB } });
    expect(book.length).toBeLessThan(8 * MB);
    const limit = /^row 2 of sheet "Map" runs past 4 MB without closing, the limit for one row \(maxRowBytes\)/;
    expect(refusal(book)).toMatch(limit);
    expect(inWorker(book)).toMatch(limit);
  });

  it('a shared-strings part of 900 MB is refused at the limit for the strings held, long before the part limit', () => {
    const sheet = { head: `${sheetHead(['Address', 'Name'])}<row r="2"><c><v>40001</v></c><c t="s"><v>0</v></c></row>${SHEET_END}`, unit: ' ', size: 0 };
    const book = hostileXlsx({ sheet, sharedStrings: { head: `<?xml version="1.0"?><sst ${NS}>`, unit: '<si><t>Register name</t></si>', size: 900 * MB, tail: '</sst>' } });
    const limit = /^the workbook's shared strings come to more than 64 MB \([\d,]+ strings read\), the limit for them \(maxSharedStringsBytes\)/;
    expect(refusal(book)).toMatch(limit);
    expect(inWorker(book)).toMatch(limit);
  });

  it('one shared string that never ends is refused at the limit for one string', () => {
    const sheet = { head: `${sheetHead(['Address'])}${SHEET_END}`, unit: ' ', size: 0 };
    const book = hostileXlsx({ sheet, sharedStrings: { head: `<?xml version="1.0"?><sst ${NS}><si><t>`, unit: 'x', size: 900 * MB } });
    expect(refusal(book)).toMatch(/^shared string 1 of the workbook runs past 4 MB without closing, the limit for one string \(maxRowBytes\)/);
  });

  it('the same streaming reads a workbook built this way that stays within the limits', () => {
    const rows = Array.from({ length: 3 }, (_v, i) => `<row r="${i + 2}"><c><v>${40001 + i}</v></c><c t="inlineStr"><is><t>P${i}</t></is></c></row>`).join('');
    const book = hostileXlsx({ sheet: { head: `${sheetHead(['Address', 'Name'])}${rows}`, unit: ' ', size: 2 * MB, tail: SHEET_END } });
    const r = importMap(book, 'ok.xlsx', {});
    expect(r.tags.map((t) => [t.name, t.address])).toEqual([['P0', 0], ['P1', 1], ['P2', 2]]);
  });
});

// Issue 14 item 7: a record of millions of cells keeps what a spreadsheet can hold and counts the rest, so column
// guessing looks at a bounded sample and the error quotes a bounded excerpt.
describe('hostile tables: one endless record', () => {
  it('a 50 MB single-line CSV keeps 16,384 cells and counts the rest; the error quotes a dozen of them', () => {
    const line = 'a;'.repeat(25_000_000);
    const [first] = csvRows(line, ';');
    expect(first!.cells).toHaveLength(MAX_COLUMNS);
    expect(first!.more).toBe(25_000_000 - MAX_COLUMNS);
    const r = importMap(line, 'one-line.csv', {});
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toMatch(/the header \(row 1\) has: a, a, a, a, a, a, a, a, a, a, a, a … \(25,000,000 columns in all\)$/);
  });

  it('an XLSX cell whose reference lies past column XFD is skipped, not padded to with millions of empty cells', () => {
    const rows = '<row r="2"><c><v>40001</v></c><c t="inlineStr"><is><t>P</t></is></c><c r="ZZZZZZZ2"><v>1</v></c></row>';
    const book = hostileXlsx({ sheet: { head: `${sheetHead(['Address', 'Name'])}${rows}${SHEET_END}`, unit: ' ', size: 0 } });
    const r = importMap(book, 'far.xlsx', {});
    expect(r.tags.map((t) => t.name)).toEqual(['P']);
  });
});
