import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { createChannel } from '../../src/engine/modbus/channel-factory';
import { readRaw } from '../../src/engine/modbus/read';
import type { AuditEntry, WriteTicket } from '../../src/shared/schemas/writes';
import { makeEngine, tempDir } from '../helpers/engine';
import { buildCliBundle, runCli } from '../helpers/processes';
import { rogueRtuOnPty, rogueRtuOnTcp, type RogueRtu } from '../helpers/rogue/rogue-rtu';
import { rogueTcp } from '../helpers/rogue/rogue-tcp';

/**
 * Issue 14, "a broadcast (unit 0) is mishandled". Unit 0 on a serial line is heard by every device and answered by
 * none: a write to it goes out exactly once (no read before, none after), and nothing may try to read it — a read
 * would only time out, and a scan must not send there. The rogue device (unit 1) hears every frame on the line and
 * carries out broadcast writes; its holding register a holds 1000 + a until written.
 */

const tmp = tempDir('fieldbench-broadcast-');
beforeAll(() => buildCliBundle(), 60_000);
afterAll(() => tmp.cleanup());
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Via = 'rtu' | 'rtu-over-tcp';

async function line(via: Via): Promise<{ rogue: RogueRtu; where: string[] }> {
  const rogue = via === 'rtu' ? await rogueRtuOnPty() : await rogueRtuOnTcp();
  cleanups.push(() => rogue.stop());
  return { rogue, where: 'path' in rogue ? ['--rtu', rogue.path, '--baud', '19200', '--parity', 'none'] : ['--rtu-over-tcp', `127.0.0.1:${rogue.port}`] };
}

const cli = (args: string[]) => runCli(args, 30_000, { bundle: true });
const framesOf = (rogue: RogueRtu) => rogue.frames.map((f) => `${f.unitId}:${f.pdu.toString('hex')}`);

/** The barrier's request, as the rogue hears it: FC 3, holding register 29 of unit 1. */
const BARRIER = '1:03001d0001';

/**
 * After the CLI has exited, read holding register 29 of unit 1 over the same line and wait for the answer: whatever
 * the CLI put on the line came before, so the rogue has heard all of it once this returns. Returns the value read.
 */
async function barrier(rogue: RogueRtu): Promise<number> {
  const line = { id: 'barrier', name: 'barrier', timeoutMs: 2000, retries: 0, turnaroundMs: 0 };
  const channel =
    'path' in rogue
      ? createChannel({ ...line, kind: 'rtu', path: rogue.path as string, baud: 19200, dataBits: 8, parity: 'none', stopBits: 1, rtsToggle: false, echo: false })
      : createChannel({ ...line, kind: 'rtu-over-tcp', host: '127.0.0.1', port: (rogue as RogueRtu & { port: number }).port });
  try {
    return (await readRaw(channel, { unitId: 1, table: 'holding', address: 29, count: 1 }))[0]!;
  } finally {
    await channel.close();
  }
}

