import { afterEach, describe, expect, it, vi } from 'vitest';
import { SerialLink } from '../../src/engine/transport/serial-link';
import { ptyPair, type PtyPair } from '../helpers/socat';

// A write the OS cannot finish: socat is stopped (SIGSTOP), so nobody drains the pseudo-terminal and the write
// stays pending, the way it does on an adapter that is pulled mid-frame or held by flow control.
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function stalledLink(baud: number): Promise<{ pty: PtyPair; link: SerialLink }> {
  const pty = await ptyPair();
  cleanups.push(() => pty.stop());
  cleanups.push(() => pty.child.kill('SIGCONT'));
  const link = new SerialLink({ path: pty.master, baud, dataBits: 8, parity: 'none', stopBits: 1 });
  await link.open();
  cleanups.push(() => link.close());
  pty.child.kill('SIGSTOP');
  return { pty, link };
}

/** Far more than a pseudo-terminal buffers, so the write cannot drain while socat is stopped. */
const FLOOD = Buffer.alloc(128 * 1024, 0x55);

describe('a serial write that cannot complete', () => {
  it('fails with "port lost" when the adapter goes away during the write, instead of stalling the bus', async () => {
    const { pty, link } = await stalledLink(19200);
    const closed = new Promise<string>((r) => link.once('close', r));
    let settled = false;
    const write = link.write(FLOOD).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // really pending: nothing reads the other end
    pty.child.kill('SIGKILL'); // unplugged
    await expect(write).rejects.toMatchObject({ code: 'connection_failed', message: expect.stringMatching(/^port lost: /) });
    expect(await closed).toMatch(/unplugged|closed/);
    expect(link.isOpen).toBe(false);
  });

  // The deadline, as SerialLink documents it: a second plus three times the bytes' time on the wire. The wire time
  // comes from the line, not from the code: an 8N1 character is a start bit, 8 data bits and a stop bit.
  const wireMs = (bytes: number, baud: number) => (bytes * (1 + 8 + 1) * 1000) / baud;

  /**
   * Write FLOOD on a stalled link with the timers faked (the OS write stays real and stuck); `at(ms)` runs the fake
   * clock to `ms` after the write started, so the deadline is checked without waiting for it or timing anything.
   */
  async function stalledWrite(baud: number) {
    const { pty, link } = await stalledLink(baud);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    cleanups.push(() => vi.useRealTimers()); // first thing afterEach undoes
    let outcome: 'pending' | 'completed' | Error = 'pending';
    void link.write(FLOOD).then(
      () => (outcome = 'completed'),
      (err: Error) => (outcome = err),
    );
    let now = 0;
    return {
      pty,
      link,
      outcome: () => outcome,
      at: async (ms: number) => {
        await vi.advanceTimersByTimeAsync(ms - now);
        now = ms;
      },
    };
  }

  it('gives up after a deadline set by the bytes on the wire, and closes the port so the next request reopens it', async () => {
    // 128 KiB at 921,600 baud: 1.42 s on the wire, so a deadline of 1 s + 4.27 s.
    const deadline = 1000 + 3 * wireMs(FLOOD.length, 921_600);
    const w = await stalledWrite(921_600);
    await w.at(deadline - 50);
    expect(w.outcome()).toBe('pending');
    expect(w.link.isOpen).toBe(true);
    await w.at(deadline + 50);
    const err = w.outcome();
    expect(err).toMatchObject({ code: 'connection_failed', message: expect.stringMatching(/^port lost: a write to .* did not complete within \d+ ms/) });
    // The message says how long it waited: the deadline, to the millisecond.
    expect(Math.abs(Number(/within (\d+) ms/.exec((err as Error).message)![1]) - deadline)).toBeLessThan(1);
    expect(w.link.isOpen).toBe(false);

    // The line comes back: the next request opens the port again and its bytes reach the other end.
    vi.useRealTimers();
    w.pty.child.kill('SIGCONT');
    const device = new SerialLink({ path: w.pty.slave, baud: 921_600, dataBits: 8, parity: 'none', stopBits: 1 });
    await device.open();
    cleanups.push(() => device.close());
    let heard = Buffer.alloc(0);
    const frame = Buffer.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0a]);
    const arrived = new Promise<void>((resolve) =>
      device.on('data', (chunk) => {
        heard = Buffer.concat([heard, chunk]);
        if (heard.subarray(-frame.length).equals(frame)) resolve();
      }),
    );
    await w.link.open();
    await w.link.write(frame);
    await arrived;
  });

  it('waits longer for more time on the wire: a slower line is not given up where a faster one is', async () => {
    // 128 KiB at 115,200 baud: 11.4 s on the wire, a deadline of 35.1 s; the 921,600 baud deadline (5.3 s) passes.
    const deadline = 1000 + 3 * wireMs(FLOOD.length, 115_200);
    const w = await stalledWrite(115_200);
    await w.at(1000 + 3 * wireMs(FLOOD.length, 921_600) + 50);
    expect(w.outcome()).toBe('pending');
    await w.at(deadline - 50);
    expect(w.outcome()).toBe('pending');
    await w.at(deadline + 50);
    expect(w.outcome()).toMatchObject({ code: 'connection_failed', message: expect.stringMatching(/^port lost: a write to .* did not complete/) });
    expect(w.link.isOpen).toBe(false);
  });
});
