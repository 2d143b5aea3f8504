import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineCore } from '../../src/engine/core';
import type { TagReading } from '../../src/shared/schemas/tags';
import { cipCore, cipProject, cipTag, startAbServer, type AbServer } from '../helpers/cip-peer';
import { nextReading } from '../helpers/opcua-peer';

/**
 * The CIP driver against libplctag's ab_server (connected messaging only, one client at a time, no Multiple Service
 * Packet): every test holds one engine core and closes it before the next.
 */
const TAGS = ['TestDINT:DINT[10]', 'TestREAL:REAL[10]', 'TestINT:INT[4]', 'TestSINT:SINT[4]', 'TestLINT:LINT[2]', 'TestLREAL:LREAL[1]', 'TestSTRING:STRING[2]'];

async function write(core: EngineCore, tagKey: string, value: number | boolean | string) {
  const ticket = await core.prepareWrite({ tagKey, value, note: 'test' });
  return { ticket, outcome: await core.confirmWrite(ticket.ticketId) };
}

const byName = (rs: TagReading[]) => Object.fromEntries(rs.map((r) => [r.name, r]));

describe('CIP driver against ab_server', () => {
  let ab: AbServer;
  beforeAll(async () => {
    ab = await startAbServer(TAGS);
  });
  afterAll(async () => {
    await ab?.stop();
  });

  it('writes every atomic type and array elements through the confirmed path and reads them back through EngineCore', async () => {
    const { core, dispose } = cipCore();
    try {
      const tags = [cipTag('d3', 'TestDINT[3]'), cipTag('d4', 'TestDINT[4]'), cipTag('d0', 'TestDINT'), cipTag('r1', 'TestREAL[1]'), cipTag('i2', 'TestINT[2]'), cipTag('s1', 'TestSINT[1]'), cipTag('l1', 'TestLINT[1]'), cipTag('lr', 'TestLREAL'), cipTag('str', 'TestSTRING[1]')];
      core.load(cipProject(ab.port, tags), { acquire: false });
      const { ticket, outcome } = await write(core, 'm/d3', 123456);
      expect(ticket.detail).toMatchObject({ protocol: 'cip', tagPath: 'TestDINT[3]', dataType: 'DINT', value: 123456, oldValue: 0, dataHex: '40e20100' });
      expect(outcome).toMatchObject({ result: 'written', readBackValue: 123456 });
      await write(core, 'm/d4', -7);
      await write(core, 'm/r1', 2.5);
      await write(core, 'm/i2', -30000);
      await write(core, 'm/s1', -100);
      await write(core, 'm/l1', '9007199254740993');
      await write(core, 'm/lr', -1.0e300);
      await write(core, 'm/str', 'pump 7 running');
      const r = byName(await core.readOnce('dev'));
      for (const x of Object.values(r)) expect(x.quality, x.name).toEqual({ status: 'good' });
      expect(r.d3!.value).toBe(123456);
      expect(r.d4!.value).toBe(-7);
      expect(r.d0!.value).toBe(0);
      expect(r.r1!.value).toBe(2.5);
      expect(r.i2!.value).toBe(-30000);
      expect(r.s1!.value).toBe(-100);
      expect(r.l1!.value).toBe('9007199254740993');
      expect(r.lr!.value).toBe(-1.0e300);
      expect(r.str!.value).toBe('pump 7 running');
    } finally {
      await dispose();
    }
  });

  it('refuses a value the tag cannot hold before anything is sent', async () => {
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(ab.port, [cipTag('s', 'TestSINT[0]'), cipTag('d', 'TestDINT[0]')]), { acquire: false });
      await expect(core.prepareWrite({ tagKey: 'm/s', value: 300, note: '' })).rejects.toThrow(/beyond the range of a SINT/);
      await expect(core.prepareWrite({ tagKey: 'm/d', value: 'ten', note: '' })).rejects.toThrow(/DINT takes a whole number/);
      const r = byName(await core.readOnce('dev'));
      expect(r.s!.value).toBe(0);
    } finally {
      await dispose();
    }
  });

  it('names the CIP status of a tag that does not exist, and keeps it Bad while the others read Good', async () => {
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(ab.port, [cipTag('ok', 'TestDINT[1]'), cipTag('missing', 'NoSuchTag'), cipTag('beyond', 'TestDINT[10]')]), { acquire: false });
      const r = byName(await core.readOnce('dev'));
      expect(r.ok!.quality.status).toBe('good');
      for (const name of ['missing', 'beyond']) {
        expect(r[name]!.quality.status).toBe('bad');
        expect(r[name]!.value).toBeNull();
      }
      // ab_server answers every request it cannot serve with general status 0x08.
      expect(r.missing!.quality.reason).toBe('NoSuchTag: CIP status 0x08 (service not supported)');
      expect(r.beyond!.quality.reason).toMatch(/^TestDINT\[10\]: CIP status 0x[0-9A-F]{2} \(/);
      await expect(core.prepareWrite({ tagKey: 'm/missing', value: 1, note: '' })).rejects.toThrow(/NoSuchTag.*CIP status 0x08/);
      // ab_server has no Identity object service either: the refusal is named, and the connection still reads.
      await expect(core.device('dev').driver.identify!()).rejects.toThrow(/Identity object of 127\.0\.0\.1:\d+: CIP status 0x08 \(service not supported\)/);
      expect(byName(await core.readOnce('dev')).ok!.quality.status).toBe('good');
    } finally {
      await dispose();
    }
  });

  it('acquires by scan class, goes Bad when the controller vanishes, and resumes when it is back', async () => {
    const { core, dispose } = cipCore();
    try {
      const states: string[] = [];
      core.events.on('connection.state', (s) => states.push(`${s.connectionId}:${s.state}`));
      core.load(cipProject(ab.port, [cipTag('a', 'TestDINT[5]', 100), cipTag('b', 'TestREAL[2]', 200)]), { acquire: false });
      await write(core, 'm/a', 4242);
      core.load(cipProject(ab.port, [cipTag('a', 'TestDINT[5]', 100), cipTag('b', 'TestREAL[2]', 200)]));
      const first = await nextReading(core, (r) => r.name === 'a' && r.quality.status === 'good');
      expect(first.value).toBe(4242);
      await nextReading(core, (r) => r.name === 'b' && r.quality.status === 'good');

      await ab.kill();
      const lost = await nextReading(core, (r) => r.name === 'a' && r.quality.status === 'bad');
      expect(lost.value).toBeNull();
      expect(lost.quality.reason).toMatch(/127\.0\.0\.1:\d+/);

      await ab.restart();
      // A fresh ab_server starts from zero: the value seen is the restarted controller's.
      const back = await nextReading(core, (r) => r.name === 'a' && r.quality.status === 'good', 30_000);
      expect(back.value).toBe(0);
      await write(core, 'm/a', 77);
      const moved = await nextReading(core, (r) => r.name === 'a' && r.value === 77);
      expect(moved.quality.status).toBe('good');
      const stats = core.scanStats();
      expect(JSON.stringify(stats)).toContain('"scanClassMs":100');
      // The connection's state as the page sees it: connected, lost, then back.
      const seen = states.join(' ');
      expect(seen).toMatch(/plc:connected .*plc:disconnected .*plc:connected/);
    } finally {
      await dispose();
    }
  });
});

