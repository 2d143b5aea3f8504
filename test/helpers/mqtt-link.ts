import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP link to a broker the test can cut and restore: the upstream network going away and coming back. */
export interface CuttableLink {
  port: number;
  /** Cut every connection through the link and refuse new ones. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function cuttableLink(targetPort: number): Promise<CuttableLink> {
  let up = true;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((inbound) => {
    if (!up) return inbound.destroy();
    const outbound = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [inbound, outbound];
    pairs.add(pair);
    const end = () => {
      inbound.destroy();
      outbound.destroy();
      pairs.delete(pair);
    };
    inbound.on('error', end).on('close', end);
    outbound.on('error', end).on('close', end);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      up = false;
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    restore: () => {
      up = true;
    },
    close: () => {
      up = false;
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
