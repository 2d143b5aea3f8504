import { afterEach, describe, expect, it } from 'vitest';
import { readDecoded } from '../../src/engine/modbus/read';
import { RtuMaster } from '../../src/engine/modbus/rtu/rtu-master';
import { SerialLink } from '../../src/engine/transport/serial-link';
import { TcpLink } from '../../src/engine/transport/tcp-link';
import { always, inTurn, type Script } from '../helpers/rogue/faults';
import { rogueRtuOnPty, rogueRtuOnTcp, type RogueRtu } from '../helpers/rogue/rogue-rtu';

// Faults of an RTU bus, from a rogue slave at the far end of a socat pseudo-terminal pair (or a TCP port for RTU
// over TCP). The rogue's holding register a reads 1000 + a, so a value taken from the wrong answer shows.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TIMEOUT = 400;

async function bus(via: 'pty' | 'tcp', script: Script, retries = 0, interFrameMs = 2): Promise<{ rogue: RogueRtu; master: RtuMaster }> {
  const rogue = via === 'pty' ? await rogueRtuOnPty({ script }) : await rogueRtuOnTcp({ script });
  cleanups.push(() => rogue.stop());
  const link = 'path' in rogue ? new SerialLink({ path: rogue.path, baud: 19200, dataBits: 8, parity: 'none', stopBits: 1 }) : new TcpLink('127.0.0.1', rogue.port);
  const master = new RtuMaster(link, { timeoutMs: TIMEOUT, retries, interFrameMs, turnaroundMs: 20 });
  cleanups.push(() => master.close());
  return { rogue, master };
}

const read = (master: RtuMaster, address: number, count = 1) => readDecoded(master, 'd', { unitId: 1, table: 'holding', type: 'uint16', order: 'ABCD', address, count });

describe.each(['pty', 'tcp'] as const)('a late RTU answer (%s)', (via) => {
  it('is discarded, never taken as the answer to the next request of the same shape', async () => {
    // Every answer 1.5 timeouts late: the answer to 40001 arrives while 40201 would be waiting for its own.
    const { rogue, master } = await bus(via, always({ kind: 'late', ms: TIMEOUT * 1.5 }));
    const first = await read(master, 0);
    const second = await read(master, 200);
    expect(first.quality).toEqual({ status: 'bad', reason: 'timeout' });
    expect(second.quality).toEqual({ status: 'bad', reason: 'timeout' });
    expect(second.raw).toEqual([]);
    // Once the device answers in time, the next read gets its own value, not the late answer to 40201.
    rogue.script = always({ kind: 'answer' });
    const third = await read(master, 300);
    expect(third.quality).toEqual({ status: 'good' });
    expect(third.values[0]!.value).toBe(1300);
    expect(master.stats.snapshot(1)).toMatchObject({ timeouts: 2, responses: 1, crcErrors: 0 });
    expect(master.stats.stray).toBe(2); // the two late answers
  });

  it('with retries: a late answer to the first attempt is not taken for the retry of the next request', async () => {
    const { rogue, master } = await bus(via, inTurn({ kind: 'late', ms: TIMEOUT * 1.5 }, { kind: 'answer' }), 1);
    const first = await read(master, 0);
    // The first attempt's answer came late and was dropped; the retry was answered in time.
    expect(first.quality).toEqual({ status: 'good' });
    expect(first.values[0]!.value).toBe(1000);
    const second = await read(master, 200);
    expect(second.values[0]!.value).toBe(1200);
    expect(rogue.requests.map((r) => r.readUInt16BE(1))).toEqual([0, 0, 200]);
    expect(master.stats.stray).toBe(1);
  });
});

