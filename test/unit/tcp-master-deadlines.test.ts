import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMbap, MbapSplitter } from '../../src/engine/modbus/mbap';
import { readRaw } from '../../src/engine/modbus/read';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { FieldbenchError } from '../../src/shared/errors';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A device that answers a read of one holding register with its address as the value, but only for the addresses
 * it is told to answer, and only when told: the others stay unanswered.
 */
async function scriptedDevice(): Promise<{ port: number; answer: (address: number) => void; received: number[] }> {
  const held = new Map<number, () => void>();
  const released = new Set<number>();
  const received: number[] = [];
  const server = net.createServer((sock) => {
    const s = new MbapSplitter(
      (f) => {
        const address = f.pdu.readUInt16BE(1);
        received.push(address);
        const send = () => sock.write(encodeMbap(f.transactionId, f.unitId, Buffer.from([3, 2, address >> 8, address & 0xff])));
        if (released.has(address)) send();
        else held.set(address, send);
      },
      () => sock.destroy(),
    );
    sock.on('data', (c: Buffer) => s.push(c));
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    answer: (address) => {
      released.add(address);
      held.get(address)?.();
      held.delete(address);
    },
  };
}

const read = (master: TcpMaster, address: number) => readRaw(master, { unitId: 1, table: 'holding', address, count: 1 });

describe('Modbus TCP response deadlines', () => {
  it('gives each transaction in flight its own deadline: the oldest timing out does not cut a later one short', async () => {
    const device = await scriptedDevice();
    const master = new TcpMaster({ host: '127.0.0.1', port: device.port, timeoutMs: 800, maxInFlight: 2 });
    cleanups.push(() => master.close());
    const first = read(master, 10); // never answered
    const firstFailed = first.then(
      () => null,
      (err: unknown) => err,
    );
    await sleep(400);
    const second = read(master, 20);
    // The device answers the second request only once the first has timed out, well inside the second's own wait.
    const err = await firstFailed;
    expect(err).toBeInstanceOf(FieldbenchError);
    expect((err as FieldbenchError).code).toBe('timeout');
    device.answer(20);
    expect(await second).toEqual([20]);
    expect(master.stats.snapshot(1)).toMatchObject({ requests: 2, responses: 1, timeouts: 1 });
    expect(device.received).toEqual([10, 20]);
  });

  it('still times out a request sent after an earlier one was answered', async () => {
    const device = await scriptedDevice();
    device.answer(1);
    const master = new TcpMaster({ host: '127.0.0.1', port: device.port, timeoutMs: 300 });
    cleanups.push(() => master.close());
    expect(await read(master, 1)).toEqual([1]);
    await sleep(150);
    // Sent while the deadline of the answered request is still pending; nothing ever answers it.
    await expect(read(master, 2)).rejects.toMatchObject({ code: 'timeout' });
    expect(master.stats.snapshot(1)).toMatchObject({ requests: 2, responses: 1, timeouts: 1 });
    // A late answer to the timed-out request is counted as stray and handed to nobody.
    device.answer(2);
    device.answer(3);
    expect(await read(master, 3)).toEqual([3]);
    expect(master.stats.stray).toBe(1);
  });
});
