import { EventEmitter } from 'node:events';
import { FieldbenchError } from '../../../shared/errors';
import type { ByteLink } from '../../transport/link';
import { LinkStats, type TrafficSink } from '../stats';
import type { LinkState } from '../tcp-master';
import { answerMismatch } from '../pdu';
import { encodeRtu } from './frame';
import { MAX_QUEUED_REQUESTS, queueFull } from '../queue-limit';
import { ResponseReader } from './response-reader';

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
  /**
   * After a timeout, how long the unit's late answer is waited for (and discarded) before anything else is sent to
   * that unit: RTU has no transaction id, so a late answer would otherwise pass for the answer to the next request.
   * Default: the timeout, so an answer up to twice the timeout late is recognised.
   */
  lateAnswerMs?: number;
  traffic?: TrafficSink;
  framing?: 'rtu';
}

/**
 * Quiet after a frame that failed its CRC before it counts as a CRC error rather than noise before the answer.
 * USB serial adapters hand bytes over in bursts up to 16 ms apart (FTDI latency timer).
 */
const RESYNC_QUIET_MS = 20;

interface Job {
  unitId: number;
  pdu: Buffer;
  resolve: (pdu: Buffer) => void;
  reject: (err: Error) => void;
}

interface Listener {
  data(chunk: Buffer): void;
  lost(): void;
}

interface Listening {
  /** The outcome; the timeout runs from this call, once the request has left the host. */
  wait(timeoutMs: number): Promise<Outcome>;
  cancel(): void;
}

type Outcome = { kind: 'ok'; pdu: Buffer } | { kind: 'timeout' | 'crc' | 'lost' };

/**
 * Modbus RTU master on one byte link (a serial bus, or RTU-over-TCP): one queue, one request on the wire at a
 * time, inter-frame silence enforced, CRC checked, retries, and reopen after the adapter comes back.
 * Every device on the bus shares this queue: one bus, one master.
 *
 * Without a transaction id, an answer is known only by its unit, function, shape and timing. A frame is taken as the
 * answer only if it can answer the request (see ResponseReader); after a timeout nothing more is sent to that unit
 * until its late answer has come and been discarded, or `lateAnswerMs` has passed.
 */
/** Function codes that change the device: never sent twice by a retry. */
const WRITE_FUNCTIONS: ReadonlySet<number> = new Set([5, 6, 15, 16, 22, 23]);

export class RtuMaster extends EventEmitter<{ state: [LinkState, string | undefined] }> {
  readonly stats = new LinkStats();
  private readonly queue: Job[] = [];
  private busy = false;
  private listener: Listener | null = null;
  private lastWireActivity = 0;
  private retryOpenAt = 0;
  private lastError = '';
  private closed = false;
  /** Units whose last request timed out: its request frame, and until when its late answer is waited for. */
  private readonly late = new Map<number, { frame: Buffer; until: number }>();

  constructor(
    private readonly link: ByteLink,
    private readonly opts: RtuMasterOptions,
  ) {
    super();
    link.on('data', (chunk) => {
      this.lastWireActivity = performance.now();
      this.opts.traffic?.({ at: Date.now(), hr: this.lastWireActivity, dir: 'rx', framing: 'rtu', bytes: chunk });
      if (!this.listener) {
        this.stats.stray++;
        return;
      }
      this.listener.data(chunk);
    });
    link.on('close', (reason) => {
      this.lastError = reason;
      this.retryOpenAt = Date.now() + (this.opts.reopenDelayMs ?? 1000);
      if (!this.closed) this.emit('state', 'disconnected', `port lost: ${reason}`);
      this.listener?.lost();
    });
  }

  get description(): string {
    return this.link.description;
  }

  request(unitId: number, pdu: Buffer): Promise<Buffer> {
    if (this.closed) return Promise.reject(new FieldbenchError('connection_failed', 'port lost: master closed'));
    if (this.queue.length >= MAX_QUEUED_REQUESTS) return Promise.reject(queueFull(this.link.description));
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
    let lastErr: Error = new FieldbenchError('timeout', 'no response');
    // A write is sent once: after a missing or wrong answer the device may have carried it out, and sending it again
    // is a second write nobody confirmed. Reads are retried.
    const retries = WRITE_FUNCTIONS.has(job.pdu[0]!) ? 0 : this.opts.retries;
    for (let attempt = 0; attempt <= retries; attempt++) {
      await this.awaitLateAnswer(job.unitId);
      await this.silence();
      this.stats.request(job.unitId);
      const sentAt = performance.now();
      this.opts.traffic?.({ at: Date.now(), hr: sentAt, dir: 'tx', framing: 'rtu', bytes: frame });
      // Listen before writing: a fast device can answer before the write's drain callback runs.
      const reader = new ResponseReader(job.unitId, frame, this.opts.echo === true);
      const response = this.listen(reader);
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
      this.countStrays(reader, outcome);
      if (outcome.kind === 'ok') {
        this.stats.response(job.unitId, outcome.pdu, performance.now() - sentAt);
        return outcome.pdu;
      }
      if (outcome.kind === 'lost') throw new FieldbenchError('connection_failed', `port lost: ${this.lastError}`);
      if (outcome.kind === 'crc') {
        this.stats.crcError(job.unitId);
        lastErr = new FieldbenchError('protocol_error', `CRC error in the response from unit ${job.unitId}`);
        continue;
      }
      this.late.set(job.unitId, { frame, until: performance.now() + (this.opts.lateAnswerMs ?? this.opts.timeoutMs) });
      lastErr = this.noAnswer(job.unitId, reader);
    }
    throw lastErr;
  }

