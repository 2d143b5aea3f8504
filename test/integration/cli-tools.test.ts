import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, startCliSim, startPeer, type Peer } from '../helpers/processes';
import { ptyPair, type PtyPair } from '../helpers/socat';
import { tempDir } from '../helpers/engine';

const home = tempDir();
afterAll(() => home.cleanup());

// Each describe starts only the peers its tests need, so a missing one (socat) fails only those; the flag error
// reaches no device and sits outside them all.
describe('with the simulator on TCP', () => {
  let sim: Peer;
  beforeAll(async () => {
    sim = await startCliSim();
  });
  afterAll(async () => {
    await sim?.stop();
  });

  describe('fieldbench write', () => {
    it('refuses without --confirm, shows what it would send, and writes nothing', async () => {
      const r = await runCli(['write', '--tcp', `127.0.0.1:${sim.port}`, '--address', '0', '--value', '1750', '--home', home.dir]);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('40001 on unit 1 at 127.0.0.1');
      expect(r.stdout).toContain('current 1500 -> new 1750 (uint16, FC 6, sends [06D6])');
      expect(r.stdout).toContain('Not written: add --confirm');
      const after = await runCli(['read', '--tcp', `127.0.0.1:${sim.port}`, '--address', '0', '--json']);
      expect(JSON.parse(after.stdout).value).toBe(1500);
    });

    it('writes with --confirm, reads back, and records the write in the audit log', async () => {
      const r = await runCli(['write', '--tcp', `127.0.0.1:${sim.port}`, '--address', '0', '--value', '1750', '--note', 'level test', '--confirm', '--home', home.dir]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Written. Read back [06D6].');
      const after = await runCli(['read', '--tcp', `127.0.0.1:${sim.port}`, '--address', '0', '--json']);
      expect(JSON.parse(after.stdout).value).toBe(1750);
      const audit = readFileSync(path.join(home.dir, 'data/audit/writes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      // The intent is on disk before the frame leaves, the outcome after the answer: one ticket, two lines.
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ action: 'write-intent', register: '40001', functionCode: 6, raw: [1750], oldValue: 1500, newValue: 1750, note: 'level test', host: 'cli' });
      expect(audit[1]).toMatchObject({ action: 'write', register: '40001', oldValue: 1500, newValue: 1750, note: 'level test', ok: true, host: 'cli', result: 'written, read back as sent' });
      expect(audit[1]!.ticketId).toBe(audit[0]!.ticketId);
    });
  });

  describe('fieldbench scan and identify', () => {
    it('scans the TCP hosts typed and identifies a device', async () => {
      const r = await runCli(['scan', '--tcp-hosts', '127.0.0.1', '--port', String(sim.port), '--units', '1-3']);
      expect(r.stdout).toMatch(/unit\s+1\s+127\.0\.0\.1:\d+\s+registers/);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      const id = await runCli(['identify', '--tcp', `127.0.0.1:${sim.port}`, '--unit', '1', '--json']);
      expect(JSON.parse(id.stdout)).toMatchObject({ vendorName: 'Fieldbench', productCode: 'FB-SIM', revision: '1.0' });
    });
  });
});

describe('with the simulator on an RTU bus (socat pseudo-terminal pair)', () => {
  let rtuSim: Peer;
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await ptyPair();
    rtuSim = await startPeer(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'sim', 'modbus', '--rtu', pty.slave, '--parity', 'none', '--units', '2,7'], /RTU simulator answering on (\S+)/);
  });
  afterAll(async () => {
    await rtuSim?.stop();
    await pty?.stop();
  });

  describe('fieldbench scan and identify', () => {
    it('finds the units on an RTU bus (pseudo-terminal) and reports progress', async () => {
      const r = await runCli(['scan', '--rtu', pty.master, '--bauds', '19200', '--parities', 'none', '--units', '1-8', '--timeout', '300', '--json']);
      expect(r.code).toBe(0);
      const hits = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { unitId: number; baud: number; answer: string });
      expect(hits.map((h) => [h.unitId, h.baud, h.answer])).toEqual([
        [2, 19200, 'registers'],
        [7, 19200, 'registers'],
      ]);
      expect(r.stderr).toMatch(/scan done: 2 device\(s\) found, 8\/8 probes/);
    });
  });
});

describe('fieldbench scan and identify', () => {
  it('rejects a scan with nothing to scan', async () => {
    const r = await runCli(['scan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('say what to scan');
  });
});
