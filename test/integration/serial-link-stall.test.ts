import { afterEach, describe, expect, it } from 'vitest';
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

  it('gives up after a deadline set by the bytes on the wire, and closes the port so the next request reopens it', async () => {
    // 128 KiB at 921,600 baud: 1.4 s on the wire, so the deadline is 1 s + three times that.
    const { link } = await stalledLink(921_600);
    const started = Date.now();
    await expect(link.write(FLOOD)).rejects.toMatchObject({
      code: 'connection_failed',
      message: expect.stringMatching(/^port lost: a write to .* did not complete within 5267 ms/),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    expect(link.isOpen).toBe(false);
  });
});
