import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMap, importTable, openSource, previewTable, resolveMapping, type ImportedTag, type ImportResult } from '../../src/shared/import';
import { makeXlsx, vendorWorkbook } from '../fixtures/maps/make-xlsx';

const FIXTURES = path.join(__dirname, '../fixtures/maps');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const byName = (r: ImportResult, name: string) => r.tags.find((t) => t.name === name);
/** The fields of a tag a test cares about, without its source and path. */
const core = (t: ImportedTag | undefined) => {
  if (!t) return undefined;
  const { source: _s, path: _p, description: _d, ...rest } = t;
  return rest;
};

describe('import: a European vendor CSV (BOM, semicolons, decimal commas, title rows, section headings)', () => {
  const r = importMap(fixture('inverter-eu.csv'), 'inverter-eu.csv', { devicePath: 'Plant/Roof/PV/Inv/WR1' });

  it('finds the header under the title, maps the German headers, and reads every tag', () => {
    expect(r.format).toBe('csv');
    expect(r.summary).toEqual({ rows: 13, tags: 11, rejected: 2, errors: 0, warnings: 3 });
    expect(core(byName(r, 'Netzspannung L1'))).toEqual({ name: 'Netzspannung L1', table: 'holding', address: 0, type: 'uint16', order: 'ABCD', scale: 0.1, offset: 0, units: 'V', access: 'read' });
    expect(core(byName(r, 'Netzstrom L1'))).toMatchObject({ address: 1, type: 'int16', scale: 0.01, units: 'A' });
    expect(core(byName(r, 'Wirkleistung'))).toMatchObject({ address: 2, type: 'float32', scale: 1 });
    expect(core(byName(r, 'Energie gesamt'))).toMatchObject({ address: 4, type: 'uint32', scale: 0.001, units: 'kWh' });
    expect(core(byName(r, 'Temperatur Kühlkörper'))).toMatchObject({ type: 'int16', units: '°C' });
    expect(core(byName(r, 'Übertemperatur'))).toMatchObject({ address: 8, bit: 3, type: 'bit' });
    expect(core(byName(r, 'Seriennummer'))).toMatchObject({ address: 9, type: 'string', length: 8 });
    expect(core(byName(r, 'Wirkleistungsgrenze'))).toMatchObject({ address: 100, scale: 0.1, units: '%', access: 'read-write' });
  });

  it('keeps quoted descriptions with semicolons, doubled quotes and line breaks, and counts lines right', () => {
    expect(byName(r, 'Netzstrom L1')!.description).toBe('Strom L1; vorzeichenbehaftet (+ = Einspeisung)');
    expect(byName(r, 'Wirkleistung')!.description).toBe('Summe aller Phasen,\nüber 1 s gemittelt');
    expect(byName(r, 'Wirkleistungsgrenze')!.description).toBe('Begrenzung in % von "Pmax"');
    expect(byName(r, 'Energie gesamt')!.source).toEqual({ file: 'inverter-eu.csv', row: 10 });
  });

  it('builds ISA-95 paths under the device, and lists section headings as rejected rows with a warning', () => {
    expect(byName(r, 'Netzspannung L1')!.path).toBe('Plant/Roof/PV/Inv/WR1/Netzspannung L1');
    expect(r.rejected.map((x) => [x.row, x.cells, x.problems.map((p) => p.severity)])).toEqual([
      [5, { Adresse: 'Messwerte' }, ['warning']],
      [16, { Adresse: 'Parameter' }, ['warning']],
    ]);
    expect(r.problems[0]).toMatchObject({ severity: 'warning', code: 'assumption', message: 'rows above the header (row 4) are taken as a title and not read' });
  });

  it('reads the same file saved as ANSI (Windows-1252) and says so', () => {
    const text = new TextDecoder().decode(fixture('inverter-eu.csv')).replace(/^\uFEFF/, '');
    const ansi = Uint8Array.from([...text].map((c) => ({ 'ü': 0xfc, 'Ü': 0xdc, 'ä': 0xe4, 'ö': 0xf6, '°': 0xb0, '–': 0x96 })[c] ?? c.charCodeAt(0)));
    const a = importMap(ansi, 'inverter-ansi.csv');
    expect(a.tags.map((t) => [t.name, t.units])).toEqual(r.tags.map((t) => [t.name, t.units]));
    expect(a.problems[0]!.message).toMatch(/not UTF-8: read as Windows-1252/);
  });
});

