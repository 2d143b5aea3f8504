import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkName, importMap, parseDevicePath, type ImportResult } from '../../src/shared/import';
import { rowVerdicts, summarizeVerdicts, verdictLine } from '../../src/shared/import/verdicts';
import { makeXlsx } from '../fixtures/maps/make-xlsx';

const FIXTURES = path.join(__dirname, '../fixtures/maps');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const brief = (r: ImportResult) => r.problems.map((p) => [p.row ?? null, p.cell ?? p.column ?? null, p.severity, p.code]);

describe('import problems: every bad row is listed with file, row, column and reason', () => {
  const r = importMap(fixture('wrong-types.csv'), 'wrong-types.csv');

  it('rejects rows with unknown types, bad numbers, bad addresses and duplicates, and keeps the good ones', () => {
    expect(r.summary).toEqual({ rows: 10, tags: 5, rejected: 5, errors: 5, warnings: 3 });
    expect(r.tags.map((t) => t.source.row)).toEqual([2, 5, 6, 10, 11]);
    expect(r.rejected.map((x) => x.row)).toEqual([3, 4, 7, 8, 9]);
    expect(brief(r)).toEqual([
      [3, 'C3', 'error', 'unknown-type'],
      [4, 'D4', 'error', 'unparseable-number'],
      [6, 'address', 'warning', 'overlap'],
      [7, 'name', 'error', 'duplicate-name'],
      [8, 'A8', 'error', 'bad-address'],
      [9, 'address', 'error', 'address-out-of-range'],
      [10, 'B10', 'warning', 'invalid-name'],
      [11, 'B11', 'warning', 'missing-value'],
    ]);
    for (const p of r.problems) expect(p.file).toBe('wrong-types.csv');
  });

  it('says what is wrong in words, with the evidence', () => {
    const msg = (row: number) => r.problems.find((p) => p.row === row)!.message;
    expect(msg(3)).toBe('unknown data type "FLOAT17"');
    expect(msg(4)).toBe('scale "abc" is not a number');
    expect(msg(6)).toBe('Frequency (uint16, 40005) overlaps Energy (row 5, uint32, 40004..40005); both are imported: check which is right');
    expect(msg(7)).toBe('"Voltage" is already the name of row 2 (40001); this row is left out');
    expect(msg(9)).toBe('Past the end: a float32 at 465536 needs 2 registers and runs past address 65535');
    expect(r.rejected.find((x) => x.row === 3)!.cells).toEqual({ Register: '40002', Name: 'Current', Type: 'FLOAT17', Scale: '0.01', Units: 'A' });
  });

  it('flags names Sparkplug or OPC UA would not take, with a suggested fix used in the path', () => {
    const p = r.problems.find((x) => x.code === 'invalid-name')!;
    expect(p.suggestion).toBe('Temp_Sensor No1');
    expect(r.tags.find((t) => t.name === 'Temp/Sensor #1')!.path).toBe('Site/Area/Line/Cell/Device/Temp_Sensor No1');
    expect(checkName(' Pump+1\t')).toEqual({ reasons: ['contains control characters (line breaks, tabs)', 'has leading or trailing blanks', 'contains "+" ("+" and "#" are MQTT wildcards, not allowed in Sparkplug)'], fixed: 'Pump_plus_1' });
    expect(checkName('')).toEqual({ reasons: ['is empty'], fixed: 'unnamed' });
    expect(checkName('Flow.PV')).toEqual({ reasons: [], fixed: 'Flow.PV' });
    expect(parseDevicePath('Site/Area/Line/Cell')).toEqual({ ok: false, message: 'a device path has five levels, Site/Area/Line/Cell/Device; "Site/Area/Line/Cell" has 4' });
    expect(parseDevicePath('Site/Area/Line/Cell/Pump #2')).toMatchObject({ ok: false, message: expect.stringContaining('the Device level "Pump #2" contains "#"') });
    expect(() => importMap('Address\n1\n', 'x.csv', { devicePath: 'a/b' })).toThrow(/five levels/);
  });

  it('overlap: bits of one register do not collide with each other or their word, the same bit twice does', () => {
    const m = importMap('Address,Name,Type\n40001,Status,UINT16\n40001.0,Run,BOOL\n40001.1,Fault,BOOL\n40001.1,Fault again,BOOL\n40002,F,FLOAT32\n40004,G,FLOAT32\n40005,H,UINT16\n', 'bits.csv');
    expect(brief(m)).toEqual([
      [5, 'address', 'warning', 'overlap'],
      [8, 'address', 'warning', 'overlap'],
    ]);
    expect(m.problems.map((p) => p.message)).toEqual(['Fault again reads bit 40001.1, which Fault (row 4) reads too; both are imported: check which is right', 'H (uint16, 40005) overlaps G (row 7, float32, 40004..40005); both are imported: check which is right']);
  });

  it('names the missing required column', () => {
    const m = importMap(fixture('missing-columns.csv'), 'missing-columns.csv');
    expect(m.tags).toEqual([]);
    expect(brief(m)).toEqual([[1, null, 'error', 'missing-column']]);
    expect(m.problems[0]!.message).toBe('no address column: expected a header such as Address, Register, Reg, Modbus Address or Offset; the header (row 1) has: Name, Type, Scale, Units');
  });
});

