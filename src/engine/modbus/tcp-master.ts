import net from 'node:net';
import { EventEmitter } from 'node:events';
import { FieldbenchError } from '../../shared/errors';
import { encodeMbap, MbapSplitter, type MbapFrame } from './mbap';
import { MAX_QUEUED_REQUESTS, queueFull } from './queue-limit';
import { LinkStats, type TrafficSink } from './stats';

export interface TcpMasterOptions {
  host: string;
  port: number;
  /** How long to wait for each response. */
  timeoutMs: number;
  /** Transactions in flight on this connection; most devices want 1. */
  maxInFlight?: number;
  connectTimeoutMs?: number;
  traffic?: TrafficSink;
}

export type LinkState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'error';

interface Pending {
  unitId: number;
  pdu: Buffer;
  resolve: (pdu: Buffer) => void;
  reject: (err: Error) => void;
  tid: number;
  sentAt: number;
  /** performance.now() after which the request has timed out. */
  deadline: number;
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5000;

/**
 * A Modbus TCP master on one connection: a FIFO queue, up to maxInFlight transactions on the wire matched by
 * transaction id, a response timeout per request, and reconnect with backoff. Late or stray responses are
 * counted and discarded, never handed to the next request.
 *
 * Every request waits the same timeoutMs, so the transactions in flight (a Map, kept in send order) expire in
 * send order: one timer, armed for the oldest deadline, serves them all instead of a timer set and cleared per
 * request.
 */
export class TcpMaster extends EventEmitter<{ state: [LinkState, string | undefined] }> {
  /** Per-unit counters; stats.stray counts responses whose transaction id matched nothing in flight. */
  readonly stats = new LinkStats();
  reconnects = 0;
  private socket: net.Socket | null = null;
  private connecting: Promise<net.Socket> | null = null;
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<number, Pending>();
  private readonly maxInFlight: number;
  private timer: NodeJS.Timeout | null = null;
  private nextTid = 1;
  private backoffMs = 0;
  private retryAt = 0;
  private lastError = '';
  private closed = false;
  private state: LinkState = 'idle';
  private readonly splitter: MbapSplitter;

  constructor(private readonly opts: TcpMasterOptions) {
    super();
    this.maxInFlight = opts.maxInFlight ?? 1;
    this.splitter = new MbapSplitter(
      (f) => this.onFrame(f),
      (reason) => this.dropConnection(`protocol error: ${reason}`),
    );
  }

  get linkState(): LinkState {
    return this.state;
  }

  get endpoint(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  /** Send one PDU to a unit and resolve with the response PDU (which may be an exception response). */
  request(unitId: number, pdu: Buffer): Promise<Buffer> {
    if (this.closed) return Promise.reject(new FieldbenchError('connection_failed', 'connection closed'));
    if (this.queue.length >= MAX_QUEUED_REQUESTS) return Promise.reject(queueFull(this.endpoint));
    return new Promise<Buffer>((resolve, reject) => {
      const p: Pending = { unitId, pdu, resolve, reject, tid: 0, sentAt: 0, deadline: 0 };
      // Connected, nothing waiting and room on the wire: straight out, as pump() would do.
      if (this.socket && this.queue.length === 0 && this.inFlight.size < this.maxInFlight) this.send(p);
      else {
        this.queue.push(p);
        this.pump();
      }
    });
  }

  close(): void {
    this.closed = true;
    this.failAll(new FieldbenchError('connection_failed', 'connection closed'));
    this.stopTimer();
    this.socket?.destroy();
    this.socket = null;
    this.setState('idle');
  }

  private setState(state: LinkState, detail?: string): void {
    if (state === this.state && detail === undefined) return;
    this.state = state;
    this.emit('state', state, detail);
  }

  private pump(): void {
    if (this.queue.length === 0) return;
    if (!this.socket) {
      void this.ensureConnected().then(
        () => this.pump(),
        (err: Error) => this.failQueued(err),
      );
      return;
    }
    while (this.queue.length > 0 && this.inFlight.size < this.maxInFlight) {
      const p = this.queue.shift()!;
      this.send(p);
    }
  }

  private send(p: Pending): void {
    let tid = this.nextTid;
    while (this.inFlight.has(tid)) tid = (tid % 0xffff) + 1;
    this.nextTid = (tid % 0xffff) + 1;
    p.tid = tid;
    this.inFlight.set(tid, p);
    this.stats.request(p.unitId);
    const frame = encodeMbap(tid, p.unitId, p.pdu);
    p.sentAt = performance.now();
    p.deadline = p.sentAt + this.opts.timeoutMs;
    if (!this.timer) this.armTimer(p.deadline - p.sentAt);
    this.opts.traffic?.({ at: Date.now(), hr: p.sentAt, dir: 'tx', framing: 'mbap', bytes: frame });
    this.socket!.write(frame);
  }

  private onFrame(f: MbapFrame): void {
    const now = performance.now();
    // The frame as it arrived (the splitter checked protocol id and length, so re-encoding gives the same bytes),
    // in pooled memory: the log keeps the last 20,000 frames, and a view would keep each socket chunk alive that
    // long, which costs the garbage collector more than this copy does.
    if (this.opts.traffic) this.opts.traffic({ at: Date.now(), hr: now, dir: 'rx', framing: 'mbap', bytes: encodeMbap(f.transactionId, f.unitId, f.pdu) });
    const p = this.inFlight.get(f.transactionId);
    if (!p || p.unitId !== f.unitId) {
      this.stats.stray++;
      return;
    }
    this.inFlight.delete(f.transactionId);
    // The timer stays armed: when it fires it finds this request gone and re-arms for the next oldest.
    this.stats.response(p.unitId, f.pdu, now - p.sentAt);
    p.resolve(f.pdu);
    if (this.queue.length > 0) this.pump();
  }

  private armTimer(ms: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(ms)));
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Time out every request past its deadline (the oldest first), then wait for the next oldest. */
  private expire(): void {
    this.timer = null;
    const now = performance.now();
    let expired = false;
    for (const [tid, p] of this.inFlight) {
      if (p.deadline > now) {
        this.armTimer(p.deadline - now);
        break;
      }
      this.inFlight.delete(tid);
      this.stats.timeout(p.unitId);
      p.reject(new FieldbenchError('timeout', `no response from ${this.endpoint} unit ${p.unitId} within ${this.opts.timeoutMs} ms`));
      expired = true;
    }
    if (expired) this.pump();
  }

