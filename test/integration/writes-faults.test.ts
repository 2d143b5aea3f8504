import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/schemas/writes';
import { tempDir } from '../helpers/engine';
import { buildCliBundle, cliCommand, ROOT, runCli } from '../helpers/processes';
import { inTurn, onWrites, type Script } from '../helpers/rogue/faults';
import { RogueRegisters } from '../helpers/rogue/registers';
import { rogueRtuOnPty, rogueRtuOnTcp } from '../helpers/rogue/rogue-rtu';
import { rogueTcp } from '../helpers/rogue/rogue-tcp';

/**
 * Issue 14, the write path with the built CLI against rogue devices: a write echoed with another value, a write the
 * device takes but clamps, and a device that takes its time while the CLI is killed. The rogue's holding register a
 * holds 1000 + a until written, so register 40030 (address 29) reads 1029 first.
 */

const tmp = tempDir('fieldbench-write-faults-');
beforeAll(() => buildCliBundle(), 60_000);
afterAll(() => tmp.cleanup());
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let homes = 0;
const newHome = () => path.join(tmp.dir, `home-${++homes}`);

function audit(home: string): AuditEntry[] {
  const file = path.join(home, 'data/audit/writes.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry) : [];
}

type Via = 'rtu' | 'rtu-over-tcp' | 'tcp';

/** A rogue device on a pty (--rtu), on a TCP port speaking RTU (--rtu-over-tcp) or Modbus TCP (--tcp). */
async function rogueOn(via: Via, script: Script, registers = new RogueRegisters()) {
  const rogue = via === 'rtu' ? await rogueRtuOnPty({ script, registers }) : via === 'rtu-over-tcp' ? await rogueRtuOnTcp({ script, registers }) : await rogueTcp({ script, registers });
  cleanups.push(() => rogue.stop());
  const where =
    'path' in rogue ? ['--rtu', rogue.path, '--baud', '19200', '--parity', 'none'] : via === 'rtu-over-tcp' ? ['--rtu-over-tcp', `127.0.0.1:${rogue.port}`] : ['--tcp', `127.0.0.1:${rogue.port}`];
  /** The write requests it received (any function code 5, 6, 15, 16). */
  const writes = () => rogue.requests.filter((p) => [5, 6, 15, 16].includes(p[0]!));
  return { rogue, where, writes };
}

const VIAS = ['rtu', 'rtu-over-tcp', 'tcp'] as const;

/** No retry on RTU where a write may go unanswered: see the known fault at the end, where a retry sends it again. */
const noRetry = (via: Via) => (via === 'tcp' ? [] : ['--retries', '0']);

describe.each(VIAS)('a write over %s that the device does not do as asked', (via) => {
  it('echoed with another value (FC 6): exit 1, the echo named, audited ok:false, sent once', async () => {
    const { where, writes } = await rogueOn(via, onWrites({ kind: 'wrong-echo' }));
    const home = newHome();
    const r = await runCli(['write', ...where, '--unit', '1', '--timeout', '500', ...noRetry(via), '--address', '29', '--value', '4242', '--confirm', '--home', home], 30_000, { bundle: true });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).not.toContain('Written');
    // 4242 = 0x1092 was sent; the rogue echoes 0x1093.
    expect(r.stderr).toContain('write to holding register 40030 of unit 1 failed:');
    expect(r.stderr).toContain('names address 29 = 0x1093; the request was address 29 = 0x1092');
    const lines = audit(home);
    expect(lines.map((l) => [l.action, l.ok, l.functionCode])).toEqual([
      ['write-intent', true, 6],
      ['write', false, 6],
    ]);
    expect(lines[1]!.ticketId).toBe(lines[0]!.ticketId);
    expect(lines[1]!.result).toMatch(/^failed: .*0x1093/);
    expect(writes().map((p) => p.toString('hex'))).toEqual(['06001d1092']);
  }, 60_000);

  it('taken but clamped (reads back 1000 after 4242 was written): exit 1, said so, audited ok:false', async () => {
    const registers = new RogueRegisters();
    registers.clamps.set(29, { min: 0, max: 1000 });
    const { rogue, where, writes } = await rogueOn(via, onWrites({ kind: 'answer' }), registers);
    const home = newHome();
    const r = await runCli(['write', ...where, '--unit', '1', '--address', '29', '--value', '4242', '--confirm', '--home', home], 30_000, { bundle: true });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('current 1029 -> new 4242');
    expect(r.stdout).not.toContain('Written');
    expect(r.stderr).toContain('write to holding register 40030 of unit 1 failed: the device answered the write but reads back 1000 instead of 4242');
    expect(audit(home).map((l) => [l.action, l.ok, l.result])).toEqual([
      ['write-intent', true, 'sending'],
      ['write', false, 'failed: the device answered the write but reads back 1000 instead of 4242'],
    ]);
    expect(writes()).toHaveLength(1);
    expect(rogue.registers.register(29)).toBe(1000);
  }, 60_000);

  it.each([
    ['FC 16 (float32), with another quantity', ['--address', '19', '--type', 'float32', '--value', '12.75'], 16, 'names 3 values from address 19; the request was 2 from address 19'],
    ['FC 5, with the other coil state', ['--table', 'coil', '--address', '3', '--value', 'on'], 5, 'names address 3 = 0x0000; the request was address 3 = 0xFF00'],
  ] as const)('echoed %s: exit 1, the echo named, audited ok:false', async (_what, flags, fc, why) => {
    const { where, writes } = await rogueOn(via, onWrites({ kind: 'wrong-echo' }));
    const home = newHome();
    const r = await runCli(['write', ...where, '--unit', '1', '--timeout', '500', ...noRetry(via), ...flags, '--confirm', '--home', home], 30_000, { bundle: true });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain(why);
    expect(audit(home).map((l) => [l.action, l.ok, l.functionCode])).toEqual([
      ['write-intent', true, fc],
      ['write', false, fc],
    ]);
    expect(writes()).toHaveLength(1);
  }, 60_000);

  it('refused by the device (exception 0x06, busy): exit 1, the exception named, audited ok:false, nothing changed', async () => {
    const { rogue, where, writes } = await rogueOn(via, onWrites({ kind: 'exception', code: 6 }));
    const home = newHome();
    const r = await runCli(['write', ...where, '--unit', '1', '--address', '29', '--value', '4242', '--confirm', '--home', home], 30_000, { bundle: true });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('write to holding register 40030 of unit 1 failed: exception 0x06');
    expect(audit(home).map((l) => [l.action, l.ok])).toEqual([
      ['write-intent', true],
      ['write', false],
    ]);
    expect(audit(home)[1]!.result).toMatch(/^failed: exception 0x06/);
    expect(writes()).toHaveLength(1);
    expect(rogue.registers.register(29)).toBe(1029);
  }, 60_000);

  it('not answered: exit 1, says no answer came, audited ok:false, sent once', async () => {
    const { where, writes } = await rogueOn(via, onWrites({ kind: 'silent' }));
    const home = newHome();
    const r = await runCli(['write', ...where, '--unit', '1', '--timeout', '300', ...noRetry(via), '--address', '29', '--value', '4242', '--confirm', '--home', home], 30_000, { bundle: true });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // No answer leaves the device's state unknown: the operator is told to read it, not that nothing was written.
    const unknown = 'within 300 ms: the device may or may not have carried out the write; read it before writing again';
    expect(r.stderr).toMatch(/write to holding register 40030 of unit 1 failed: no response from (unit 1 on .+|.+ unit 1) within 300 ms/);
    expect(r.stderr).toContain(unknown);
    expect(audit(home).map((l) => [l.action, l.ok])).toEqual([
      ['write-intent', true],
      ['write', false],
    ]);
    expect(audit(home)[1]!.result).toMatch(/^failed: no response .*the device may or may not have carried out the write/);
    expect(writes()).toHaveLength(1);
  }, 60_000);

  it('answered as sent, then the read-back is not answered: written but not verified, and said so', async () => {
    // Requests in turn: the prepare-read, the write, the read-back.
    const { where, writes } = await rogueOn(via, inTurn({ kind: 'answer' }, { kind: 'answer' }, { kind: 'silent' }));
    const home = newHome();
    const r = await runCli(['write', ...where, '--unit', '1', '--timeout', '300', ...noRetry(via), '--address', '29', '--value', '4242', '--confirm', '--home', home], 30_000, { bundle: true });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Written. (read-back failed)');
    expect(audit(home).map((l) => [l.action, l.ok, l.result])).toEqual([
      ['write-intent', true, 'sending'],
      ['write', true, 'written (could not read back)'],
    ]);
    expect(writes()).toHaveLength(1);
  }, 60_000);

  it('the intent is on disk before the frame leaves: killed (-9) while the device takes 3 s, the audit holds the intent and no outcome', async () => {
    const { rogue, where, writes } = await rogueOn(via, onWrites({ kind: 'late', ms: 3000 }));
    const home = newHome();
    const child = spawn(process.execPath, cliCommand(['write', ...where, '--unit', '1', '--timeout', '20000', '--address', '29', '--value', '4242', '--note', 'raise setpoint', '--confirm', '--home', home], { bundle: true }), {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    cleanups.push(() => void child.kill('SIGKILL'));
    for (let i = 0; i < 400 && writes().length === 0 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(writes()).toHaveLength(1);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const lines = audit(home);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      action: 'write-intent',
      ok: true,
      result: 'sending',
      functionCode: 6,
      raw: [4242],
      register: '40030',
      unitId: 1,
      oldValue: 1029,
      newValue: 4242,
      note: 'raise setpoint',
      host: 'cli',
    });
    // What the rogue holds proves the frame got there: the write is on the device, the audit says it was on its way.
    expect(rogue.registers.register(29)).toBe(4242);
  }, 60_000);
});

// The RTU master retries reads, never writes: with RTU's default of one retry, a write whose answer does not come or
// does not fit still reaches the device once (it went twice before the master knew write function codes).
describe.each(['rtu', 'rtu-over-tcp'] as const)('a write over %s with the default one retry', (via) => {
  it('is still sent only once when its echo is wrong', async () => {
    const { where, writes } = await rogueOn(via, onWrites({ kind: 'wrong-echo' }));
    const r = await runCli(['write', ...where, '--unit', '1', '--timeout', '300', '--address', '29', '--value', '4242', '--confirm', '--home', newHome()], 30_000, { bundle: true });
    expect(r.code).toBe(1);
    expect(writes()).toHaveLength(1);
  }, 60_000);
});