describe('import verdicts: one per row, the same in the preview, the problem list and the summary (issue 13 item 6)', () => {
  it('an error always refuses its row, a kept row has at most warnings, and the counts add up to the rows', () => {
    const r = importMap(fixture('wrong-types.csv'), 'wrong-types.csv');
    const refused = new Set(r.rejected.map((x) => x.row));
    for (const p of r.problems) if (p.severity === 'error' && p.row !== undefined) expect(refused, `row ${p.row}: ${p.message}`).toContain(p.row);
    const v = rowVerdicts(r);
    expect([...v.values()].sort((a, b) => a.row - b.row).map((x) => [x.row, x.verdict])).toEqual([
      [2, 'imported'],
      [3, 'refused'],
      [4, 'refused'],
      [5, 'imported'],
      [6, 'warning'],
      [7, 'refused'],
      [8, 'refused'],
      [9, 'refused'],
      [10, 'warning'],
      [11, 'warning'],
    ]);
    expect(v.get(6)!.reason).toMatch(/^Frequency .* overlaps Energy/);
    expect(v.get(3)!.reason).toBe('unknown data type "FLOAT17"');
    const s = summarizeVerdicts(r, v);
    expect(s).toEqual({ rows: r.summary.rows, imported: 2, warning: 3, refused: r.summary.rejected });
    expect(verdictLine(s)).toBe('10 rows: 5 tags (3 with warnings), 5 refused');
  });

  it('a tag the project refuses (after the importer kept it) is refused in every place, with its reason', () => {
    const r = importMap(fixture('wrong-types.csv'), 'wrong-types.csv');
    const byProject = [{ file: 'wrong-types.csv', row: 5, column: 'name', severity: 'error' as const, code: 'duplicate-name' as const, message: '"Energy" is already the name of row 2; a map holds each name once' }];
    const v = rowVerdicts(r, byProject);
    expect(v.get(5)).toEqual({ row: 5, verdict: 'refused', reason: byProject[0]!.message });
    expect(summarizeVerdicts(r, v)).toMatchObject({ imported: 1, refused: 6 });
  });

  it('a file without the address column says which column is missing, not "0 tags from 0 rows"', () => {
    const m = importMap(fixture('missing-columns.csv'), 'missing-columns.csv');
    const s = summarizeVerdicts(m, rowVerdicts(m));
    expect(verdictLine(s)).toBe('no tags: no address column: expected a header such as Address, Register, Reg, Modbus Address or Offset; the header (row 1) has: Name, Type, Scale, Units');
  });
});

