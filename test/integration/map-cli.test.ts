import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/shared/import';
import { tempDir } from '../helpers/engine';
import { runCli } from '../helpers/processes';
import { vendorWorkbook } from '../fixtures/maps/make-xlsx';

const FIXTURES = path.join(__dirname, '../fixtures/maps');
const fx = (name: string) => path.join(FIXTURES, name);
const tmp = tempDir('fieldbench-map-');
afterAll(() => tmp.cleanup());

describe('fieldbench map check', () => {
  it('prints the tags of a European CSV and its problems, exit 0 when there are only warnings', async () => {
    const r = await runCli(['map', 'check', fx('inverter-eu.csv'), '--device-path', 'Plant/Roof/PV/Inv/WR1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tags under Plant/Roof/PV/Inv/WR1:');
    expect(r.stdout).toMatch(/^\s+8\s+40003\s+2\s+float32\s+ABCD\s+1\s+W\s+read\s+Wirkleistung$/m);
    expect(r.stdout).toMatch(/^\s+14\s+40009\.3\s+8\s+bit\s+ABCD\s+1\s+read\s+Übertemperatur$/m);
    expect(r.stdout).toContain('  row 5: "Messwerte" alone on its row: taken as a section heading, not a tag');
    expect(r.stdout).toContain('inverter-eu.csv: row 16: A16 [Adresse]: warning: "Parameter" alone on its row: taken as a section heading, not a tag');
    expect(r.stdout.trim().split('\n').pop()).toBe('inverter-eu.csv: CSV, 13 rows -> 11 tags, 2 rejected, 0 errors, 3 warnings');
  });

  it('--json gives the whole result; errors give exit code 1', async () => {
    const r = await runCli(['map', 'check', fx('wrong-types.csv'), '--json']);
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout) as ImportResult;
    expect(res.summary).toEqual({ rows: 10, tags: 5, rejected: 5, errors: 5, warnings: 3 });
    expect(res.devicePath).toBe('Site/Area/Line/Cell/wrong-types');
    expect(res.rejected.map((x) => x.row)).toEqual([3, 4, 7, 8, 9]);
    expect(res.problems.find((p) => p.row === 3)).toEqual({ file: 'wrong-types.csv', row: 3, column: 'Type', cell: 'C3', severity: 'error', code: 'unknown-type', message: 'unknown data type "FLOAT17"' });
  });

  it('reads Kepware exports, SunSpec models and a named XLSX sheet', async () => {
    const k = await runCli(['map', 'check', fx('kepware-export.csv'), '--quiet']);
    expect(k.code).toBe(0);
    expect(k.stdout.split('\n')).toEqual([
      'Problems (1):',
      `  kepware-export.csv: warning: a Kepware export does not say the device's word order: 32/64-bit values are read CDAB, Kepware's default ("first word low"); if they read wrong, choose the word order (the import's Word order, or --word-order)`,
      'kepware-export.csv: Kepware CSV export, 10 rows -> 10 tags, 0 rejected, 0 errors, 1 warning',
      '',
    ]);
    // Said on the command line, the word order is no assumption: nothing to warn about, and the floats are ABCD.
    const chosen = await runCli(['map', 'check', fx('kepware-export.csv'), '--json', '--word-order', 'ABCD']);
    const kr = JSON.parse(chosen.stdout) as ImportResult;
    expect(kr.problems).toEqual([]);
    expect(kr.tags.find((t) => t.name === 'Pump1_Flow')).toMatchObject({ type: 'float32', order: 'ABCD' });
    const s = await runCli(['map', 'check', fx('sunspec/model_103.json'), '--sunspec-address', '40070', '--json']);
    expect(s.code).toBe(0);
    const model = JSON.parse(s.stdout) as ImportResult;
    expect(model.tags.find((t) => t.name === 'W')).toMatchObject({ address: 40084, sfAddress: 40085 });
    const xlsx = path.join(tmp.dir, 'PM-3 map.xlsx');
    writeFileSync(xlsx, vendorWorkbook());
    const x = await runCli(['map', 'check', xlsx, '--sheet', 'Register Map']);
    expect(x.code).toBe(1);
    expect(x.stdout).toContain('Tags under Site/Area/Line/Cell/PM-3 map:');
    expect(x.stdout).toContain('PM-3 map.xlsx: row 10: C10 [Data Type]: error: unknown data type "TRUE"');
    // Without --sheet the sheet that holds the register table is read, not the cover sheet before it, and the others are named.
    const auto = await runCli(['map', 'check', xlsx]);
    expect(auto.stdout).toContain('read sheet "Register Map", the one that holds a register table; the workbook also has "Info" (choose another with the sheet option)');
    expect(auto.stdout).toContain('PM-3 map.xlsx: row 10: C10 [Data Type]: error: unknown data type "TRUE"');
    const cover = await runCli(['map', 'check', xlsx, '--sheet', 'Info']);
    expect(cover.stdout).toContain('the workbook also has "Register Map" (choose one with the sheet option)');
  });

  it('bad arguments give exit code 2 with the reason', async () => {
    const cases: [string[], RegExp][] = [
      [['map', 'check'], /FILE is required/],
      [['map', 'check', fx('nope.csv')], /cannot open .*nope\.csv: no such file/],
      [['map', 'check', fx('inverter-eu.csv'), '--device-path', 'A/B/C'], /--device-path: a device path has five levels/],
      [['map', 'check', fx('inverter-eu.csv'), '--bogus'], /Unknown option '--bogus'/],
      [['map', 'check', fx('inverter-eu.csv'), '--base', '2'], /--base must be an integer from 0 to 1/],
      [['map', 'frobnicate'], /unknown map command "frobnicate"/],
    ];
    for (const [argv, msg] of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });
});

describe('fieldbench map check on large and broken files', () => {
  it('a 100 MB map: every row read, linearly, and the one bad row reported with its line', async () => {
    const file = path.join(tmp.dir, 'huge-map.csv');
    const fd = openSync(file, 'w');
    const pad = 'x'.repeat(365);
    let line = 1;
    let badLine = 0;
    let chunk = 'Address,Name,Type,Scale,Units,Description\n';
    for (const [prefix, type] of [['0', 'BOOL'], ['1', 'BOOL'], ['3', 'INT16'], ['4', 'UINT16']] as const) {
      for (let i = 1; i <= 65536; i++) {
        line++;
        const bad = prefix === '3' && i === 40000;
        if (bad) badLine = line;
        chunk += `${prefix}${String(i).padStart(5, '0')},T${prefix}_${i},${bad ? 'FLOAT17' : type},${type === 'BOOL' ? '' : '0.1'},${type === 'BOOL' ? '' : 'V'},"Point ${i}; ${pad}"\n`;
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    expect(statSync(file).size).toBeGreaterThan(100 * 1024 * 1024);
    const r = await runCli(['map', 'check', file, '--quiet'], 180_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'Rejected rows (1):',
      `  row ${badLine}: unknown data type "FLOAT17"`,
      'Problems (1):',
      `  huge-map.csv: row ${badLine}: C${badLine} [Type]: error: unknown data type "FLOAT17"`,
      'huge-map.csv: CSV, 262144 rows -> 262143 tags, 1 rejected, 1 error, 0 warnings',
      '',
    ]);
  }, 240_000);

  it('100 MB of binary garbage, and a file over the size limit, give one clear error', async () => {
    const file = path.join(tmp.dir, 'garbage.csv');
    const fd = openSync(file, 'w');
    let seed = 1;
    const block = new Uint8Array(1 << 20);
    for (let mb = 0; mb < 100; mb++) {
      for (let i = 0; i < block.length; i++) block[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      writeSync(fd, block);
    }
    closeSync(fd);
    const r = await runCli(['map', 'check', file], 120_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Problems (1):\n  garbage.csv: error: this is not a text file (it contains NUL bytes): expected CSV, XLSX or JSON\ngarbage.csv: CSV, 0 rows -> 0 tags, 0 rejected, 1 error, 0 warnings\n');
    const limited = await runCli(['map', 'check', file, '--max-mb', '10', '--json']);
    expect(limited.code).toBe(1);
    expect((JSON.parse(limited.stdout) as ImportResult).problems).toEqual([{ file: 'garbage.csv', severity: 'error', code: 'unreadable', message: 'the file is 100 MB, above the 10 MB import limit (--max-mb)' }]);
  }, 180_000);
});

describe('fieldbench map export', () => {
  it('writes Fieldbench JSON, CSV, Kepware CSV and a Telegraf config that import back', async () => {
    const out = (n: string) => path.join(tmp.dir, n);
    const j = await runCli(['map', 'export', fx('kepware-export.csv'), '--format', 'json', '--out', out('k.json')]);
    expect(j.code).toBe(0);
    expect(j.stderr).toContain('kepware-export.csv: Kepware CSV export, 10 rows -> 10 tags, 0 rejected, 0 errors, 1 warning; wrote 10 tags to');
    const back = await runCli(['map', 'check', out('k.json'), '--json', '--device-path', 'Site/Area/Line/Cell/kepware-export']);
    const orig = await runCli(['map', 'check', fx('kepware-export.csv'), '--json']);
    const strip = (s: string) => (JSON.parse(s) as ImportResult).tags.map(({ source: _s, ...t }) => t);
    expect(strip(back.stdout)).toEqual(strip(orig.stdout));
    const k = await runCli(['map', 'export', fx('inverter-eu.csv'), '--format', 'kepware']);
    expect(k.stdout.split('\r\n')[1]).toBe('"Netzspannung_L1","400001","Word",1,"RO",1000,"Linear",0,10000,0,1000,"Double",0,0,"V","Spannung Phase L1",0');
    expect(k.stderr).toContain('note: names with characters Kepware does not take were changed');
    const c = await runCli(['map', 'export', fx('inverter-eu.csv'), '--format', 'csv', '--delimiter', ';', '--out', out('eu.csv')]);
    expect(c.code).toBe(0);
    expect(readFileSync(out('eu.csv'), 'utf8')).toContain('Netzstrom L1;holding;1;;int16;;ABCD;0,01;0;;;A;read;;"Strom L1; vorzeichenbehaftet (+ = Einspeisung)"');
    const t = await runCli(['map', 'export', fx('kepware-export.csv'), '--format', 'telegraf', '--controller', 'tcp://192.168.1.50:502', '--unit', '7']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('controller = "tcp://192.168.1.50:502"\n  configuration_type = "request"');
    expect(t.stdout).toContain('      { address=0, name="Pump1_Speed", type="UINT16", scale=0.15 },');
    const bad = await runCli(['map', 'export', fx('wrong-types.csv'), '--format', 'json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('wrong-types.csv: row 3: C3 [Type]: error: unknown data type "FLOAT17"');
    expect((JSON.parse(bad.stdout) as { tags: unknown[] }).tags).toHaveLength(5);
  });
});
