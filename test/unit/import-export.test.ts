import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCsv, exportFieldbenchJson, exportKepwareCsv, exportTelegraf, importMap, type ImportedTag } from '../../src/shared/import';
import { SYSTEM_PYTHON } from '../helpers/processes';

const FIXTURES = path.join(__dirname, '../fixtures/maps');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const strip = (tags: readonly ImportedTag[]) => tags.map(({ source: _s, ...t }) => t);

const eu = importMap(fixture('inverter-eu.csv'), 'inverter-eu.csv');
const kep = importMap(fixture('kepware-export.csv'), 'kepware-export.csv');
const sunspec = importMap(fixture('sunspec/model_103.json'), 'model_103.json', { sunspecModelAddress: 40070 });

describe('export: Fieldbench JSON', () => {
  it('round-trips every field, SunSpec scale factors, labels and flags included', () => {
    for (const r of [eu, kep, sunspec]) {
      const text = exportFieldbenchJson(r.tags, r.devicePath);
      const back = importMap(text, 'back.json', { devicePath: r.devicePath });
      expect(back.problems).toEqual([]);
      expect(strip(back.tags)).toEqual(strip(r.tags));
    }
    expect(JSON.parse(exportFieldbenchJson(kep.tags))).toMatchObject({ format: 'fieldbench-tagmap', version: 1, tags: expect.any(Array) });
  });
});

describe('export: CSV', () => {
  it('round-trips through its own importer, comma or semicolon with decimal commas', () => {
    for (const r of [eu, kep]) {
      for (const delimiter of [',', ';'] as const) {
        const text = exportCsv(r.tags, { delimiter });
        const back = importMap(text, 'back.csv', { devicePath: r.devicePath });
        expect(back.problems).toEqual([]);
        expect(strip(back.tags)).toEqual(strip(r.tags));
      }
    }
    const semi = exportCsv(eu.tags, { delimiter: ';' });
    expect(semi.startsWith('\uFEFFName;Table;Address (0-based);Bit;Type')).toBe(true);
    expect(semi).toContain('Netzspannung L1;holding;0;;uint16;;ABCD;0,1;0;;;V;read;;Spannung Phase L1\r\n');
  });
});

describe('export: Kepware CSV', () => {
  it('writes Kepware addresses, types and linear scaling that its importer reads back to the same tags', () => {
    const { text, notes } = exportKepwareCsv(kep.tags);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('"Tag Name","Address","Data Type","Respect Data Type","Client Access","Scan Rate","Scaling","Raw Low","Raw High","Scaled Low","Scaled High","Scaled Data Type","Clamp Low","Clamp High","Eng Units","Description","Negate Value"');
    expect(lines[1]).toBe('"Pump1_Speed","400001","Word",1,"RO",100,"Linear",0,10000,0,1500,"Double",0,1,"rpm","Pump 1 speed",0');
    expect(text).toContain('"Status_Alarm","400011.3","Boolean"');
    expect(text).toContain('"Device_Name","400030.16H","String"');
    expect(notes).toEqual(["32/64-bit values are CDAB: set the Kepware device's Data Encoding to Modbus byte order enabled, first word low enabled, first DWord low enabled (Kepware's defaults); each tag's description says so too"]);
    const back = importMap(text, 'back.csv');
    expect(back.format).toBe('kepware-csv');
    expect(back.tags).toHaveLength(kep.tags.length);
    back.tags.forEach((t, i) => {
      const o = kep.tags[i]!;
      expect({ ...t, scale: 0, offset: 0, clamp: undefined, source: null }).toEqual({ ...o, scale: 0, offset: 0, clamp: undefined, source: null });
      expect(t.scale).toBeCloseTo(o.scale, 12);
      expect(t.offset).toBeCloseTo(o.offset, 12);
      expect(Object.keys(t.clamp ?? {})).toEqual(Object.keys(o.clamp ?? {}));
      for (const [k, v] of Object.entries(o.clamp ?? {})) expect(t.clamp![k as 'min' | 'max']).toBeCloseTo(v, 9);
    });
  });

  it('says what Kepware cannot hold', () => {
    expect(exportKepwareCsv(sunspec.tags).notes).toEqual([
      'SunSpec scale-factor registers are not carried: those values export unscaled',
      'enum labels and bit-field names are not carried (Kepware has no place for them)',
      "32/64-bit values are ABCD: set the Kepware device's Data Encoding to Modbus byte order enabled, first word low disabled, first DWord low disabled (Kepware defaults to CDAB: all enabled); each tag's description says so too",
    ]);
    expect(exportKepwareCsv(importMap('Address,Name\n1,Flow/PV #2\n', 'x.csv').tags).text).toContain('"Flow_PV_2"');
  });
});

