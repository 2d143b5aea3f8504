import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { buildCliBundle, ROOT, runCli, startPeer, SYSTEM_PYTHON, type Peer } from '../helpers/processes';
import { makeXlsx } from '../fixtures/maps/make-xlsx';

/**
 * Issue 8, the CLI's read: text and hex words of holding registers (`--type string`, `--type hex`), and `read --map`
 * taking the import options of `map check` (--word-order, --base, --sheet). The device is pymodbus serving a register
 * image laid out here by hand from the ASCII table and IEEE 754, so the expected values are not our codec's.
 */

const tmp = tempDir('fieldbench-read-types-');
let peer: Peer;

/** "PUMP-07A": P 0x50, U 0x55, M 0x4D, P 0x50, - 0x2D, 0 0x30, 7 0x37, A 0x41. */
const PUMP_HIGH_FIRST = [0x5055, 0x4d50, 0x2d30, 0x3741];
const PUMP_LOW_FIRST = [0x5550, 0x504d, 0x302d, 0x4137];
const IMAGE: Record<number, number[]> = {
  // The Kepware export's tags (test/fixtures/maps/kepware-export.csv), laid out high word first (ABCD):
  0: [10000], // Pump1_Speed, Word, linear 0..10000 -> 0..1500 rpm
  2: [0x4148, 0x0000], // Pump1_Flow, Float 12.5 = 0x41480000
  9: [40], // Valve_Position, Word 0..100, negated
  10: [0x0008], // Status_Alarm, bit 3
  19: [0x0001, 0xe240], // Total_Energy, DWord 123456 = 0x0001E240
  29: [0x5075, 0x6d70, 0x2073, 0x7461, 0x7469, 0x6f6e, 0x2030, 0x3700], // Device_Name "Pump station 07", NUL padded
  39: [0x0000, 0x0000, 0x3b9a, 0xca07], // Runtime, LLong 1000000007 = 0x3B9ACA07
  // Text for --type string:
  100: PUMP_HIGH_FIRST,
  110: PUMP_LOW_FIRST,
  120: [0x5461, 0x6e6b, 0x2033, 0x0000, 0x4142], // "Tank 3", a NUL, then "AB" after it
};

beforeAll(async () => {
  buildCliBundle();
  const image = path.join(tmp.dir, 'image.json');
  writeFileSync(image, JSON.stringify(IMAGE));
  peer = await startPeer(SYSTEM_PYTHON, [path.join(ROOT, 'test/fixtures/pymodbus_registers.py'), '--holding', image], /READY (\d+)/);
}, 60_000);
afterAll(async () => {
  await peer?.stop();
  tmp.cleanup();
});

const read = (args: string[]) => runCli(['read', '--tcp', `127.0.0.1:${peer.port}`, '--unit', '1', ...args], 30_000, { bundle: true });
const json = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as { name?: string; address?: number; register: string; raw: number[]; value: unknown; quality: { status: string; reason?: string } });

describe('fieldbench read --type string', () => {
  it('reads ASCII text high byte first', async () => {
    const r = await read(['--address', '100', '--count', '4', '--type', 'string', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)).toEqual([{ address: 100, register: '40101', raw: PUMP_HIGH_FIRST, value: 'PUMP-07A', quality: { status: 'good' } }]);
    const text = await read(['--address', '100', '--count', '4', '--type', 'string']);
    expect(text.stdout.trim()).toBe('40101  addr   100  [5055 4D50 2D30 3741]  "PUMP-07A"  good');
  }, 60_000);

  it('with --order BADC reads low byte first; the same registers read the other way are not the text', async () => {
    const low = await read(['--address', '110', '--count', '4', '--type', 'string', '--order', 'BADC', '--json']);
    expect(low.code, low.stderr).toBe(0);
    expect(json(low.stdout)[0]).toMatchObject({ raw: PUMP_LOW_FIRST, value: 'PUMP-07A' });
    const wrongWay = await read(['--address', '110', '--count', '4', '--type', 'string', '--json']);
    expect(json(wrongWay.stdout)[0]!.value).toBe('UPPM0-A7');
    const highAsLow = await read(['--address', '100', '--count', '4', '--type', 'string', '--order', 'BADC', '--json']);
    expect(json(highAsLow.stdout)[0]!.value).toBe('UPPM0-A7');
  }, 60_000);

  it('ends the text at the first NUL', async () => {
    const r = await read(['--address', '120', '--count', '5', '--type', 'string', '--json']);
    expect(json(r.stdout)[0]).toMatchObject({ raw: [0x5461, 0x6e6b, 0x2033, 0, 0x4142], value: 'Tank 3' });
  }, 60_000);

  it('is refused for bits, exit 2', async () => {
    const r = await read(['--table', 'coil', '--address', '0', '--count', '4', '--type', 'string']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--type string shows registers; coil holds bits');
  }, 60_000);
});

describe('fieldbench read --type hex', () => {
  it('shows each register as a hexadecimal word', async () => {
    const r = await read(['--address', '100', '--count', '4', '--type', 'hex', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).map((l) => [l.register, l.raw, l.value])).toEqual([
      ['40101', [0x5055], '5055'],
      ['40102', [0x4d50], '4D50'],
      ['40103', [0x2d30], '2D30'],
      ['40104', [0x3741], '3741'],
    ]);
    const text = await read(['--address', '19', '--count', '2', '--type', 'hex']);
    expect(text.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/))).toEqual([
      ['40020', 'addr', '19', '[0001]', '0001', 'good'],
      ['40021', 'addr', '20', '[E240]', 'E240', 'good'],
    ]);
  }, 60_000);
});

