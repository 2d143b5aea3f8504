import { bitsPerChar, interFrameDelayMs } from '../../shared/modbus/serial-timing';
import type { ModbusConnection } from '../../shared/project/schema';
import { SerialLink } from '../transport/serial-link';
import { TcpLink } from '../transport/tcp-link';
import { RtuMaster } from './rtu/rtu-master';
import type { LinkStats, TrafficSink } from './stats';
import { TcpMaster, type LinkState } from './tcp-master';
import type { PduChannel } from './read';

/** A master of any framing: what the registry, the poller and the CLI hold. */
export interface ModbusChannel extends PduChannel {
  readonly stats: LinkStats;
  on(event: 'state', listener: (state: LinkState, detail: string | undefined) => void): unknown;
  close(): void | Promise<void>;
}

/** The key that says two connections are the same wire: one serial port is one bus, whatever the project calls it. */
export function wireKey(c: ModbusConnection): string {
  switch (c.kind) {
    case 'tcp':
      return `tcp:${c.host}:${c.port}`;
    case 'rtu':
      return `rtu:${process.platform === 'win32' ? c.path.toUpperCase() : c.path}`;
    case 'rtu-over-tcp':
      return `rtu-tcp:${c.host}:${c.port}`;
  }
}

export function createChannel(c: ModbusConnection, traffic?: TrafficSink): ModbusChannel {
  switch (c.kind) {
    case 'tcp':
      return new TcpMaster({ host: c.host, port: c.port, timeoutMs: c.timeoutMs, maxInFlight: c.maxInFlight, traffic });
    case 'rtu':
      return new RtuMaster(new SerialLink({ path: c.path, baud: c.baud, dataBits: c.dataBits, parity: c.parity, stopBits: c.stopBits, rtsToggle: c.rtsToggle }), {
        timeoutMs: c.timeoutMs,
        retries: c.retries,
        turnaroundMs: c.turnaroundMs,
        interFrameMs: interFrameDelayMs(c.baud, bitsPerChar(c.dataBits, c.parity, c.stopBits)),
        echo: c.echo,
        traffic,
      });
    case 'rtu-over-tcp':
      // A serial device server re-times frames on its serial side; on TCP a short gap keeps frames apart.
      return new RtuMaster(new TcpLink(c.host, c.port), { timeoutMs: c.timeoutMs, retries: c.retries, turnaroundMs: c.turnaroundMs, interFrameMs: 1, traffic });
  }
}