describe('import problems: files that cannot be read give one clear error', () => {
  const one = (input: Uint8Array | string, name: string, options = {}) => {
    const r = importMap(input, name, options);
    expect(r.tags).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: name, severity: 'error', code: 'unreadable' });
    return r.problems[0]!.message;
  };

  it('binary garbage, empty files, wrong formats, damaged workbooks', () => {
    let seed = 42;
    const garbage = new Uint8Array(256 * 1024).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    expect(one(garbage, 'map.csv')).toBe('this is not a text file (it contains NUL bytes): expected CSV, XLSX or JSON');
    expect(one(new Uint8Array(0), 'map.csv')).toBe('the file is empty');
    expect(one('\r\n\r\n', 'map.csv')).toBe('the file is empty');
    expect(one(new TextEncoder().encode('%PDF-1.4 ...'), 'map.pdf')).toMatch(/this is a PDF/);
    expect(one('not a zip', 'map.xlsx')).toBe('the file is named .xlsx but is not an XLSX workbook (no zip archive inside)');
    expect(one(makeXlsx([{ name: 'S', rows: [['Address']] }]).slice(0, 300), 'map.xlsx')).toMatch(/^this is not a readable XLSX workbook/);
    expect(one('{"tags": [1, 2', 'map.json')).toMatch(/^the file is not valid JSON/);
    expect(one('Address\n40001\n', 'big.csv', { maxBytes: 8 })).toBe('the file is 14 bytes, above the 8 bytes import limit (maxBytes)');
  });
});