describe.each(['rtu', 'rtu-over-tcp'] as const)('fieldbench write --unit 0 over %s (a broadcast)', (via) => {
  it('is sent exactly once, with no read before or after, says so, and is audited as a broadcast', async () => {
    const { rogue, where } = await line(via);
    const home = path.join(tmp.dir, `broadcast-${via}`);
    const r = await cli(['write', ...where, '--unit', '0', '--address', '29', '--value', '4242', '--note', 'all drives: setpoint', '--confirm', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('current not read (broadcast) -> new 4242 (uint16, FC 6, sends [1092])');
    expect(r.stdout).toContain('Broadcast sent once: no answer expected, nothing read back.');
    // The device carried the broadcast out, and the CLI sent one frame: FC 6 to unit 0, address 29 (0x001D), 4242
    // (0x1092). No FC 3 before it or after it.
    expect(await barrier(rogue)).toBe(4242);
    expect(framesOf(rogue)).toEqual(['0:06001d1092', BARRIER]);
    const lines = (readFileSync(path.join(home, 'data/audit/writes.jsonl'), 'utf8').trim().split('\n')).map((l) => JSON.parse(l) as AuditEntry);
    expect(lines.map((l) => [l.action, l.ok, l.result, l.unitId, l.functionCode])).toEqual([
      ['write-intent', true, 'sending', 0, 6],
      ['write', true, 'broadcast, no answer expected', 0, 6],
    ]);
    expect(lines[0]!.oldValue).toBeNull();
    expect(lines[1]!.ticketId).toBe(lines[0]!.ticketId);
  }, 60_000);

  it('without --confirm: nothing at all goes on the line (not even a read), exit 3', async () => {
    const { rogue, where } = await line(via);
    const r = await cli(['write', ...where, '--unit', '0', '--table', 'coil', '--address', '3', '--value', 'on', '--home', path.join(tmp.dir, `unconfirmed-${via}`)]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('current not read (broadcast) -> new true (bool, FC 5, sends ON)');
    await barrier(rogue);
    expect(framesOf(rogue)).toEqual([BARRIER]);
  }, 60_000);
});

describe('unit 0 on Modbus TCP is no broadcast', () => {
  it('fieldbench write --tcp --unit 0 is refused before anything is sent, exit 2', async () => {
    const rogue = await rogueTcp();
    cleanups.push(() => rogue.stop());
    const r = await cli(['write', '--tcp', `127.0.0.1:${rogue.port}`, '--unit', '0', '--address', '29', '--value', '1', '--confirm', '--home', path.join(tmp.dir, 'tcp-unit-0')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unit 0 is a broadcast address on a serial line; on Modbus TCP give the device's own unit id");
    // Anything sent would have been answered (and so heard) before the CLI could exit.
    expect(rogue.requests).toEqual([]);
    expect(existsSync(path.join(tmp.dir, 'tcp-unit-0/data/audit/writes.jsonl'))).toBe(false);
  }, 60_000);
});

describe('reading unit 0 on a serial line is refused before anything is sent', () => {
  it('fieldbench read --rtu --unit 0: exit 2, says why', async () => {
    const { rogue, where } = await line('rtu');
    const r = await cli(['read', ...where, '--unit', '0', '--address', '0', '--count', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unit 0 is the broadcast address on .+: it is never answered, so it cannot be read/);
    expect(r.stdout).toBe('');
    await barrier(rogue);
    expect(framesOf(rogue)).toEqual([BARRIER]);
  }, 60_000);

  it('fieldbench read --rtu --unit 0 --map FILE: exit 2, says why, no tag is read', async () => {
    const { rogue, where } = await line('rtu');
    const map = path.join(tmp.dir, 'two-tags.csv');
    writeFileSync(map, 'Register;Name;Type\n40001;first;uint16\n40011;second;float32\n');
    const r = await cli(['read', ...where, '--unit', '0', '--map', map, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unit 0 is the broadcast address on .+: it is never answered, so it cannot be read/);
    expect(r.stdout).toBe('');
    await barrier(rogue);
    expect(framesOf(rogue)).toEqual([BARRIER]);
  }, 60_000);

  it('fieldbench scan --rtu --units 0-3 does not send to unit 0, says it skipped it, and finds unit 1', async () => {
    const { rogue, where } = await line('rtu');
    const r = await cli(['scan', '--rtu', where[1]!, '--bauds', '19200', '--parities', 'none', '--units', '0-3', '--timeout', '200', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { unitId: number }).unitId)).toEqual([1]);
    expect(r.stderr).toMatch(/unit 0 \(broadcast, skipped\)/);
    // Units 1, 2 and 3 probed once each (FC 3, one register at address 0); unit 0 never.
    await barrier(rogue);
    expect(framesOf(rogue)).toEqual(['1:0300000001', '2:0300000001', '3:0300000001', BARRIER]);
  }, 60_000);
});

describe('the engine with a unit-0 device on a serial line', () => {
  let engine: Engine;
  let dir: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ engine, dir, dispose } = await makeEngine());
  });
  afterAll(async () => dispose?.());

  async function call<T>(name: string, input: unknown): Promise<T> {
    const env = await engine.dispatch(name, input);
    if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
    return env.value as T;
  }

  /**
   * The engine's own barrier: a read of holding register 29 of unit 1 on the same connection, so one queue and one
   * line; what the engine sent before has been heard once it is answered.
   */
  const engineBarrier = async (deviceId: string) => (await call<{ raw: number[] }>('modbus.read', { deviceId, table: 'holding', address: 29, count: 1 })).raw[0];

  /** A project holding one RTU connection (the rogue's pty) with unit 0 and unit 1, opened from the workspace folder. */
  async function openBroadcastProject(portPath: string): Promise<string> {
    const now = new Date().toISOString();
    const doc = {
      format: 'fieldbench-project',
      version: 3,
      name: 'Broadcast bus',
      createdAt: now,
      modifiedAt: now,
      connections: [{ kind: 'rtu', id: 'conn-bus', name: 'RS-485 bus', path: portPath, baud: 19200, dataBits: 8, parity: 'none', stopBits: 1, rtsToggle: false, echo: false, timeoutMs: 300, retries: 0, turnaroundMs: 50 }],
      devices: [
        { id: 'dev-all', name: 'Every drive', protocol: 'modbus', connectionId: 'conn-bus', unitId: 0 },
        { id: 'dev-one', name: 'Drive 1', protocol: 'modbus', connectionId: 'conn-bus', unitId: 1 },
      ],
      tagMaps: [],
      watches: [],
      checkout: {},
    };
    const projects = path.join(dir, 'projects');
    if (!existsSync(projects)) mkdirSync(projects, { recursive: true });
    writeFileSync(path.join(projects, 'broadcast.fieldbench.json'), JSON.stringify(doc));
    await call('project.open', { source: { kind: 'workspace', name: 'broadcast' } });
    return 'dev-all';
  }

  it('refuses modbus.read, watches.add and sunspec.discover, naming the broadcast address, and sends nothing', async () => {
    const { rogue, where } = await line('rtu');
    const deviceId = await openBroadcastProject(where[1]!);
    const refusal = /^unit 0 is the broadcast address on RS-485 bus: it is never answered, so it cannot be read, watched or scanned$/;
    await expect(call('modbus.read', { deviceId, table: 'holding', address: 0, count: 1 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(refusal) });
    await expect(call('watches.add', { deviceId, table: 'holding', address: 0, count: 4 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(refusal) });
    await expect(call('sunspec.discover', { deviceId })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(refusal) });
    expect(await call('watches.list', {})).toEqual([]);
    expect(await engineBarrier('dev-one')).toBe(1029);
    expect(framesOf(rogue)).toEqual([BARRIER]);

    // The write path still works for it: a broadcast, prepared without a read, sent once when confirmed.
    const t = await call<WriteTicket>('writes.prepare', { deviceId, table: 'holding', address: 29, value: 7, note: 'every drive' });
    expect(t).toMatchObject({ broadcast: true, oldValue: null, target: 'holding register 40030 of unit 0 (broadcast to every unit on the line)' });
    await expect(call('writes.confirm', { ticketId: t.ticketId })).resolves.toMatchObject({ result: 'broadcast', readBack: null });
    expect(await engineBarrier('dev-one')).toBe(7);
    expect(framesOf(rogue)).toEqual([BARRIER, '0:06001d0007', BARRIER]);
    const audit = await call<AuditEntry[]>('audit.list', {});
    expect(audit.map((a) => [a.action, a.result, a.ok])).toEqual([
      ['write-intent', 'sending', true],
      ['write', 'broadcast, no answer expected', true],
    ]);
  }, 60_000);

  it('an RTU-over-TCP device at unit 0 is refused the same way', async () => {
    const { rogue } = await line('rtu-over-tcp');
    const port = (rogue as RogueRtu & { port: number }).port;
    const add = async (name: string, unitId: number) => (await call<{ device: { id: string } }>('devices.addRtuOverTcp', { name, unitId, host: '127.0.0.1', port, timeoutMs: 300, retries: 0 })).device;
    const device = await add('Every unit behind the server', 0);
    const one = await add('Unit 1 behind the server', 1);
    const refusal = /^unit 0 is the broadcast address on 127\.0\.0\.1:\d+ \(RTU over TCP\): it is never answered/;
    await expect(call('modbus.read', { deviceId: device.id, table: 'holding', address: 0, count: 1 })).rejects.toMatchObject({ message: expect.stringMatching(refusal) });
    await expect(call('watches.add', { deviceId: device.id, table: 'holding', address: 0, count: 1 })).rejects.toMatchObject({ message: expect.stringMatching(refusal) });
    await expect(call('sunspec.discover', { deviceId: device.id })).rejects.toMatchObject({ message: expect.stringMatching(refusal) });
    expect(await engineBarrier(one.id)).toBe(1029);
    expect(framesOf(rogue)).toEqual([BARRIER]);
  }, 60_000);
});
