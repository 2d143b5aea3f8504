import net from 'node:net';

/**
 * The baseline client: a raw socket sending Modbus TCP "read holding registers" frames and counting answers, with
 * `inFlight` requests outstanding. No queue, no decode, no quality: as fast as a client can be.
 */
export async function bareReadsPerSecond(port: number, opts: { inFlight?: number; ms?: number; address?: number; count?: number } = {}): Promise<number> {
  const inFlight = opts.inFlight ?? 1;
  const ms = opts.ms ?? 2000;
  const sock = net.createConnection({ host: '127.0.0.1', port });
  sock.setNoDelay(true);
  await new Promise<void>((r, j) => sock.once('connect', () => r()).once('error', j));
  const frame = (tid: number) => {
    const b = Buffer.alloc(12);
    b.writeUInt16BE(tid & 0xffff, 0);
    b.writeUInt16BE(6, 4);
    b[6] = 1;
    b[7] = 3;
    b.writeUInt16BE(opts.address ?? 0, 8);
    b.writeUInt16BE(opts.count ?? 1, 10);
    return b;
  };
  let done = 0;
  let tid = 0;
  let buf: Buffer = Buffer.alloc(0);
  let stopAt = 0;
  let resolveEnd: () => void = () => undefined;
  const ended = new Promise<void>((r) => (resolveEnd = r));
  let outstanding = 0;
  sock.on('data', (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    let off = 0;
    while (buf.length - off >= 7) {
      const len = buf.readUInt16BE(off + 4);
      if (buf.length - off < 6 + len) break;
      off += 6 + len;
      done++;
      outstanding--;
      if (performance.now() < stopAt) {
        sock.write(frame(++tid));
        outstanding++;
      } else if (outstanding === 0) resolveEnd();
    }
    buf = buf.subarray(off);
  });
  const start = performance.now();
  stopAt = start + ms;
  for (let i = 0; i < inFlight; i++) {
    sock.write(frame(++tid));
    outstanding++;
  }
  await ended;
  const rate = (done * 1000) / (performance.now() - start);
  sock.destroy();
  return rate;
}
