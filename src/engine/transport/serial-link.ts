import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { FieldbenchError } from '../../shared/errors';
import type { ByteLink } from './link';

export interface SerialSettings {
  path: string;
  baud: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
  /** Drive RTS high while sending, for RS-485 adapters without automatic direction control. */
  rtsToggle?: boolean;
}

export function describeSerial(s: SerialSettings): string {
  return `${s.path} ${s.baud} ${s.dataBits}${s.parity[0]!.toUpperCase()}${s.stopBits}`;
}

/** A serial port (USB-RS485 adapter, or a pseudo-terminal in tests) as a ByteLink. */
export class SerialLink extends EventEmitter<{ data: [Buffer]; close: [string] }> implements ByteLink {
  readonly description: string;
  private port: SerialPort | null = null;

  constructor(private readonly settings: SerialSettings) {
    super();
    this.description = describeSerial(settings);
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  open(): Promise<void> {
    if (this.port?.isOpen) return Promise.resolve();
    const s = this.settings;
    const port = new SerialPort({ path: s.path, baudRate: s.baud, dataBits: s.dataBits, parity: s.parity, stopBits: s.stopBits, autoOpen: false, hupcl: false });
    return new Promise((resolve, reject) => {
      port.open((err) => {
        if (err) {
          reject(new FieldbenchError('connection_failed', `port lost: cannot open ${s.path}: ${err.message}`));
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => this.emit('data', chunk));
        port.on('close', (e: (Error & { disconnected?: boolean }) | null) => {
          this.port = null;
          this.emit('close', e?.disconnected ? `${s.path} was unplugged` : `${s.path} closed`);
        });
        port.on('error', () => undefined);
        resolve();
      });
    });
  }

  async write(bytes: Buffer): Promise<void> {
    const port = this.port;
    // isOpen turns false before the port's 'close' event; a write then would wait for a reopen that never comes.
    if (!port?.isOpen) throw new FieldbenchError('connection_failed', `port lost: ${this.settings.path} is not open`);
    if (this.settings.rtsToggle) await this.setRts(port, true);
    await this.drained(port, bytes);
    if (this.settings.rtsToggle) {
      // drain() returns when the OS has the bytes; the last character still needs its time on the wire.
      const charMs = (this.charBits() * 1000) / this.settings.baud;
      await new Promise((r) => setTimeout(r, Math.ceil(charMs * 1.5)));
      await this.setRts(port, false);
    }
  }

  /**
   * Write and wait until the OS has sent the bytes. A pulled adapter can leave a pending write without any callback,
   * which would stall the whole bus queue: the write fails when the port closes meanwhile, or when the bytes have
   * not left within a deadline (a second plus three times their wire time). A timed-out port is closed, so the next
   * request reopens it.
   */
  private drained(port: SerialPort, bytes: Buffer): Promise<void> {
    const path = this.settings.path;
    const deadlineMs = 1000 + Math.ceil((3 * bytes.length * this.charBits() * 1000) / this.settings.baud);
    return new Promise<void>((resolve, reject) => {
      const finish = (err?: FieldbenchError) => {
        clearTimeout(timer);
        port.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onClose = () => finish(new FieldbenchError('connection_failed', `port lost: ${path} closed while writing`));
      const timer = setTimeout(() => {
        finish(new FieldbenchError('connection_failed', `port lost: a write to ${path} did not complete within ${deadlineMs} ms (adapter gone, or flow control holding it)`));
        if (this.port === port) void this.close();
      }, deadlineMs);
      port.once('close', onClose);
      port.write(bytes, (err) => (err ? finish(new FieldbenchError('connection_failed', `port lost: write to ${path} failed: ${err.message}`)) : undefined));
      port.drain((err) => finish(err ? new FieldbenchError('connection_failed', `port lost: ${err.message}`) : undefined));
    });
  }

  /** Bits on the wire per character: start, data, parity, stop. */
  private charBits(): number {
    return 1 + this.settings.dataBits + (this.settings.parity === 'none' ? 0 : 1) + this.settings.stopBits;
  }

  private setRts(port: SerialPort, on: boolean): Promise<void> {
    return new Promise((resolve) => port.set({ rts: on }, () => resolve()));
  }

  close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
