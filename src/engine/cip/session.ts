import net from 'node:net';
import { FieldbenchError } from '../../shared/errors';
import type { CipConnection } from '../../shared/project/schema';
import { CPF, ENCAP, decodeEncap, decodeSendData, encapStatusName, encodeEncap, encodeSendData, type EncapMessage } from './encap';
import { decodeForwardOpenReply, decodeReply, encodeForwardClose, encodeForwardOpen, type CipReply } from './messages';
import { cipStatusName } from './status';

export type CipState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'error';
export type CipStateListener = (state: CipState, detail: string | undefined) => void;

/** How long a session waits before dialling again after a failure: doubling from the first to the last. */
export const BACKOFF = { firstMs: 250, maxMs: 8000 };

/** What a session is doing, for a connection badge: the states, and what each knows. */
export interface CipSessionInfo {
  state: CipState;
  /** The Register Session handle of the open (or opening) session; null before one is registered. */
  sessionHandle: number | null;
  /** Large (true) or classic Forward Open, and the connection size in bytes, while connected. */
  large: boolean | null;
  connectionSize: number | null;
  routePath: string;
  /** Why the last attempt failed or the connection dropped; null while all is well. */
  lastError: string | null;
  /** Epoch ms before which no new connection is dialled (the back-off after a failure); null when none is pending. */
  nextAttemptAt: number | null;
  /** Failed attempts in a row. */
  failures: number;
}

/** Connection sizes tried in turn: Large Forward Open, then the classic 504 bytes. */
const SIZES = [
  { large: true, size: 4002 },
  { large: false, size: 504 },
];

