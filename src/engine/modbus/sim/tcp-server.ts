import net from 'node:net';
import { encodeMbap, MbapSplitter } from '../mbap';
import { handlePdu } from './pdu-handler';
import type { SimDevice } from './sim-device';
import { NO_FAULTS, seededRandom, type SimFaults } from './faults';

export interface TcpSimOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  faults?: Partial<SimFaults>;
}

export interface RunningTcpSim {
  host: string;
  port: number;
  setFaults(f: Partial<SimFaults>): void;
  close(): Promise<void>;
}

/**
 * Modbus TCP front end of the simulator: answers each request synchronously from the unit's register bank.
 * Unit 255 (and 0, which TCP devices commonly accept) addresses the first unit; an id with no unit behind it
 * gets exception 0x0B, as a TCP-to-RTU gateway answers for a silent slave.
 */
export function serveTcp(device: SimDevice, opts: TcpSimOptions): Promise<RunningTcpSim> {
  const sockets = new Set<net.Socket>();
  let faults: SimFaults = { ...NO_FAULTS, ...opts.faults };
  const rnd = seededRandom(11);
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.setNoDelay(true);
    const splitter = new MbapSplitter(
      (f) => {
        const bank = device.unit(f.unitId);
        if (faults.dropRate > 0 && rnd() < faults.dropRate) return;
        const fail = faults.exceptionRate > 0 && rnd() < faults.exceptionRate;
        const res = !bank ? Buffer.from([(f.pdu[0] ?? 0) | 0x80, 0x0b]) : fail ? Buffer.from([(f.pdu[0] ?? 0) | 0x80, 0x04]) : handlePdu(bank, f.pdu, device.onWrite, device.identity);
        const frame = encodeMbap(f.transactionId, f.unitId, res);
        if (faults.latencyMs > 0) setTimeout(() => !sock.destroyed && sock.write(frame), faults.latencyMs);
        else sock.write(frame);
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
        setFaults: (f) => {
          faults = { ...faults, ...f };
        },
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}