describe('import problems: maps that look one register off', () => {
  it('every 32-bit value on an odd 0-based address: a 1-based map read as 0-based, with a suggested shift', () => {
    const r = importMap(fixture('one-based-floats.csv'), 'one-based-floats.csv');
    expect(r.tags).toHaveLength(10);
    expect(brief(r)).toEqual([[null, null, 'warning', 'off-by-one']]);
    expect(r.problems[0]!.message).toBe(
      'all 10 32/64-bit values start on an odd 0-based address (40002, 40004, 40006, 40008, ... are wire addresses 1, 3, 5, 7); devices align them to even addresses, so the map is probably numbered from 1, not from 0',
    );
    expect(r.problems[0]!.suggestion).toBe('shift every address by -1 (import with plain addresses counted from 1)');
    const fixed = importMap(fixture('one-based-floats.csv'), 'one-based-floats.csv', { plainBase: 1 });
    expect(fixed.problems).toEqual([]);
    expect(fixed.tags.map((t) => t.address).slice(0, 3)).toEqual([0, 2, 4]);
  });

  it('does not fire for maps whose 32-bit values are even, or that mix widths', () => {
    const even = importMap(['Register,Name,Type', ...Array.from({ length: 10 }, (_v, i) => `${40001 + 2 * i},F${i},FLOAT32`)].join('\n'), 'even.csv');
    expect(even.problems).toEqual([]);
    const mixed = importMap(['Register,Name,Type', '40001,A,UINT16', ...Array.from({ length: 9 }, (_v, i) => `${40002 + 2 * i},F${i},FLOAT32`), '40100,B,FLOAT32'].join('\n'), 'mixed.csv');
    expect(mixed.problems).toEqual([]);
  });

  it('the SunSpec marker one register beside 40000, or a map that starts there', () => {
    const r = importMap(fixture('sunspec-shifted.csv'), 'sunspec-shifted.csv');
    expect(brief(r)).toEqual([[2, 'address', 'warning', 'off-by-one']]);
    expect(r.problems[0]!.message).toBe('the SunSpec marker "SunS" is at wire address 40001 (440002), one register above the SunSpec base 40000; every address is probably off by one');
    expect(r.problems[0]!.suggestion).toBe('shift every address by -1 (import with plain addresses counted from 1)');
    expect(importMap(fixture('sunspec-shifted.csv'), 'sunspec-shifted.csv', { plainBase: 1 }).problems).toEqual([]);
    const sunspecNumbers = 'Register,Name,Type,Count\n40001,SunS,UINT32,2\n40003,ID,UINT16,1\n';
    const modicon = importMap(sunspecNumbers, 'suns.csv');
    expect(modicon.tags[0]!.address).toBe(0);
    expect(modicon.problems.map((p) => [p.row, p.code, p.suggestion])).toEqual([[2, 'off-by-one', 'if the device has "SunS" at 40000, import 5-digit addresses as plain numbers counted from 1 (fiveDigit offset, plainBase 1)']]);
    const plain = importMap(sunspecNumbers, 'suns.csv', { fiveDigit: 'offset', plainBase: 1 });
    expect(plain.tags.map((t) => t.address)).toEqual([40000, 40002]);
    expect(plain.problems).toEqual([]);
    const unnamed = importMap(['Offset,Name,Type', '39999,Marker word,UINT32', ...Array.from({ length: 10 }, (_v, i) => `${40001 + i},P${i},INT16`)].join('\n'), 'unnamed.csv');
    expect(unnamed.problems.map((p) => [p.code, p.suggestion])).toEqual([['off-by-one', 'shift every address by +1']]);
  });

  it('against the marker the device itself has (SunSpec discovery): one off, another base, or in place', () => {
    // The device was found to have "SunS" at 50000; a map with the marker at 50001 is one off from it.
    const shifted = 'Offset,Name,Type\n50001,SunS,UINT32\n50003,ID,UINT16\n';
    const r = importMap(shifted, 'inv.csv', { deviceSunSpecBase: 50000 });
    expect(r.problems.map((p) => [p.row, p.code, p.message, p.suggestion])).toEqual([
      [2, 'off-by-one', 'the SunSpec marker "SunS" is at wire address 50001 (450002), one register above wire address 50000, where this device has its "SunS" marker (SunSpec discovery); every address is probably off by one', 'shift every address by -1 (import with plain addresses counted from 1)'],
    ]);
    // The suggestion works even though the column is called "Offset": the operator's choice beats the header's.
    const followed = importMap(shifted, 'inv.csv', { deviceSunSpecBase: 50000, plainBase: 1 });
    expect(followed.tags.map((t) => t.address)).toEqual([50000, 50002]);
    expect(followed.problems).toEqual([]);
    // Without the device the map is held against the usual bases, 50000 among them.
    expect(importMap(shifted, 'inv.csv').problems.map((p) => p.code)).toEqual(['off-by-one']);
    // A map laid out for 40000 on a device that has its marker at 50000: not one off, but wrong all the same.
    const other = importMap('Offset,Name,Type\n40000,SunS,UINT32\n40002,ID,UINT16\n', 'inv.csv', { deviceSunSpecBase: 50000 });
    expect(other.problems.map((p) => [p.code, p.suggestion])).toEqual([['assumption', 'shift every address by +10000, or discover the device\'s models instead']]);
    expect(importMap('Offset,Name,Type\n40000,SunS,UINT32\n40002,ID,UINT16\n', 'inv.csv').problems).toEqual([]);
    // No marker row, a short map starting one register past the device's marker with a 32-bit value.
    const short = importMap('Offset,Name,Type\n50001,W,INT32\n50003,VA,INT32\n', 'short.csv', { deviceSunSpecBase: 50000 });
    expect(short.problems.map((p) => [p.row, p.code])).toEqual([[2, 'off-by-one']]);
    expect(importMap('Offset,Name,Type\n50001,W,INT32\n50003,VA,INT32\n', 'short.csv').problems).toEqual([]);
    // In place: nothing to say.
    expect(importMap('Offset,Name,Type\n50000,SunS,UINT32\n50002,ID,UINT16\n', 'ok.csv', { deviceSunSpecBase: 50000 }).problems).toEqual([]);
  });

  it('says what it assumed when the file does not say', () => {
    const r = importMap('Register;Name\n40001;A\n40002;B\n', 'untyped.csv');
    expect(r.problems.map((p) => p.message)).toEqual(['no data-type column: registers are read as uint16 and coils as bool']);
    const blank = importMap('Register,Name,Type\n40001,A,\n', 'blank-type.csv');
    expect(brief(blank)).toEqual([[2, 'C2', 'warning', 'assumption']]);
  });
});
