import net from 'node:net';
import { encodeMbap, MbapSplitter } from '../mbap';
import { handlePdu } from './pdu-handler';
import type { SimDevice } from './sim-device';

export interface TcpSimOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface RunningTcpSim {
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Modbus TCP front end of the simulator: answers each request synchronously from the unit's register bank.
 * Unit 255 (and 0, which TCP devices commonly accept) addresses the first unit; an id with no unit behind it
 * gets exception 0x0B, as a TCP-to-RTU gateway answers for a silent slave.
 */
export function serveTcp(device: SimDevice, opts: TcpSimOptions): Promise<RunningTcpSim> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.setNoDelay(true);
    const splitter = new MbapSplitter(
      (f) => {
        const bank = device.unit(f.unitId);
        const res = bank ? handlePdu(bank, f.pdu, device.onWrite) : Buffer.from([(f.pdu[0] ?? 0) | 0x80, 0x0b]);
        sock.write(encodeMbap(f.transactionId, f.unitId, res));
      },
      () => sock.destroy(),
    );
    sock.on('data', (chunk: Buffer) => splitter.push(chunk));
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const addr = server.address() as net.AddressInfo;
      resolve({
        host: opts.host,
        port: addr.port,
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}