describe('fieldbench read --map with the import options of map check', () => {
  const kepware = path.join(ROOT, 'test/fixtures/maps/kepware-export.csv');

  it('a Kepware export: --word-order ABCD decodes the 32- and 64-bit values this device holds; CDAB (the default) does not', async () => {
    const abcd = await read(['--map', kepware, '--word-order', 'ABCD', '--json']);
    expect(abcd.code, abcd.stderr).toBe(0);
    const by = Object.fromEntries(json(abcd.stdout).map((l) => [l.name, l]));
    expect(by['Pump1_Flow']).toMatchObject({ register: '40003', value: 12.5, raw: [0x4148, 0], quality: { status: 'good' } });
    expect(by['Total_Energy']).toMatchObject({ register: '40020', value: 123456, quality: { status: 'good' } });
    expect(by['Runtime']).toMatchObject({ register: '40040', value: 1000000007, quality: { status: 'good' } });
    // The 16-bit tags do not depend on the word order.
    expect(by['Pump1_Speed']).toMatchObject({ value: 1500, units: 'rpm' });
    expect(by['Valve_Position']).toMatchObject({ value: -40 });
    expect(by['Status_Alarm']).toMatchObject({ value: true });
    expect(by['Device_Name']).toMatchObject({ value: 'Pump station 07' });

    for (const flags of [['--word-order', 'CDAB'], []]) {
      const cdab = await read(['--map', kepware, ...flags, '--json']);
      const other = Object.fromEntries(json(cdab.stdout).map((l) => [l.name, l]));
      expect(other['Pump1_Flow']!.raw).toEqual([0x4148, 0]);
      expect(other['Pump1_Flow']!.value).not.toBe(12.5);
      // 0xE2400001, the words taken low first.
      expect(other['Total_Energy']!.value).toBe(0xe2400001);
      expect(other['Runtime']!.value).not.toBe(1000000007);
      expect(other['Pump1_Speed']).toMatchObject({ value: 1500 });
    }
  }, 60_000);

  it('--base 1: plain addresses count from 1', async () => {
    const file = path.join(tmp.dir, 'plain.csv');
    writeFileSync(file, 'Address;Name;Type\n1;speed_raw;uint16\n101;text_start;uint16\n');
    const one = await read(['--map', file, '--base', '1', '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(json(one.stdout).map((l) => [l.name, l.register, l.value])).toEqual([
      ['speed_raw', '40001', 10000],
      ['text_start', '40101', 0x5055],
    ]);
    const zero = await read(['--map', file, '--json']);
    expect(json(zero.stdout).map((l) => [l.name, l.register, l.value])).toEqual([
      ['speed_raw', '40002', 0],
      ['text_start', '40102', 0x4d50],
    ]);
  }, 60_000);

  it('--sheet picks the worksheet of an XLSX map', async () => {
    const file = path.join(tmp.dir, 'pump-station.xlsx');
    writeFileSync(
      file,
      makeXlsx([
        { name: 'Cover', rows: [['Pump station register map'], ['Revision', 3]] },
        { name: 'Registers', rows: [['Register', 'Name', 'Type'], [40001, 'speed_raw', 'uint16'], [40003, 'flow', 'float32']] },
      ]),
    );
    const r = await read(['--map', file, '--sheet', 'Registers', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).map((l) => [l.name, l.value])).toEqual([
      ['speed_raw', 10000],
      ['flow', 12.5],
    ]);
    // Without --sheet the sheet that holds a register table is read, not the cover page before it.
    const found = await read(['--map', file, '--json']);
    expect(found.code, found.stderr).toBe(0);
    expect(json(found.stdout).map((l) => l.name)).toEqual(['speed_raw', 'flow']);
    // Told to read the cover page, it says there is no map on it.
    const cover = await read(['--map', file, '--sheet', 'Cover', '--json']);
    expect(cover.code).toBe(2);
    expect(cover.stderr).toContain('pump-station.xlsx: no tags to read');
    expect(cover.stdout).toBe('');
  }, 60_000);
});