describe('import: a Kepware tag export', () => {
  const r = importMap(fixture('kepware-export.csv'), 'kepware-export.csv');
  it('reads Kepware addresses, data types, access, scan rates, linear scaling, clamps and negation', () => {
    expect(r.format).toBe('kepware-csv');
    expect(r.summary).toMatchObject({ tags: 10, rejected: 0, errors: 0 });
    expect(core(byName(r, 'Pump1_Speed'))).toEqual({ name: 'Pump1_Speed', table: 'holding', address: 0, type: 'uint16', order: 'ABCD', scale: 0.15, offset: 0, units: 'rpm', access: 'read', scanClassMs: 100, clamp: { max: 1500 } });
    expect(core(byName(r, 'Pump1_Flow'))).toMatchObject({ address: 2, type: 'float32', order: 'CDAB', scanClassMs: 500 });
    expect(core(byName(r, 'Pump1_Running'))).toMatchObject({ table: 'coil', address: 0, type: 'bool', access: 'read-write' });
    expect(core(byName(r, 'Pump1_Fault'))).toMatchObject({ table: 'discrete', address: 0, type: 'bool', access: 'read' });
    expect(core(byName(r, 'Tank_Level'))).toMatchObject({ table: 'input', type: 'int16', scale: 0.1, offset: 0, clamp: { min: -10, max: 10 } });
    expect(core(byName(r, 'Valve_Position'))).toMatchObject({ address: 9, scale: -1, offset: 0 });
    expect(core(byName(r, 'Status_Alarm'))).toMatchObject({ address: 10, type: 'bit', bit: 3 });
    expect(core(byName(r, 'Total_Energy'))).toMatchObject({ address: 19, type: 'uint32' });
    expect(core(byName(r, 'Device_Name'))).toMatchObject({ address: 29, type: 'string', length: 8, order: 'ABCD' });
    expect(core(byName(r, 'Runtime'))).toMatchObject({ type: 'int64', order: 'CDAB' });
  });

  it('says that the word order is an assumption, and follows the option', () => {
    expect(r.problems.map((p) => p.code)).toEqual(['assumption']);
    const abcd = importMap(fixture('kepware-export.csv'), 'k.csv', { kepwareWordOrder: 'ABCD' });
    expect(byName(abcd, 'Pump1_Flow')!.order).toBe('ABCD');
    expect(abcd.problems).toEqual([]); // chosen, not assumed
  });
});