describe('export: Telegraf [[inputs.modbus]] request config', () => {
  const mixed = importMap(
    'Address,Name,Type,Scale,Value Offset,Order\n40001,Speed,UINT16,0.1,,\n40002.4,Alarm,BOOL,,,\n40003,Flow,FLOAT32,,,CDAB\n40005,Serial,STRING(8),,,\n40010,Code,BCD,,,\n40011,Temp,INT16,0.1,-40,\n30001,Level,INT32,0.01,,\n00001,Run,BOOL,,,\n',
    'pump.csv',
    { devicePath: 'Plant/Hall 1/Line A/Cell 3/Pump 7' },
  );

  it('is valid TOML with one request per table and byte order, 0-based addresses, types, bits, lengths and scales', () => {
    const { text, notes } = exportTelegraf(mixed.tags, { devicePath: mixed.devicePath, controller: 'tcp://10.0.0.7:502', slaveId: 3 });
    const parsed = spawnSync(SYSTEM_PYTHON, ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'], { input: text, encoding: 'utf8' });
    expect(parsed.stderr).toBe('');
    const toml = JSON.parse(parsed.stdout) as { inputs: { modbus: Array<Record<string, unknown> & { request: Array<Record<string, unknown>> }> } };
    const plugin = toml.inputs.modbus[0]!;
    expect(plugin).toMatchObject({ name: 'Pump 7', slave_id: 3, controller: 'tcp://10.0.0.7:502', configuration_type: 'request' });
    const requests = plugin.request.map((r) => [r.register, r.byte_order, r.slave_id, r.measurement, r.fields, r.tags]);
    const tags = { site: 'Plant', area: 'Hall 1', line: 'Line A', cell: 'Cell 3', device: 'Pump 7' };
    expect(requests).toEqual([
      [
        'holding',
        'ABCD',
        3,
        'Pump 7',
        [
          { address: 0, name: 'Speed', type: 'UINT16', scale: 0.1 },
          { address: 1, name: 'Alarm', type: 'BIT', bit: 4 },
          { address: 4, name: 'Serial', type: 'STRING', length: 4 },
        ],
        tags,
      ],
      ['holding', 'CDAB', 3, 'Pump 7', [{ address: 2, name: 'Flow', type: 'FLOAT32' }], tags],
      ['input', 'ABCD', 3, 'Pump 7', [{ address: 0, name: 'Level', type: 'INT32', scale: 0.01 }], tags],
      ['coil', 'ABCD', 3, 'Pump 7', [{ address: 0, name: 'Run' }], tags],
    ]);
    expect(text).toContain('# skipped Code: Telegraf has no bcd16 type');
    expect(text).toContain('# skipped Temp: Telegraf scales but has no offset (-40)');
    expect(notes).toEqual(['BIT and STRING fields need a Telegraf version whose modbus input has them', 'bcd16 tags are left out: Telegraf cannot decode them', 'tags with an offset are left out: Telegraf only multiplies']);
  });
});

describe('cells a spreadsheet would run as formulas', () => {
  it('are written inert in every CSV the app makes, numbers stay numbers, and they import back as they were', async () => {
    const { exportCsv, exportKepwareCsv, importMap } = await import('../../src/shared/import');
    const { inertCsvText } = await import('../../src/shared/import/csv');
    const hostile = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(A1:A2)', '=1+1', '-1+1', '\tx'];
    for (const h of hostile) expect(inertCsvText(h)).toBe(`'${h}`);
    for (const n of ['-1.5', '+3', '-0,25', '1e-3', 'plain text']) expect(inertCsvText(n)).toBe(n);
    const tags = hostile.slice(0, 4).map((h, i) => ({ name: `p${i}`, path: `Site/p${i}`, table: 'holding' as const, address: i, type: 'uint16', order: 'ABCD' as const, scale: 1, offset: 0, units: h.slice(0, 8), access: 'read' as const, description: h, source: { file: 'x', row: i + 1 } }));
    const csv = exportCsv(tags);
    for (const line of csv.split('\r\n').slice(1, -1)) expect(line.split(',').some((c) => /^"?[=+@]/.test(c))).toBe(false);
    const kep = exportKepwareCsv(tags).text;
    expect(kep).not.toMatch(/(^|,)"[=+@]/m);
    const back = importMap(csv, 'hostile.csv', {});
    expect(back.tags.map((t) => t.description)).toEqual(hostile.slice(0, 4));
  });
});
