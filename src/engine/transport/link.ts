import type { EventEmitter } from 'node:events';

/** A byte pipe to a device: a serial port, or a TCP socket to a serial device server. */
export interface ByteLink extends EventEmitter<{ data: [Buffer]; close: [string] }> {
  /** "COM3 19200 8E1", "10.0.0.5:4001": for messages. */
  readonly description: string;
  readonly isOpen: boolean;
  /** Open the link; rejects with a FieldbenchError('connection_failed') that says why. */
  open(): Promise<void>;
  /** Resolves when the bytes have left the host (serial: drained to the UART). */
  write(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}