describe('import: XLSX', () => {
  it('reads the named sheet with rich text, inline strings, 17-digit floats and booleans', () => {
    const r = importMap(vendorWorkbook(), 'pm3.xlsx', { sheet: 'Register Map' });
    expect(r.format).toBe('xlsx');
    expect(r.tags.map((t) => [t.name, t.table, t.address, t.type, t.scale, t.access])).toEqual([
      ['Voltage L1-N', 'input', 0, 'float32', 1, 'read'],
      ['Current L1', 'input', 2, 'float32', 0.1, 'read'],
      ['Active power & total', 'input', 4, 'float32', 1000, 'read'],
      ['Energy import', 'input', 6, 'uint32', 0.001, 'read'],
      ['CT ratio', 'holding', 0, 'uint16', 1, 'read-write'],
      ['Reset energy', 'holding', 1, 'bool', 1, 'read-write'],
    ]);
    expect(r.rejected).toEqual([{ row: 10, cells: { Register: '40003', Description: 'Meter online', 'Data Type': 'TRUE', 'R/W': 'R' }, problems: [expect.objectContaining({ code: 'unknown-type', cell: 'C10', column: 'Data Type' })] }]);
  });

  it('reads the sheet that holds a register table, not the cover sheet before it, and says which sheets there are (issue 13 item 13)', () => {
    const r = importMap(vendorWorkbook(), 'pm3.xlsx');
    expect(r.rejected.map((x) => x.row)).toEqual([10]);
    expect(r.tags.map((t) => t.name)).toEqual(['Voltage L1-N', 'Current L1', 'Active power & total', 'Energy import', 'CT ratio', 'Reset energy']);
    expect(r.problems[0]!.message).toBe('read sheet "Register Map", the one that holds a register table; the workbook also has "Info" (choose another with the sheet option)');
    // Asked for by name, the cover sheet is read, and the error points at the others.
    const cover = importMap(vendorWorkbook(), 'pm3.xlsx', { sheet: 'info' });
    expect(cover.summary.errors).toBe(1);
    expect(cover.problems[0]!.message).toMatch(/^sheet "Info": no address column.*the workbook also has "Register Map" \(choose one with the sheet option\)$/);
    // A workbook whose only map is its first visible sheet reads it without a note.
    const first = makeXlsx([{ name: 'Map', rows: [['Address', 'Name'], [40001, 'a']] }, { name: 'Notes', rows: [['Revision', 2]] }]);
    const f = importMap(first, 'first.xlsx');
    expect(f.tags.map((t) => t.name)).toEqual(['a']);
    expect(f.problems.map((p) => p.message)).toContain('read sheet "Map"; the workbook also has "Notes" (choose another with the sheet option)');
  });
});

describe('import: SunSpec model JSON', () => {
  it('lays out model 103 from its ID register, with scale-factor addresses, sentinels, enum labels and flags', () => {
    const r = importMap(fixture('sunspec/model_103.json'), 'model_103.json', { sunspecModelAddress: 40070 });
    expect(r.format).toBe('sunspec-json');
    expect(r.summary).toMatchObject({ tags: 45, rejected: 0, errors: 0, warnings: 0 });
    expect(core(byName(r, 'ID'))).toMatchObject({ address: 40070, type: 'uint16', sentinel: 'sunspec' });
    expect(core(byName(r, 'A'))).toMatchObject({ address: 40072, units: 'A', sfPoint: 'A_SF', sfAddress: 40076 });
    expect(core(byName(r, 'A_SF'))).toMatchObject({ address: 40076, type: 'int16' });
    expect(core(byName(r, 'WH'))).toMatchObject({ address: 40094, type: 'uint32', sentinel: 'sunspec-acc', sfAddress: 40096 });
    expect(byName(r, 'St')!.labels).toMatchObject({ '1': 'OFF', '4': 'MPPT', '7': 'FAULT' });
    expect(byName(r, 'Evt1')!.flags).toMatchObject({ '0': 'GROUND_FAULT', '7': 'OVER_TEMP' });
    expect(byName(r, 'EvtVnd4')!.address).toBe(40120);
  });

  it('places model 1 after the SunS marker by default, skips pad points, and reads strings and RW points', () => {
    const r = importMap(fixture('sunspec/model_1.json'), 'model_1.json');
    expect(r.tags.map((t) => [t.name, t.address, t.type, t.length ?? 1, t.access])).toEqual([
      ['ID', 40002, 'uint16', 1, 'read'],
      ['L', 40003, 'uint16', 1, 'read'],
      ['Mn', 40004, 'string', 16, 'read'],
      ['Md', 40020, 'string', 16, 'read'],
      ['Opt', 40036, 'string', 8, 'read'],
      ['Vr', 40044, 'string', 8, 'read'],
      ['SN', 40052, 'string', 16, 'read'],
      ['DA', 40068, 'uint16', 1, 'read-write'],
    ]);
    expect(r.problems).toEqual([]);
  });
});

