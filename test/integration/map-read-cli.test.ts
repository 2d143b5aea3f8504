import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, startCliSim, type Peer } from '../helpers/processes';
import { tempDir } from '../helpers/engine';

let sim: Peer;
const tmp = tempDir();
beforeAll(async () => {
  sim = await startCliSim();
});
afterAll(async () => {
  await sim?.stop();
  tmp.cleanup();
});

const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('fieldbench read --map and map discover', () => {
  it('reads every tag of a European CSV map through the planner', async () => {
    const r = await runCli(['read', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '1', '--map', path.join(ROOT, 'test/fixtures/maps/demo-plant-eu.csv'), '--json']);
    expect(r.code).toBe(0);
    const by = Object.fromEntries(lines(r.stdout).map((l) => [l['name'], l]));
    expect(by['tank_level_mm']).toMatchObject({ register: '40001', value: 1500, units: 'mm', quality: { status: 'good' }, raw: [1500] });
    expect(by['flow_rate_lpm']!['value']).toBeGreaterThan(20);
    expect(by['motor_current_a']!['units']).toBe('A');
    expect(Number(by['motor_current_a']!['value'])).toBeLessThan(20);
    // The app's planner, not a copy: 40001-40011 in one request (8 unused registers are cheaper than a request); the
    // gaps to 40030 (18 registers) and 40040 (9) are past its limit of 8, so those are requests of their own.
    expect(r.stderr).toMatch(/4 tags in 3 requests/);
  });

  it('discovers the SunSpec inverter, writes the map, and reads it back decoded', async () => {
    const out = path.join(tmp.dir, 'inverter.json');
    const d = await runCli(['map', 'discover', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '1', '--out', out]);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain('model 103 inverter_three_phase at 440071, 50 registers');
    expect(JSON.parse(readFileSync(out, 'utf8')).tags.length).toBeGreaterThan(40);
    const r = await runCli(['read', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '1', '--map', out, '--json']);
    const by = Object.fromEntries(lines(r.stdout).map((l) => [l['name'], l]));
    expect(by['common.Mn']).toMatchObject({ value: 'Fieldbench', quality: { status: 'good' } });
    expect(by['inverter_three_phase.PhVphA']!['value']).toBeCloseTo(230.1, 10);
    expect(by['inverter_three_phase.St']).toMatchObject({ value: 4, label: 'MPPT' });
    expect(by['inverter_three_phase.PPVphAB']).toMatchObject({ value: null, quality: { status: 'uncertain' } });
  });

  it('map check against the device: a vendor map one register off from the device\'s own "SunS" marker is flagged', async () => {
    // The demo inverter has "SunS" at wire address 40000; this vendor sheet numbers from 1 and says 40001 for it.
    const file = path.join(tmp.dir, 'vendor-inverter.csv');
    writeFileSync(file, 'Offset;Name;Type\n40001;SunS;UINT32\n40003;ID;UINT16\n40004;L;UINT16\n');
    const r = await runCli(['map', 'check', file, '--quiet', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: the device (unit 1) has its SunSpec marker "SunS" at wire address 40000; the map is held against it');
    expect(r.stdout).toContain('one register above wire address 40000, where this device has its "SunS" marker (SunSpec discovery); every address is probably off by one');
    // Counted from 1 (as the sheet means it) the map sits on the marker, and nothing is said.
    const fixed = await runCli(['map', 'check', file, '--quiet', '--five-digit', 'offset', '--base', '1', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '1']);
    expect(fixed.stdout).toContain('vendor-inverter.csv: CSV, 3 rows -> 3 tags, 0 rejected, 0 errors, 0 warnings');
    // A unit that does not answer: the check goes on without the device and says so.
    const silent = await runCli(['map', 'check', file, '--quiet', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '77', '--timeout', '200']);
    expect(silent.stderr).toMatch(/^note: could not find the device's SunSpec marker \(.+\); the map is checked on its own$/m);
  });
});