  /** The error for an attempt that ended without its answer, saying what the unit sent instead, if anything. */
  private noAnswer(unitId: number, reader: ResponseReader): FieldbenchError {
    const within = `within ${this.opts.timeoutMs} ms`;
    const cut = reader.partial();
    if (cut) {
      this.stats.crcError(unitId);
      return new FieldbenchError('protocol_error', `the answer from unit ${unitId} was cut short: ${cut.have}${cut.need === null ? '' : ` of ${cut.need}`} bytes arrived ${within}`);
    }
    const own = reader.ownStrays()[0];
    if (!own && reader.badCrc > 0) {
      // The line never went quiet after a garbled answer (see listen): still a CRC error.
      this.stats.crcError(unitId);
      return new FieldbenchError('protocol_error', `CRC error in the response from unit ${unitId}`);
    }
    this.stats.timeout(unitId);
    if (own) return new FieldbenchError('protocol_error', `unit ${unitId} sent ${own.why}, and no answer to the request ${within}`);
    return new FieldbenchError('timeout', `no response from unit ${unitId} on ${this.link.description} ${within}`);
  }

  /**
   * Stray frames and noise heard while listening are counted once the attempt is over. After a CRC error the noise
   * is what is left of the garbled answer, counted there. A late answer from another unit ends that unit's wait.
   */
  private countStrays(reader: ResponseReader, outcome: Outcome): void {
    this.stats.stray += reader.strayFrameCount + (outcome.kind === 'crc' ? 0 : reader.noiseRuns) + (reader.leftover > 0 ? 1 : 0);
    for (const f of reader.strayFrames) {
      const pending = this.late.get(f.unitId);
      if (pending && answerMismatch(pending.frame.subarray(1, pending.frame.length - 2), f.pdu) === null) this.late.delete(f.unitId);
    }
  }

  /**
   * After a timeout, the unit's answer may still come: listen for it until `lateAnswerMs` after the timeout, and
   * discard it (counted as stray), so it cannot pass for the answer to what is sent next.
   */
  private async awaitLateAnswer(unitId: number): Promise<void> {
    const pending = this.late.get(unitId);
    if (!pending) return;
    this.late.delete(unitId);
    const left = pending.until - performance.now();
    if (left <= 0) return;
    const reader = new ResponseReader(unitId, pending.frame, false, false);
    const outcome = await this.listen(reader).wait(left);
    this.stats.stray += reader.strayFrameCount + reader.noiseRuns + (outcome.kind === 'ok' || outcome.kind === 'crc' ? 1 : 0);
  }

  /**
   * Wait until the line has been quiet for the inter-frame time. A line that never goes quiet (another master, a
   * device at another baud rate, a stuck transmitter) fails the request after the timeout instead of stalling the bus.
   */
  private async silence(): Promise<void> {
    const limitMs = Math.max(this.opts.timeoutMs, this.opts.interFrameMs * 10);
    const deadline = performance.now() + limitMs;
    for (;;) {
      const now = performance.now();
      const quietFor = now - this.lastWireActivity;
      if (quietFor >= this.opts.interFrameMs) return;
      if (now >= deadline) {
        throw new FieldbenchError('protocol_error', `the line ${this.link.description} did not go quiet for ${this.opts.interFrameMs} ms within ${limitMs} ms: something else is transmitting (a second master, a device at another baud rate, or a stuck transmitter)`);
      }
      await sleep(Math.min(this.opts.interFrameMs - quietFor, deadline - now));
    }
  }

  /**
   * Feed what arrives to `reader` until it has the answer. The timeout runs from `wait`, called once the request has
   * left the host; an answer complete before then is kept. A frame that failed its CRC becomes a CRC error once the
   * line stays quiet after it without a good answer.
   */
  private listen(reader: ResponseReader): Listening {
    let outcome: Outcome | null = null;
    let settle: ((o: Outcome) => void) | null = null;
    let timer: NodeJS.Timeout | undefined;
    let quiet: NodeJS.Timeout | undefined;
    const done = (o: Outcome) => {
      if (outcome) return;
      outcome = o;
      clearTimeout(timer);
      clearTimeout(quiet);
      if (this.listener === listener) this.listener = null;
      settle?.(o);
    };
    const listener: Listener = {
      data: (chunk) => {
        const pdu = reader.push(chunk);
        if (pdu) return done({ kind: 'ok', pdu });
        if (reader.badCrc > 0) {
          clearTimeout(quiet);
          quiet = setTimeout(() => done({ kind: 'crc' }), Math.max(RESYNC_QUIET_MS, this.opts.interFrameMs));
        }
      },
      lost: () => done({ kind: 'lost' }),
    };
    this.listener = listener;
    if (!this.link.isOpen) done({ kind: 'lost' });
    return {
      wait: (timeoutMs) =>
        new Promise<Outcome>((resolve) => {
          if (outcome) return resolve(outcome);
          settle = resolve;
          timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
        }),
      cancel: () => done({ kind: 'timeout' }),
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
