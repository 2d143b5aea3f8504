import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { buildCliBundle, ROOT, startPeer, SYSTEM_PYTHON, type Peer } from '../helpers/processes';
import { SUNS } from '../helpers/sunspec';

/**
 * SunSpec repeating groups end to end with the shipped CLI bundle (out/cli/index.js): `fieldbench sim modbus
 * --sunspec` discovered with `map discover` and read with `read --map`, and the same against pymodbus serving a
 * register image laid out by hand here, so discovery is not only checked against our own simulator.
 */
const BUNDLE = path.join(ROOT, 'out/cli/index.js');
const tmp = tempDir('fieldbench-sunspec-');
const peers: Peer[] = [];

beforeAll(() => buildCliBundle(), 60_000);
afterAll(async () => {
  for (const p of peers) await p.stop();
  tmp.cleanup();
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

type Line = { name: string; register: string; value: unknown; units: string; quality: { status: string }; raw: number[] };

async function discoverAndRead(port: number, file: string): Promise<{ discover: { stderr: string }; tags: { name: string }[]; by: Record<string, Line> }> {
  const discover = await cli(['map', 'discover', '--tcp', `127.0.0.1:${port}`, '--unit', '1', '--out', file]);
  expect(discover.code, discover.stderr).toBe(0);
  const tags = (JSON.parse(readFileSync(file, 'utf8')) as { tags: { name: string }[] }).tags;
  const read = await cli(['read', '--tcp', `127.0.0.1:${port}`, '--unit', '1', '--map', file, '--json']);
  expect(read.code, read.stderr).toBe(0);
  const lines = read.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
  return { discover, tags, by: Object.fromEntries(lines.map((l) => [l.name, l])) };
}

describe('fieldbench sim modbus --sunspec, discovered and read with the built CLI', () => {
  it('serves models 1, 103, 160 and 705 with their repeating groups, and discovery maps every instance', async () => {
    const sim = await startPeer(process.execPath, [BUNDLE, 'sim', 'modbus', '--tcp', '127.0.0.1:0', '--sunspec', '1,103,160,705'], /listening on 127\.0\.0\.1:(\d+)/);
    peers.push(sim);
    // 1 at wire 40002 (L 66), 103 at 40070 (L 50), 160 at 40122 (L 8 + 2 modules x 20 = 48),
    // 705 at 40172 (L 13 + 2 curves x (10 + 4 points x 2) = 49), the end model at 40223.
    expect(sim.output()).toContain('  440123  model 160 mppt, 48 registers');
    expect(sim.output()).toContain('  440173  model 705 DERVoltVar, 49 registers');
    const { discover, tags, by } = await discoverAndRead(sim.port, path.join(tmp.dir, 'sim.json'));
    expect(discover.stderr.split('\n').filter((l) => /^model \d+ /.test(l))).toEqual([
      'model 1 common at 440003, 66 registers',
      'model 103 inverter_three_phase at 440071, 50 registers',
      'model 160 mppt at 440123, 48 registers',
      'model 705 DERVoltVar at 440173, 49 registers',
    ]);
    // 1: Mn, Md, Opt, Vr, SN, DA (Pad makes none); 103: 43 points besides ID and L; 160: 7 + 2 x 10;
    // 705: 11 + 2 x 9 + 2 x 4 x 2.
    expect(tags).toHaveLength(6 + 43 + 27 + 45);
    expect(discover.stderr).toContain('121 tags written to');
    // The demo inverter's own values, and the instance-named points of the groups.
    expect(by['common.Mn']!.value).toBe('Fieldbench');
    expect(by['inverter_three_phase.PhVphA']!.value).toBeCloseTo(230.1, 10);
    expect(by['mppt.N']!.value).toBe(2);
    expect(by['mppt.module[1].ID']!.value).toBe(1);
    expect(by['mppt.module[2].ID']!.value).toBe(2);
    expect(by['mppt.module[2].DCA']!.register).toBe('440162'); // 40122 + 10 + 20 + 9, numbered from 1
    expect(by['mppt.module[3].DCA']).toBeUndefined();
    expect(by['DERVoltVar.NCrv']!.value).toBe(2);
    expect(by['DERVoltVar.NPt']!.value).toBe(4);
    expect(by['DERVoltVar.Crv[2].Pt[4].Var']).toBeDefined();
    // Each module's current is its raw register times 10^DCA_SF, the model's scale factor, read from the device.
    const sf = by['mppt.DCA_SF']!.value as number;
    for (const k of [1, 2]) {
      const dca = by[`mppt.module[${k}].DCA`]!;
      expect(dca.quality.status).toBe('good');
      expect(dca.value as number).toBeCloseTo(dca.raw[0]! * 10 ** sf, 10);
      expect(dca.units).toBe('A');
    }
    // Some points are "not implemented", and read as such, never as numbers.
    const ni = Object.values(by).filter((l) => l.quality.status === 'uncertain');
    expect(ni.length).toBeGreaterThan(0);
    expect(ni.every((l) => l.value === null)).toBe(true);
  });
});

describe('SunSpec discovery against pymodbus serving a hand-laid device', () => {
  const text = (s: string, size: number) => Array.from({ length: size }, (_, i) => ((s.charCodeAt(i * 2) || 0) << 8) | (s.charCodeAt(i * 2 + 1) || 0));
  /** Model 160 at 40078 with three modules (L 8 + 3 x 20 = 68); module k starts 10 + 20(k-1) after its ID. */
  const mppt = () => {
    const m = new Array<number>(70).fill(0);
    [m[0], m[1], m[2], m[3], m[4], m[5], m[8], m[9]] = [160, 68, 0xfffe, 0xffff, 0, 0, 3, 0xffff]; // DCA_SF -2, DCV_SF -1, N 3
    const modules = [
      { dca: 512, dcv: 3805, dcw: 1948 },
      { dca: 498, dcv: 3790, dcw: 1887 },
      { dca: 0xffff, dcv: 0xffff, dcw: 0xffff }, // an input with nothing connected: not implemented
    ];
    modules.forEach((v, i) => {
      const at = 10 + 20 * i;
      m[at] = i + 1; // ID
      [m[at + 9], m[at + 10], m[at + 11]] = [v.dca, v.dcv, v.dcw];
      // IDStr 1-8, DCA 9, DCV 10, DCW 11, DCWH 12-13 (0: not accumulated), Tms 14-15, Tmp 16, DCSt 17, DCEvt 18-19.
      [m[at + 14], m[at + 15]] = [0, 3600 * (i + 1)]; // Tms
      m[at + 16] = 0x8000; // Tmp not implemented
      m[at + 17] = 4; // DCSt MPPT
    });
    return m;
  };
  /** Model 712 at 40148: 14 registers, then NCrv = 1 curve of ActPt, DeptRef, Pri, ReadOnly and NPt = 3 (W, Var). */
  const wattVar = [712, 22, 1, 0, 1, 3, 1, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0, 0xffff, 3, 1, 0, 1, 0, 300, 50, 0, 100, 0xfed4];

  it('lays out the modules and the curve as the device says, skips a vendor model, and reads the values', async () => {
    const image = {
      40000: [...SUNS, 1, 66, ...text('PeerCo', 16), ...text('PM-1', 16), ...new Array<number>(8).fill(0), ...text('2.1', 8), ...text('SN42', 16), 3, 0x8000],
      40070: [64950, 6, 9, 9, 9, 9, 9, 9],
      40078: mppt(),
      40148: wattVar,
      40172: [0xffff, 0],
    };
    const file = path.join(tmp.dir, 'peer-image.json');
    writeFileSync(file, JSON.stringify(image));
    const peer = await startPeer(SYSTEM_PYTHON, [path.join(ROOT, 'test/fixtures/pymodbus_registers.py'), '--port', '0', '--unit', '1', '--holding', file], /READY (\d+)/);
    peers.push(peer);
    const { discover, tags, by } = await discoverAndRead(peer.port, path.join(tmp.dir, 'peer.json'));
    expect(discover.stderr.split('\n').filter((l) => /^model \d+ /.test(l))).toEqual([
      'model 1 common at 440003, 66 registers',
      'model 64950 model_64950 at 440071, 6 registers (no definition: skipped)',
      'model 160 mppt at 440079, 68 registers',
      'model 712 DERWattVar at 440149, 22 registers',
    ]);
    expect(discover.stderr).toContain('note: model 64950 (6 registers at 440071) has no definition in this version: skipped to the next model at 440079');
    // 1: 6; 160: 7 + 3 x 10; 712: 10 top-level points besides ID and L, 4 in the curve, 3 x 2 curve points.
    expect(tags).toHaveLength(6 + 37 + 20);
    expect(by['common.Mn']!.value).toBe('PeerCo');
    expect(by['common.Opt']).toMatchObject({ value: null, quality: { status: 'uncertain' } });
    expect(by['mppt.module[1].DCA']).toMatchObject({ value: 5.12, units: 'A', register: '440098' }); // 40078 + 19 + 1
    expect(by['mppt.module[2].DCV']!.value).toBeCloseTo(379, 10);
    expect(by['mppt.module[2].DCW']!.value).toBe(1887);
    expect(by['mppt.module[3].ID']!.value).toBe(3);
    expect(by['mppt.module[3].DCA']).toMatchObject({ value: null, quality: { status: 'uncertain' } });
    expect(by['mppt.module[1].Tmp']).toMatchObject({ value: null, quality: { status: 'uncertain' } });
    expect(by['mppt.module[2].Tms']).toMatchObject({ value: 7200, units: 'Secs' });
    expect(by['mppt.module[2].DCWH']).toMatchObject({ value: null, quality: { status: 'uncertain' } });
    expect(by['mppt.module[2].DCSt']).toMatchObject({ value: 4, label: 'MPPT' });
    expect(by['DERWattVar.Crv[1].DeptRef']).toMatchObject({ value: 1, label: 'VAR_MAX_PCT' });
    expect(by['DERWattVar.Crv[1].Pt[1].Var']!.value).toBeCloseTo(30, 10);
    expect(by['DERWattVar.Crv[1].Pt[3].W']).toMatchObject({ value: 100, register: '440171' }); // 40148 + 22 + 1
    expect(by['DERWattVar.Crv[1].Pt[3].Var']!.value).toBeCloseTo(-30, 10);
    expect(by['DERWattVar.Crv[2].ActPt']).toBeUndefined();
  });
});