describe('CIP driver against a stalled ab_server', () => {
  it('times out while the controller is stopped, then reconnects and reads again once it answers', async () => {
    const ab = await startAbServer(['TestDINT:DINT[10]']);
    const { core, dispose } = cipCore();
    try {
      const project = cipProject(ab.port, [cipTag('a', 'TestDINT[2]', 100)]);
      core.load({ ...project, connections: project.connections.map((c) => ({ ...c, timeoutMs: 300 })) });
      await nextReading(core, (r) => r.name === 'a' && r.quality.status === 'good');
      ab.signal('SIGSTOP');
      const stalled = await nextReading(core, (r) => r.name === 'a' && r.quality.status === 'bad');
      expect(stalled.quality.reason).toMatch(/no answer from 127\.0\.0\.1:\d+ within 300 ms/);
      ab.signal('SIGCONT');
      const good = await nextReading(core, (r) => r.name === 'a' && r.quality.status === 'good', 30_000);
      expect(good.value).toBe(0);
      // Reads stay Good after the reconnect: no stale replies, no endless time-outs.
      for (let i = 0; i < 3; i++) expect((await nextReading(core, (r) => r.name === 'a')).quality.status).toBe('good');
    } finally {
      await dispose();
      await ab.stop();
    }
  });
});

describe('CIP driver closed while connecting', () => {
  it('leaves no connection behind: ab_server, which serves one client at a time, serves the next one', async () => {
    const ab = await startAbServer(['TestDINT:DINT[2]']);
    try {
      ab.signal('SIGSTOP');
      const first = cipCore();
      const states: string[] = [];
      first.core.events.on('connection.state', (s) => states.push(s.state));
      first.core.load(cipProject(ab.port, [cipTag('a', 'TestDINT[1]')]));
      while (!states.includes('connecting')) await new Promise((resolve) => setTimeout(resolve, 10));
      // The engine closes while Register Session waits in the stopped server's socket; the server then answers it.
      const closing = first.dispose();
      ab.signal('SIGCONT');
      await closing;
      const second = cipCore();
      try {
        second.core.load(cipProject(ab.port, [cipTag('a', 'TestDINT[1]')]), { acquire: false });
        const [r] = await second.core.readOnce('dev');
        expect(r).toMatchObject({ value: 0, quality: { status: 'good' } });
      } finally {
        await second.dispose();
      }
    } finally {
      ab.signal('SIGCONT');
      await ab.stop();
    }
  });
});

describe('CIP driver against ab_server as a Micro800 (no route path)', () => {
  it('opens a connection without a route path and reads', async () => {
    const ab = await startAbServer(['M8DINT:DINT[2]'], { plc: 'Micro800' });
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(ab.port, [cipTag('x', 'M8DINT[1]')], ''), { acquire: false });
      await write(core, 'm/x', 31);
      const [r] = await core.readOnce('dev');
      expect(r).toMatchObject({ value: 31, quality: { status: 'good' } });
    } finally {
      await dispose();
      await ab.stop();
    }
  });
});
