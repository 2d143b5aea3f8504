import type { Connection } from '../../../shared/project/schema';

/** Where a connection goes, as an integrator would write it: 192.168.1.10:502, COM3 19200 8E1, 10.0.0.5:4001 (RTU over TCP). */
export function connectionLabel(c: Connection): string {
  switch (c.kind) {
    case 'tcp':
      return `${c.host}:${c.port}`;
    case 'rtu':
      return `${c.path} ${c.baud} ${c.dataBits}${c.parity.charAt(0).toUpperCase()}${c.stopBits}`;
    case 'rtu-over-tcp':
      return `${c.host}:${c.port} (RTU over TCP)`;
    default:
      return (c as { name: string }).name;
  }
}

/** A short form for narrow columns: "ttyUSB0 19200", "COM3 9600", "10.0.0.5:502". connectionLabel() has the rest. */
export function shortConnectionLabel(c: Connection): string {
  if (c.kind === 'rtu') return `${c.path.split(/[\\/]/).pop() ?? c.path} ${c.baud}`;
  if (c.kind === 'tcp' || c.kind === 'rtu-over-tcp') return `${c.host}:${c.port}`;
  return (c as { name: string }).name;
}

export function sameTcpEndpoint(c: Connection | undefined, host: string, port: number): boolean {
  return !!c && c.kind === 'tcp' && c.host === host && c.port === port;
}