describe('import: Fieldbench JSON', () => {
  it('reads exported tag maps, project tag maps and bare arrays, with problems by tag index and key', () => {
    const doc = {
      format: 'fieldbench-tagmap',
      version: 1,
      devicePath: 'A/B/C/D/E',
      tags: [
        { name: 'Speed', table: 'holding', address: 0, type: 'uint16', scale: 0.1, units: 'rpm' },
        { name: 'Flow', address: '30003', type: 'Float', order: 'CDAB' },
        { name: 'Bad', address: 5, type: 'float128' },
        { name: 'Alarm', address: '40011.3', type: 'bool' },
      ],
    };
    const r = importMap(JSON.stringify(doc), 'map.json');
    expect(r.format).toBe('fieldbench-json');
    expect(r.tags.map((t) => [t.name, t.table, t.address, t.type, t.order, t.bit ?? null])).toEqual([
      ['Speed', 'holding', 0, 'uint16', 'ABCD', null],
      ['Flow', 'input', 2, 'float32', 'CDAB', null],
      ['Alarm', 'holding', 10, 'bit', 'ABCD', 3],
    ]);
    expect(r.rejected.map((x) => [x.row, x.problems[0]!.column, x.problems[0]!.message])).toEqual([[3, 'type', 'unknown data type "float128"']]);
    const project = { format: 'fieldbench-project', tagMaps: [{ id: 'm1', deviceId: 'd1', name: 'Pump', tags: [{ name: 'X', table: 'input', address: 3, type: 'int16' }] }] };
    expect(importMap(JSON.stringify(project), 'p.json').tags.map((t) => t.name)).toEqual(['X']);
    expect(importMap('[{"name":"Y","address":7}]', 'a.json').tags.map((t) => [t.name, t.type])).toEqual([['Y', 'uint16']]);
    expect(importMap('{"hello": 1}', 'x.json').problems[0]!.message).toMatch(/neither a Fieldbench tag map .* nor a SunSpec model/);
  });
});

describe('import: the column-mapping step', () => {
  const csv = 'Modbus Reg.;Signal;Format;Gain;EU;Remarks\n30001;Flow;REAL;0,5;m3/h;main line\n30003;Level;INT;1;m;\n';

  it('guesses columns from header synonyms with a confidence and shows a preview', () => {
    const src = openSource(csv, 'vendor.csv');
    if (src.kind !== 'table') throw new Error('expected a table');
    const g = previewTable(src.table);
    expect(g.headers).toEqual(['Modbus Reg.', 'Signal', 'Format', 'Gain', 'EU', 'Remarks']);
    expect(g.mapping).toEqual({ address: 0, name: 1, type: 2, scale: 3, units: 4, description: 5 });
    expect(g.confidence).toMatchObject({ address: 0.6, name: 0.8, type: 1, scale: 1, units: 1, description: 1 });
    expect(g.overall).toBe(0.6);
    expect(g.missing).toEqual([]);
    expect(g.preview).toEqual([
      { row: 2, values: { address: '30001', name: 'Flow', type: 'REAL', scale: '0,5', units: 'm3/h', description: 'main line' } },
      { row: 3, values: { address: '30003', name: 'Level', type: 'INT', scale: '1', units: 'm', description: '' } },
    ]);
  });

  it('imports with a mapping the user fixed', () => {
    const src = openSource('A,B,C\n1,Flow,x\n2,Level,y\n', 'odd.csv');
    if (src.kind !== 'table') throw new Error('expected a table');
    expect(previewTable(src.table).missing).toEqual(['address']);
    const mapping = resolveMapping(['A', 'B', 'C'], { address: 'A', name: 'b', description: 2 });
    const r = importTable(src.table, 'odd.csv', { plainBase: 1 }, mapping);
    expect(r.tags.map((t) => [t.name, t.address, t.description])).toEqual([
      ['Flow', 0, 'x'],
      ['Level', 1, 'y'],
    ]);
    expect(() => resolveMapping(['A'], { units: 'Unit' })).toThrow('no column "Unit" for units; the columns are: A');
  });
});
