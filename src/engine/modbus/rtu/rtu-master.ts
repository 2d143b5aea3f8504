import { EventEmitter } from 'node:events';
import { FieldbenchError } from '../../../shared/errors';
import type { ByteLink } from '../../transport/link';
import { LinkStats, type TrafficSink } from '../stats';
import type { LinkState } from '../tcp-master';
import { crcOk } from './crc';
import { encodeRtu, responseLength, MAX_RTU_FRAME } from './frame';

export interface RtuMasterOptions {
  timeoutMs: number;
  /** Extra attempts after a timeout or CRC error. */
  retries: number;
  /** Silence enforced between frames on the wire (3.5 character times, 1.75 ms above 19200 baud). */
  interFrameMs: number;
  /** Wait after a broadcast (unit 0) before the next request, since nobody answers it. */
  turnaroundMs: number;
  /** How long to wait before trying to reopen a lost port. */
  reopenDelayMs?: number;
  /** The link hands back every request before the answer (see SerialLine.echo). */
  echo?: boolean;
  traffic?: TrafficSink;
  framing?: 'rtu';
}

interface Job {
  unitId: number;
  pdu: Buffer;
  resolve: (pdu: Buffer) => void;
  reject: (err: Error) => void;
}

/**
 * Modbus RTU master on one byte link (a serial bus, or RTU-over-TCP): one queue, one request on the wire at a
 * time, inter-frame silence enforced, CRC checked, retries, and reopen after the adapter comes back.
 * Every device on the bus shares this queue: one bus, one master.
 */
export class RtuMaster extends EventEmitter<{ state: [LinkState, string | undefined] }> {
  readonly stats = new LinkStats();
  private readonly queue: Job[] = [];
  private busy = false;
  private rx: Buffer = Buffer.alloc(0);
  private onRx: (() => void) | null = null;
  private lastWireActivity = 0;
  private retryOpenAt = 0;
  private lastError = '';
  private closed = false;

  constructor(
    private readonly link: ByteLink,
    private readonly opts: RtuMasterOptions,
  ) {
    super();
    link.on('data', (chunk) => {
      this.lastWireActivity = performance.now();
      this.opts.traffic?.({ at: Date.now(), hr: this.lastWireActivity, dir: 'rx', framing: 'rtu', bytes: chunk });
      if (!this.onRx) {
        this.stats.stray++;
        return;
      }
      this.rx = this.rx.length ? Buffer.concat([this.rx, chunk]) : chunk;
      this.onRx();
    });
    link.on('close', (reason) => {
      this.lastError = reason;
      this.retryOpenAt = Date.now() + (this.opts.reopenDelayMs ?? 1000);
      if (!this.closed) this.emit('state', 'disconnected', `port lost: ${reason}`);
      this.onRx?.();
    });
  }

  get description(): string {
    return this.link.description;
  }