interface Pending {
  match: (m: EncapMessage) => boolean;
  resolve: (m: EncapMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Link {
  socket: net.Socket;
  session: number;
  otConnectionId: number;
  connectionSerial: number;
  /** Bytes a connected message may carry each way. */
  connectionSize: number;
  large: boolean;
}

let serials = Math.floor(Math.random() * 0xffff);

/**
 * One class 3 connection to a Logix controller: TCP, Register Session, (Large) Forward Open through the route path,
 * then connected requests one at a time. A time-out or a dropped socket ends the link; the next request dials again,
 * after a back-off that doubles while the controller stays away, so reads resume without endless time-outs.
 */
export class CipSession {
  private link: Link | null = null;
  private opening: Promise<Link> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: Pending | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private sequence = 0;
  private failures = 0;
  private retryAt = 0;
  private lastError: FieldbenchError | null = null;
  /** Why the link last dropped (it redials at the next request). */
  private dropped: string | null = null;
  /** The session handle while one is registered (before and after Forward Open). */
  private registered: number | null = null;
  private closed = false;
  private readonly listeners = new Set<CipStateListener>();
  /** Whether the controller takes Multiple Service Packet; null until it has been tried. */
  multipleServices: boolean | null = null;
  state: CipState = 'idle';

  constructor(readonly connection: Pick<CipConnection, 'host' | 'port' | 'routePath' | 'timeoutMs'>) {}

  get address(): string {
    return `${this.connection.host}:${this.connection.port}`;
  }

  /** Bytes one connected request or reply may carry (after the connection is open; 504 before). */
  get connectionSize(): number {
    return this.link?.connectionSize ?? 504;
  }

  info(): CipSessionInfo {
    const waiting = this.lastError && Date.now() < this.retryAt ? this.retryAt : null;
    return {
      state: this.state,
      sessionHandle: this.registered,
      large: this.link ? this.link.large : null,
      connectionSize: this.link ? this.link.connectionSize : null,
      routePath: this.connection.routePath,
      lastError: this.lastError?.message ?? (this.link ? null : this.dropped),
      nextAttemptAt: waiting,
      failures: this.failures,
    };
  }

  onState(l: CipStateListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private setState(state: CipState, detail?: string): void {
    if (state === this.state && state === 'connected') return;
    this.state = state;
    for (const l of this.listeners) l(state, detail);
  }

  /** Send one CIP request on the connection (opening it first) and return the reply, one request at a time. */
  request(message: Buffer): Promise<CipReply> {
    const run = this.queue.then(() => this.send(message));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(message: Buffer): Promise<CipReply> {
    const link = await this.open();
    const seq = (this.sequence = (this.sequence + 1) & 0xffff);
    const head = Buffer.alloc(2);
    head.writeUInt16LE(seq, 0);
    const addr = Buffer.alloc(4);
    addr.writeUInt32LE(link.otConnectionId >>> 0, 0);
    const payload = encodeSendData([
      { type: CPF.CONNECTED_ADDRESS, data: addr },
      { type: CPF.CONNECTED_DATA, data: Buffer.concat([head, message]) },
    ]);
    const reply = await this.exchange(link, encodeEncap(ENCAP.SEND_UNIT_DATA, link.session, payload), (m) => {
      if (m.command !== ENCAP.SEND_UNIT_DATA) return false;
      const item = safeItems(m.data).find((i) => i.type === CPF.CONNECTED_DATA);
      return !!item && item.data.length >= 2 && item.data.readUInt16LE(0) === seq;
    });
    const data = decodeSendData(reply.data).find((i) => i.type === CPF.CONNECTED_DATA)!.data;
    return this.parse(link, data.subarray(2));
  }

  private parse(link: Link, data: Buffer): CipReply {
    try {
      return decodeReply(data);
    } catch (err) {
      this.drop(link, `malformed reply: ${(err as Error).message}`);
      throw new FieldbenchError('protocol_error', `${this.address}: malformed reply (${(err as Error).message})`);
    }
  }

  /** The open link, or a new one; inside the back-off after a failure, that failure again without dialling. */
  private open(): Promise<Link> {
    if (this.closed) return Promise.reject(new FieldbenchError('cancelled', `the connection to ${this.address} is closed`));
    if (this.link) return Promise.resolve(this.link);
    if (this.opening) return this.opening;
    if (this.lastError && Date.now() < this.retryAt) return Promise.reject(this.lastError);
    this.opening = this.dial().then(
      (link) => {
        this.opening = null;
        if (this.closed) {
          // Closed while dialling: nobody will use this link.
          link.socket.destroy();
          throw new FieldbenchError('cancelled', `the connection to ${this.address} is closed`);
        }
        this.failures = 0;
        this.lastError = null;
        this.dropped = null;
        this.link = link;
        this.setState('connected', `${link.large ? 'Large Forward Open' : 'Forward Open'}, ${link.connectionSize}-byte connection`);
        return link;
      },
      (err: unknown) => {
        this.opening = null;
        const e = err instanceof FieldbenchError ? err : new FieldbenchError('connection_failed', `${this.address}: ${(err as Error).message}`);
        this.lastError = e;
        this.retryAt = Date.now() + Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** this.failures++);
        this.setState('error', e.message);
        throw e;
      },
    );
    return this.opening;
  }

  private async dial(): Promise<Link> {
    this.setState('connecting');
    const socket = await this.connectSocket();
    const link: Link = { socket, session: 0, otConnectionId: 0, connectionSerial: 0, connectionSize: 504, large: false };
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.drop(link, `${this.address} closed the connection`));
    try {
      const reg = Buffer.from([1, 0, 0, 0]);
      const m = await this.exchange(link, encodeEncap(ENCAP.REGISTER_SESSION, 0, reg), (r) => r.command === ENCAP.REGISTER_SESSION);
      if (m.status !== 0) throw new FieldbenchError('connection_failed', `${this.address} refused Register Session: ${encapStatusName(m.status)}`);
      link.session = m.session;
      this.registered = m.session;
      this.setState('connecting', `session 0x${m.session.toString(16).padStart(8, '0')} registered; Forward Open through route path "${this.connection.routePath}"`);
      await this.forwardOpen(link);
      return link;
    } catch (err) {
      this.registered = null;
      socket.destroy();
      throw err;
    }
  }

  private connectSocket(): Promise<net.Socket> {
    const { host, port, timeoutMs } = this.connection;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new FieldbenchError('timeout', `no answer from ${this.address} within ${timeoutMs} ms (connect)`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const why = err.code === 'ECONNREFUSED' ? 'connection refused' : err.code === 'ECONNRESET' ? 'connection reset' : err.message;
        reject(new FieldbenchError('connection_failed', `${this.address}: ${why}${err.code ? ` (${err.code})` : ''}`));
      });
    });
  }

  /**
   * Large Forward Open first; a controller that refuses it gets the classic one. When both are refused, the error names
   * the route path and each status: a controller that is not where the path leads (another slot, a Micro800 given a
   * path) refuses the connection, often with a status that does not say why.
   */
  private async forwardOpen(link: Link): Promise<void> {
    const refused: string[] = [];
    for (const { large, size } of SIZES) {
      const connectionSerial = (serials = (serials + 1) & 0xffff);
      const toConnectionId = (Math.random() * 0xffffffff) >>> 0;
      const req = encodeForwardOpen({ large, connectionSize: size, routePath: this.connection.routePath, toConnectionId, connectionSerial, originatorSerial: 0x46420001 });
      const reply = await this.unconnected(link, req);
      if (reply.general === 0) {
        link.otConnectionId = decodeForwardOpenReply(reply.data).otConnectionId;
        link.connectionSerial = connectionSerial;
        link.connectionSize = size;
        link.large = large;
        return;
      }
      refused.push(`${large ? 'Large Forward Open' : 'Forward Open'}: ${cipStatusName(reply)}`);
    }
    const route = this.connection.routePath.trim();
    const slot = /^1,\s*(\d+)$/.exec(route);
    const where = route === '' ? 'no route path (as for a Micro800)' : `route path "${route}"${slot ? ` (backplane slot ${slot[1]})` : ''}`;
    throw new FieldbenchError(
      'connection_failed',
      `${this.address} refused the connection through ${where}: ${refused.join('; ')}. Check the route path: 1,N for the controller in backplane slot N, none for a Micro800`,
    );
  }

  /** One request in SendRRData (Forward Open and Close). */
  private async unconnected(link: Link, message: Buffer): Promise<CipReply> {
    const context = Buffer.alloc(8);
    context.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, 0);
    const payload = encodeSendData([
      { type: CPF.NULL_ADDRESS, data: Buffer.alloc(0) },
      { type: CPF.UNCONNECTED_DATA, data: message },
    ]);
    const m = await this.exchange(link, encodeEncap(ENCAP.SEND_RR_DATA, link.session, payload, context), (r) => r.command === ENCAP.SEND_RR_DATA);
    if (m.status !== 0) throw new FieldbenchError('protocol_error', `${this.address}: ${encapStatusName(m.status)}`);
    const item = safeItems(m.data).find((i) => i.type === CPF.UNCONNECTED_DATA);
    if (!item) {
      this.drop(link, 'reply without data');
      throw new FieldbenchError('protocol_error', `${this.address}: unconnected reply without a data item`);
    }
    return this.parse(link, item.data);
  }

  private exchange(link: Link, frame: Buffer, match: Pending['match']): Promise<EncapMessage> {
    if (this.link && this.link !== link) throw new FieldbenchError('internal', 'stale link');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        const e = new FieldbenchError('timeout', `no answer from ${this.address} within ${this.connection.timeoutMs} ms`);
        reject(e);
        // The controller may answer late; a fresh connection is the only way to be sure what a reply belongs to.
        this.drop(link, e.message);
      }, this.connection.timeoutMs);
      this.pending = { match, resolve, reject, timer };
      link.socket.write(frame);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const got = decodeEncap(this.buffer);
      if (!got) break;
      this.buffer = this.buffer.subarray(got.size);
      const p = this.pending;
      if (p && p.match(got.message)) {
        clearTimeout(p.timer);
        this.pending = null;
        p.resolve(got.message);
      }
    }
  }

  /** End a link: its pending request fails, the next request dials again. */
  private drop(link: Link, why: string): void {
    if (!link.socket.destroyed) link.socket.destroy();
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      clearTimeout(p.timer);
      p.reject(new FieldbenchError('connection_failed', why));
    }
    if (this.link === link) {
      this.link = null;
      this.registered = null;
      if (!this.closed) this.dropped = why;
      this.setState(this.closed ? 'idle' : 'disconnected', why);
    }
  }

  /** Forward Close and Unregister Session, then the socket. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.opening) await this.opening.catch(() => undefined);
    const link = this.link;
    if (!link) return;
    try {
      await this.queue;
      await this.unconnected(link, encodeForwardClose({ routePath: this.connection.routePath, connectionSerial: link.connectionSerial, originatorSerial: 0x46420001 })).catch(() => undefined);
      link.socket.write(encodeEncap(ENCAP.UNREGISTER_SESSION, link.session, Buffer.alloc(0)));
    } finally {
      this.drop(link, 'closed');
    }
  }
}

function safeItems(data: Buffer) {
  try {
    return decodeSendData(data);
  } catch {
    return [];
  }
}