describe('answers that cannot belong to the request', () => {
  it('a stale answer to an earlier read (another register count) is not taken; the message says what came', async () => {
    const { master } = await bus('pty', inTurn({ kind: 'answer' }, { kind: 'stale' }, { kind: 'answer' }));
    expect((await read(master, 0, 2)).raw).toEqual([1000, 1001]);
    const stale = await read(master, 10, 1);
    expect(stale.quality).toEqual({
      status: 'bad',
      reason: `unit 1 sent an answer that does not fit the request: expected 2 data bytes (1 register), the answer's byte count says 4, and no answer to the request within ${TIMEOUT} ms`,
    });
    expect((await read(master, 20, 1)).raw).toEqual([1020]);
    expect(master.stats.stray).toBe(1);
  });

  it.each([
    ['FC 6', Buffer.from([6, 0, 100, 0x12, 0x34]), 'an answer to the write that names address 100 = 0x1235; the request was address 100 = 0x1234'],
    ['FC 5', Buffer.from([5, 0, 7, 0xff, 0x00]), 'an answer to the write that names address 7 = 0x0000; the request was address 7 = 0xFF00'],
    ['FC 16', Buffer.from([16, 0, 100, 0, 2, 4, 0, 1, 0, 2]), 'an answer to the write that names 3 values from address 100; the request was 2 from address 100'],
  ])('a write answered with a wrong echo (%s) fails, naming what was sent and what came back', async (_fc, pdu, why) => {
    const { master } = await bus('pty', always({ kind: 'wrong-echo' }));
    await expect(master.request(1, pdu)).rejects.toMatchObject({ code: 'protocol_error', message: `unit 1 sent ${why}, and no answer to the request within ${TIMEOUT} ms` });
  });

  it('an answer with another function code says so, and is not counted as a CRC error', async () => {
    const { rogue, master } = await bus('pty', always({ kind: 'wrong-function', fc: 4 }));
    const r = await read(master, 0);
    expect(r.quality).toEqual({ status: 'bad', reason: `unit 1 sent a function 4 answer to a function 3 request, and no answer to the request within ${TIMEOUT} ms` });
    rogue.script = always({ kind: 'answer' });
    expect((await read(master, 1)).raw).toEqual([1001]);
    expect(master.stats.snapshot(1)).toMatchObject({ crcErrors: 0, timeouts: 1, responses: 1 });
    expect(master.stats.stray).toBe(1);
  });

  it('an answer from another unit id is not taken', async () => {
    const { master } = await bus('pty', always({ kind: 'other-unit', unitId: 2 }));
    expect((await read(master, 0)).quality).toEqual({ status: 'bad', reason: 'timeout' });
    expect(master.stats.stray).toBe(1);
  });
});

describe('noise, truncation, CRC errors, duplicates and a line that never goes quiet', () => {
  it.each([
    ['noise holding the unit id, function and byte count', [0x01, 0x03, 0x02, 0x55], 0],
    ['noise that starts like a long frame', [0x01, 0x03, 0x10, 0x55], 0],
    ['noise in one chunk, the answer in the next', [0x01, 0x03, 0x02, 0x55], 5],
  ])('%s before a good answer: the good answer is kept', async (_what, bytes, gapMs) => {
    const { master } = await bus('pty', always({ kind: 'noise', bytes, gapMs }));
    const r = await read(master, 0);
    expect(r.quality).toEqual({ status: 'good' });
    expect(r.values[0]!.value).toBe(1000);
    expect(master.stats.snapshot(1)).toMatchObject({ crcErrors: 0, timeouts: 0, responses: 1 });
    expect(master.stats.stray).toBe(1);
  });

  it('an answer cut short says how much of it came, counts as a bad frame, and the bus recovers', async () => {
    const { rogue, master } = await bus('pty', always({ kind: 'truncate', keep: 5 }));
    const r = await read(master, 0);
    expect(r.quality).toEqual({ status: 'bad', reason: `the answer from unit 1 was cut short: 5 of 7 bytes arrived within ${TIMEOUT} ms` });
    expect(master.stats.snapshot(1)).toMatchObject({ crcErrors: 1, timeouts: 0 });
    rogue.script = always({ kind: 'answer' });
    expect((await read(master, 3)).raw).toEqual([1003]);
  });

  it('an answer with a bad CRC is a CRC error', async () => {
    const { master } = await bus('pty', always({ kind: 'bad-crc' }));
    expect((await read(master, 0)).quality).toEqual({ status: 'bad', reason: 'CRC error in the response from unit 1' });
    expect(master.stats.snapshot(1)).toMatchObject({ crcErrors: 1, timeouts: 0 });
  });

  it('a duplicated answer (both copies in one chunk, as a gateway may send them) is not taken for the next request', async () => {
    const { master } = await bus('pty', always({ kind: 'duplicate', gapMs: 0 }));
    expect((await read(master, 0)).raw).toEqual([1000]);
    expect((await read(master, 200)).raw).toEqual([1200]);
    expect((await read(master, 300)).raw).toEqual([1300]);
    expect(master.stats.stray).toBe(3);
  });

  it('a line that never goes quiet fails each request instead of stalling the bus, and recovers when it stops', async () => {
    // 150 ms of silence needed between frames, bytes every millisecond: the line is never quiet that long, even on a
    // loaded machine whose timers run late. Should a request get through anyway, the rogue does not answer it.
    const { rogue, master } = await bus('pty', inTurn({ kind: 'endless', bytes: [0x01, 0x03, 0x02], everyMs: 1 }, { kind: 'silent' }), 0, 150);
    const during = [await read(master, 0), await read(master, 1), await read(master, 2)];
    expect(during.map((r) => r.quality.status)).toEqual(['bad', 'bad', 'bad']);
    expect(during.map((r) => r.quality.reason).filter((r) => /did not go quiet for 150 ms within \d+ ms: something else is transmitting/.test(r ?? ''))).not.toEqual([]);
    rogue.hush();
    rogue.script = always({ kind: 'answer' });
    expect((await read(master, 3)).raw).toEqual([1003]);
  });
});