  request(unitId: number, pdu: Buffer): Promise<Buffer> {
    if (this.closed) return Promise.reject(new FieldbenchError('connection_failed', 'port lost: master closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ unitId, pdu, resolve, reject });
      void this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new FieldbenchError('connection_failed', 'port lost: master closed'));
    await this.link.close();
    this.emit('state', 'idle', undefined);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        const job = this.queue.shift()!;
        try {
          job.resolve(await this.transact(job));
        } catch (err) {
          job.reject(err as Error);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async ensureOpen(): Promise<void> {
    if (this.link.isOpen) return;
    const wait = this.retryOpenAt - Date.now();
    if (wait > 0) throw new FieldbenchError('connection_failed', `port lost: ${this.lastError} (retrying in ${Math.ceil(wait / 100) / 10} s)`);
    this.emit('state', 'connecting', undefined);
    try {
      await this.link.open();
      this.emit('state', 'connected', undefined);
    } catch (err) {
      this.lastError = (err as Error).message.replace(/^port lost: /, '');
      this.retryOpenAt = Date.now() + (this.opts.reopenDelayMs ?? 1000);
      this.emit('state', 'error', (err as Error).message);
      throw err;
    }
  }

  private async transact(job: Job): Promise<Buffer> {
    await this.ensureOpen();
    const frame = encodeRtu(job.unitId, job.pdu);
    const requestFc = job.pdu[0]!;
    let lastErr: Error = new FieldbenchError('timeout', 'no response');
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      await this.silence();
      this.stats.request(job.unitId);
      const sentAt = performance.now();
      this.opts.traffic?.({ at: Date.now(), hr: sentAt, dir: 'tx', framing: 'rtu', bytes: frame });
      // Listen before writing: a fast device can answer before the write's drain callback runs.
      const response = this.listen(job.unitId, requestFc, frame);
      try {
        await this.link.write(frame);
      } catch (err) {
        response.cancel();
        throw err;
      }
      this.lastWireActivity = performance.now();
      if (job.unitId === 0) {
        response.cancel();
        await sleep(this.opts.turnaroundMs);
        return Buffer.alloc(0);
      }
      const outcome = await response.wait(this.opts.timeoutMs);
      if (outcome.kind === 'ok') {
        this.stats.response(job.unitId, outcome.pdu, performance.now() - sentAt);
        return outcome.pdu;
      }
      if (outcome.kind === 'lost') throw new FieldbenchError('connection_failed', `port lost: ${this.lastError}`);
      if (outcome.kind === 'timeout') {
        this.stats.timeout(job.unitId);
        lastErr = new FieldbenchError('timeout', `no response from unit ${job.unitId} on ${this.link.description} within ${this.opts.timeoutMs} ms`);
      } else {
        this.stats.crcError(job.unitId);
        lastErr = new FieldbenchError('protocol_error', `CRC error in the response from unit ${job.unitId}`);
      }
    }
    throw lastErr;
  }

  /** Wait until the line has been quiet for the inter-frame time. */
  private async silence(): Promise<void> {
    for (;;) {
      const quietFor = performance.now() - this.lastWireActivity;
      if (quietFor >= this.opts.interFrameMs) return;
      await sleep(this.opts.interFrameMs - quietFor);
    }
  }

  /**
   * Collect the response to the request about to be sent. The timeout runs from `wait`, which is called once the
   * request has left the host; a response complete before then is kept. An adapter that echoes what it sends (no
   * echo suppression on a 2-wire bus) hands the request back first: it is skipped once whole, and waited for while
   * it may still be arriving. For functions 5 and 6 the echo and the answer are the same bytes: only `echo` in the
   * options makes the first copy count as the echo.
   */
  private listen(unitId: number, requestFc: number, request: Buffer): { wait(timeoutMs: number): Promise<Outcome>; cancel(): void } {
    this.rx = Buffer.alloc(0);
    let outcome: Outcome | null = null;
    let settle: ((o: Outcome) => void) | null = null;
    let timer: NodeJS.Timeout | undefined;
    let echoSkipped = false;
    const done = (o: Outcome) => {
      if (outcome) return;
      outcome = o;
      clearTimeout(timer);
      this.onRx = null;
      settle?.(o);
    };
    this.onRx = () => {
      if (!this.link.isOpen) return done({ kind: 'lost' });
      for (;;) {
        // Skip noise before the frame: a response starts with the unit id we asked.
        while (this.rx.length > 0 && this.rx[0] !== unitId) this.rx = this.rx.subarray(1);
        const len = responseLength(this.rx, requestFc);
        const whole = len > 0 && len <= MAX_RTU_FRAME && this.rx.length >= len;
        // With `echo` set, a frame that may be the echo is not taken as the answer before an echo has been skipped.
        const maybeEcho = this.opts.echo === true && !echoSkipped && startsAlike(this.rx, request);
        if (whole && !maybeEcho && crcOk(this.rx.subarray(0, len))) return done({ kind: 'ok', pdu: Buffer.from(this.rx.subarray(1, len - 2)) });
        if (!echoSkipped && this.rx.length > 0 && startsAlike(this.rx, request)) {
          if (this.rx.length < request.length) return; // maybe the echo, still arriving
          this.rx = this.rx.subarray(request.length);
          echoSkipped = true;
          continue;
        }
        if (len < 0 || len > MAX_RTU_FRAME || whole) return done({ kind: 'crc' });
        return; // more bytes needed
      }
    };
    return {
      wait: (timeoutMs) =>
        new Promise<Outcome>((resolve) => {
          if (outcome) return resolve(outcome);
          settle = resolve;
          timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
        }),
      cancel: () => {
        if (outcome) return;
        outcome = { kind: 'timeout' };
        this.onRx = null;
      },
    };
  }
}

type Outcome = { kind: 'ok'; pdu: Buffer } | { kind: 'timeout' | 'crc' | 'lost' };

/** Whether the shorter of the two is a prefix of the other. */
function startsAlike(rx: Buffer, request: Buffer): boolean {
  const n = Math.min(rx.length, request.length);
  return rx.subarray(0, n).equals(request.subarray(0, n));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
