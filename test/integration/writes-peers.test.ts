import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/schemas/writes';
import { tempDir } from '../helpers/engine';
import { buildCliBundle, ROOT, runCli, startPeer, startPymodbusTcp, SYSTEM_PYTHON, type Peer } from '../helpers/processes';
import { ptyPair, type PtyPair } from '../helpers/socat';

/**
 * Issue 8: confirmed writes with the shipped CLI bundle against the independent pymodbus slave, over Modbus TCP and
 * over RTU on a socat pseudo-terminal pair. Each value is then read by mbpoll (libmodbus), a master that is not ours,
 * and each write leaves its intent and then its outcome in the audit file. The slave starts with the fixture's
 * values (holding 19-20 = float32 3.2, 29 = 1250, 39 = 1; coils 1 and 4 off) and nothing else writes to it.
 */

const tmp = tempDir('fieldbench-writes-');
beforeAll(() => buildCliBundle(), 60_000);
afterAll(() => tmp.cleanup());

interface Bus {
  /** The CLI's flags for where the slave is. */
  where: string[];
  /** mbpoll's flags for the same slave, the reference (-r) and type (-t) appended by the caller. */
  mbpoll: string[];
}

/** mbpoll's reading of `count` values from 1-based reference `ref` of mbpoll type `type` (0 coils, 4 holding, 4:float). */
function mbpoll(bus: Bus, type: string, ref: number, count = 1): Record<number, number> {
  const args = ['-a', '1', '-t', type, '-r', String(ref), '-c', String(count), ...(type === '4:float' ? ['-B'] : []), '-1', ...bus.mbpoll];
  const r = spawnSync('mbpoll', args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
  if (r.error) throw r.error;
  const v: Record<number, number> = {};
  for (const m of r.stdout.matchAll(/^\[(\d+)\]:\s+(-?[\d.]+)/gm)) v[Number(m[1])] = Number(m[2]);
  return v;
}

function audit(home: string): AuditEntry[] {
  const file = path.join(home, 'data/audit/writes.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry) : [];
}

const CASES = [
  // name, CLI flags, function code, words printed as read back, mbpoll type, reference, value mbpoll must read, register
  ['a coil (FC 5)', ['--table', 'coil', '--address', '1', '--value', 'on'], 5, 'ON', '0', 2, 1, '00002'],
  ['a coil with --multiple (FC 15)', ['--table', 'coil', '--address', '4', '--value', '1', '--multiple'], 15, 'ON', '0', 5, 1, '00005'],
  ['a uint16 (FC 6)', ['--address', '29', '--value', '4242'], 6, '1092', '4', 30, 4242, '40030'],
  ['a uint16 with --multiple (FC 16)', ['--address', '39', '--value', '777', '--multiple'], 16, '0309', '4', 40, 777, '40040'],
  // 12.75 = 0x414C0000 (sign 0, exponent 130, mantissa 0x4C0000), high word first
  ['a float32 (FC 16)', ['--address', '19', '--type', 'float32', '--value', '12.75'], 16, '414C 0000', '4:float', 20, 12.75, '40020'],
] as const;

describe.each(['tcp', 'rtu'] as const)('fieldbench write --confirm against pymodbus over %s', (via) => {
  let peer: Peer;
  let pty: PtyPair | undefined;
  let bus: Bus;
  const home = path.join(tmp.dir, via);

  beforeAll(async () => {
    if (via === 'tcp') {
      peer = await startPymodbusTcp(1);
      bus = { where: ['--tcp', `127.0.0.1:${peer.port}`], mbpoll: ['-m', 'tcp', '-p', String(peer.port), '127.0.0.1'] };
    } else {
      pty = await ptyPair();
      peer = await startPeer(SYSTEM_PYTHON, [path.join(ROOT, 'test/fixtures/pymodbus_slave.py'), '--rtu', pty.slave, '--unit', '1'], /READY (\d+)/);
      bus = { where: ['--rtu', pty.master, '--baud', '19200', '--parity', 'none'], mbpoll: ['-m', 'rtu', '-b', '19200', '-P', 'none', '-o', '1', pty.master] };
    }
  }, 30_000);
  afterAll(async () => {
    await peer?.stop();
    await pty?.stop();
  });

  const write = (flags: readonly string[], confirm = true) => runCli(['write', ...bus.where, '--unit', '1', ...flags, '--home', home, ...(confirm ? ['--confirm'] : [])], 30_000, { bundle: true });

  it('without --confirm: shows the current value and what it would send, exits 3, and nothing changes on the slave', async () => {
    expect(mbpoll(bus, '4', 30)).toEqual({ 30: 1250 });
    const r = await write(['--address', '29', '--value', '4242'], false);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('current 1250 -> new 4242 (uint16, FC 6, sends [1092])');
    expect(r.stdout).toContain('Not written: add --confirm to send this write.');
    expect(mbpoll(bus, '4', 30)).toEqual({ 30: 1250 });
    expect(audit(home)).toEqual([]);
  }, 60_000);

  it.each(CASES)('%s: written, read back, read by mbpoll, audited intent then outcome', async (_name, flags, fc, words, type, ref, expected, register) => {
    const before = audit(home).length;
    const r = await write(flags);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`FC ${fc}, sends ${type === '0' ? words : `[${words}]`})`);
    expect(r.stdout).toContain(`Written. Read back [${words}].`);
    expect(mbpoll(bus, type, ref)).toEqual({ [ref]: expected });

    const lines = audit(home).slice(before);
    expect(lines.map((l) => [l.action, l.ok, l.functionCode])).toEqual([
      ['write-intent', true, fc],
      ['write', true, fc],
    ]);
    expect(lines[0]!.ticketId).toMatch(/^[0-9a-f]{24}$/);
    expect(lines[1]!.ticketId).toBe(lines[0]!.ticketId);
    expect(lines[1]!.result).toBe('written, read back as sent');
    expect(lines[0]).toMatchObject({ register, unitId: 1, host: 'cli', note: 'fieldbench write (command line)' });
  }, 60_000);
});