  private ensureConnected(): Promise<net.Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    if (this.connecting) return this.connecting;
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      return Promise.reject(
        new FieldbenchError('connection_failed', `comm lost: ${this.lastError} (retrying in ${Math.ceil(wait / 100) / 10} s)`),
      );
    }
    this.setState('connecting');
    this.connecting = new Promise<net.Socket>((resolve, reject) => {
      const sock = net.createConnection({ host: this.opts.host, port: this.opts.port });
      sock.setNoDelay(true);
      const timer = setTimeout(() => sock.destroy(new Error(`connect timeout after ${this.connectTimeout()} ms`)), this.connectTimeout());
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        this.connecting = null;
        this.socket = sock;
        this.backoffMs = 0;
        this.retryAt = 0;
        this.splitter.reset();
        sock.on('data', (chunk: Buffer) => this.splitter.push(chunk));
        sock.on('error', (err) => this.dropConnection(err.message));
        sock.on('close', () => this.dropConnection('connection closed by peer'));
        this.setState('connected');
        resolve(sock);
      });
      sock.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        this.connecting = null;
        this.lastError = describeSocketError(err, this.endpoint);
        this.backoffMs = this.backoffMs === 0 ? BACKOFF_MIN_MS : Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
        this.retryAt = Date.now() + this.backoffMs;
        this.reconnects++;
        this.setState('error', this.lastError);
        reject(new FieldbenchError('connection_failed', `comm lost: ${this.lastError}`));
      });
    });
    return this.connecting;
  }

  private connectTimeout(): number {
    return this.opts.connectTimeoutMs ?? Math.max(this.opts.timeoutMs, 2000);
  }

  private dropConnection(reason: string): void {
    if (!this.socket) return;
    const s = this.socket;
    this.socket = null;
    s.removeAllListeners();
    s.on('error', () => undefined);
    s.destroy();
    this.lastError = reason;
    for (const [tid, p] of this.inFlight) {
      this.inFlight.delete(tid);
      p.reject(new FieldbenchError('connection_failed', `comm lost: ${reason}`));
    }
    this.stopTimer();
    if (!this.closed) this.setState('disconnected', reason);
    // Queued requests get a fresh connection attempt.
    if (this.queue.length > 0) this.pump();
  }

  private failQueued(err: Error): void {
    const q = this.queue.splice(0);
    for (const p of q) p.reject(err);
  }

  private failAll(err: Error): void {
    this.failQueued(err);
    for (const [tid, p] of this.inFlight) {
      this.inFlight.delete(tid);
      p.reject(err);
    }
  }
}

function describeSocketError(err: NodeJS.ErrnoException, endpoint: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${endpoint} (nothing listening on that port?)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${endpoint} is unreachable (check the cable and the laptop's IP settings)`;
    case 'ETIMEDOUT':
      return `${endpoint} did not answer the connection attempt`;
    case 'ENOTFOUND':
      return `host name not found: ${endpoint}`;
    default:
      return `${endpoint}: ${err.message}`;
  }
}
