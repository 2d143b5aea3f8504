import net from 'node:net';
import { EventEmitter } from 'node:events';
import { FieldbenchError } from '../../shared/errors';
import type { ByteLink } from './link';

/** A TCP socket as a ByteLink: RTU framing over TCP to a serial device server (Moxa, USR, Lantronix...). */
export class TcpLink extends EventEmitter<{ data: [Buffer]; close: [string] }> implements ByteLink {
  readonly description: string;
  private socket: net.Socket | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly connectTimeoutMs = 3000,
  ) {
    super();
    this.description = `${host}:${port}`;
  }

  get isOpen(): boolean {
    return this.socket !== null;
  }

  open(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const sock = net.createConnection({ host: this.host, port: this.port });
      sock.setNoDelay(true);
      const timer = setTimeout(() => sock.destroy(new Error(`no answer within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        this.socket = sock;
        sock.on('data', (c: Buffer) => this.emit('data', c));
        sock.on('error', () => undefined);
        sock.on('close', () => {
          this.socket = null;
          this.emit('close', `connection to ${this.description} closed`);
        });
        resolve();
      });
      sock.once('error', (err) => {
        clearTimeout(timer);
        reject(new FieldbenchError('connection_failed', `comm lost: ${this.description}: ${err.message}`));
      });
    });
  }

  write(bytes: Buffer): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.reject(new FieldbenchError('connection_failed', `comm lost: ${this.description} is not connected`));
    return new Promise((resolve, reject) => s.write(bytes, (err) => (err ? reject(new FieldbenchError('connection_failed', `comm lost: ${err.message}`)) : resolve())));
  }

  close(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    s?.destroy();
    return Promise.resolve();
  }
}
