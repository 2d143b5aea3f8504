import { afterEach, describe, expect, it } from 'vitest';
import { readDecoded } from '../../src/engine/modbus/read';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { always, inTurn, type Script } from '../helpers/rogue/faults';
import { rogueTcp, type RogueTcp } from '../helpers/rogue/rogue-tcp';

// Faults of a Modbus TCP device, from a rogue server on 127.0.0.1. Its register a reads 1000 + a, so a value taken
// from another transaction's answer shows.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TIMEOUT = 400;

async function device(script: Script): Promise<{ rogue: RogueTcp; master: TcpMaster }> {
  const rogue = await rogueTcp({ script });
  cleanups.push(() => rogue.stop());
  const master = new TcpMaster({ host: '127.0.0.1', port: rogue.port, timeoutMs: TIMEOUT });
  cleanups.push(() => master.close());
  return { rogue, master };
}

const read = (master: TcpMaster, address: number, unitId = 1) => readDecoded(master, 'd', { unitId, table: 'holding', type: 'uint16', order: 'ABCD', address, count: 1 });

describe('Modbus TCP answers that belong to another transaction', () => {
  it('a late answer arriving while the next transaction waits is not taken as its answer', async () => {
    // The answer to 40001 comes 1.5 timeouts late, while the read of 40201 (answered half a timeout late) waits.
    const { master } = await device(inTurn({ kind: 'late', ms: TIMEOUT * 1.5 }, { kind: 'late', ms: TIMEOUT / 2 }));
    const first = await read(master, 0);
    const second = await read(master, 200);
    expect(first.quality).toEqual({ status: 'bad', reason: 'timeout' });
    expect(second.quality).toEqual({ status: 'good' });
    expect(second.values[0]!.value).toBe(1200);
    expect(master.stats.stray).toBe(1);
    expect(master.stats.snapshot(1)).toMatchObject({ timeouts: 1, responses: 1 });
  });

  it('a duplicated answer is counted stray and the next read gets its own', async () => {
    const { master } = await device(always({ kind: 'duplicate', gapMs: 0 }));
    expect((await read(master, 0)).raw).toEqual([1000]);
    expect((await read(master, 200)).raw).toEqual([1200]);
    expect(master.stats.stray).toBe(2);
  });

  it('an answer under another transaction id or unit id is not taken', async () => {
    const { master } = await device(inTurn({ kind: 'wrong-tid' }, { kind: 'other-unit', unitId: 9 }, { kind: 'answer' }));
    expect((await read(master, 0)).quality).toEqual({ status: 'bad', reason: 'timeout' });
    expect((await read(master, 1)).quality).toEqual({ status: 'bad', reason: 'timeout' });
    expect((await read(master, 2)).raw).toEqual([1002]);
    expect(master.stats.stray).toBe(2);
  });

  it('an answer cut short never becomes a value: the stream is out of step, the connection is dropped and made again', async () => {
    const { master } = await device(inTurn({ kind: 'truncate', keep: 8 }, { kind: 'answer' }));
    expect((await read(master, 0)).quality).toEqual({ status: 'bad', reason: 'timeout' });
    // The next answer's first bytes complete the cut-short frame (a stray for the timed-out transaction); what is
    // left of it cannot be an MBAP header.
    const next = await read(master, 1);
    expect(next.quality.status).toBe('bad');
    expect(next.quality.reason).toMatch(/^comm lost: protocol error: protocol id \d+ is not Modbus \(0\)$/);
    expect((await read(master, 2)).raw).toEqual([1002]);
    expect(master.stats.stray).toBe(1);
  });
});
