import { answerMismatch } from '../pdu';
import { crcOk } from './crc';
import { anyResponseLength, MAX_RTU_FRAME } from './frame';

/** A whole frame with a good CRC that does not answer the request: a late answer, another unit, another function. */
export interface StrayFrame {
  unitId: number;
  pdu: Buffer;
  /** Why it is not the answer, e.g. "a function 4 answer to a function 3 request". */
  why: string;
}

/** Kept for the error message; the counts keep going past it. */
const KEEP_FRAMES = 16;

/**
 * Picks the answer to one RTU request out of whatever the line delivers, byte chunks in any split:
 * - the echo of the request (an adapter without echo suppression) is skipped once; with `echo` set the first copy
 *   of the request is always taken for the echo (for functions 5 and 6 the echo and the answer are the same bytes);
 * - a frame is the answer only if its unit, function, length and CRC are right and it can answer this request
 *   (`answerMismatch`: byte count of a read, echoed address and value of a write); any other whole frame with a good
 *   CRC is set aside as stray, and noise is skipped byte by byte until a frame start with a good CRC (resync), so a
 *   good answer after noise is kept.
 * It keeps no clock: the master decides when silence means a CRC error, a cut-short answer or a timeout.
 */
export class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private echoPending: boolean;
  private inNoise = false;
  private readonly requestPdu: Buffer;
  private readonly requestFc: number;
  /** Stray frames (the first few), oldest first. */
  readonly strayFrames: StrayFrame[] = [];
  /** Whole frames with a good CRC that were not the answer. */
  strayFrameCount = 0;
  /** Runs of bytes skipped as noise. */
  noiseRuns = 0;
  noiseBytes = 0;
  /** Frames that looked like the answer (unit, function, length) but failed their CRC. */
  badCrc = 0;
  /** Bytes that followed the answer in the same chunk (a duplicate, noise). */
  leftover = 0;

  /**
   * @param request the whole request frame as sent (unit, PDU, CRC)
   * @param echo the adapter hands back every request (SerialLine.echo)
   * @param echoPending false when listening for a late answer, whose echo went by with its request
   */
  constructor(
    private readonly unitId: number,
    private readonly request: Buffer,
    private readonly echo: boolean,
    echoPending = true,
  ) {
    this.requestPdu = request.subarray(1, request.length - 2);
    this.requestFc = request[1]!;
    this.echoPending = echoPending;
  }

  /** Feed received bytes; returns the answer's PDU once a frame that answers the request is whole. */
  push(chunk: Uint8Array): Buffer | null {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    return this.scan();
  }

  /** The start of what may be the answer, still incomplete: how many bytes are in and how many it needs, if known. */
  partial(): { have: number; need: number | null } | null {
    const b = this.buf;
    if (b.length === 0 || !this.answerStart(0)) return null;
    const len = anyResponseLength(b);
    const need = len > 0 ? len : answerLength(this.requestPdu);
    return need !== null && need <= b.length ? null : { have: b.length, need };
  }

  /** Frames from this request's unit that were not the answer (another function, a stale or mismatched answer). */
  ownStrays(): StrayFrame[] {
    return this.strayFrames.filter((f) => f.unitId === this.unitId);
  }

  private scan(): Buffer | null {
    for (;;) {
      const b = this.buf;
      if (b.length === 0) return null;
      if (this.echoPending && startsAlike(b, this.request)) {
        if (!this.echo && this.answerAt(0) > 0) return this.take(this.answerAt(0));
        if (b.length < this.request.length) return null; // maybe the echo, still arriving
        this.consume(this.request.length);
        this.echoPending = false;
        continue;
      }
      const len = anyResponseLength(b);
      if (len > 0 && len <= MAX_RTU_FRAME && b.length >= len) {
        if (crcOk(b.subarray(0, len))) {
          const pdu = Buffer.from(b.subarray(1, len - 2));
          const why = b[0] === this.unitId ? answerMismatch(this.requestPdu, pdu) : `an answer from unit ${b[0]}`;
          if (why === null) return this.take(len);
          this.strayFrameCount++;
          if (this.strayFrames.length < KEEP_FRAMES) this.strayFrames.push({ unitId: b[0]!, pdu, why });
          this.consume(len);
          continue;
        }
        // A bad CRC: the answer garbled, or noise that happens to start like it. Resync one byte on: a good frame
        // further on says it was noise.
        if (this.answerStart(0)) this.badCrc++;
        this.skipNoise(1);
        continue;
      }
      if (len === 0 || (len > 0 && len <= MAX_RTU_FRAME)) {
        // A frame still arriving, or noise that looks like the start of a long one: a whole answer further on says
        // which.
        const at = this.answerFurtherOn();
        if (at < 0) return null;
        this.skipNoise(at);
        continue;
      }
      this.skipNoise(1); // no frame starts like this
    }
  }

  /** Whether the bytes at `off` start like the answer: unit, function or its exception, and a read's byte count. */
  private answerStart(off: number): boolean {
    const b = this.buf;
    if (b[off] !== this.unitId) return false;
    const fc = b[off + 1];
    if (fc === undefined) return true;
    if (fc === (this.requestFc | 0x80)) return true;
    if (fc !== this.requestFc) return false;
    const expected = expectedByteCount(this.requestPdu);
    return expected === null || b[off + 2] === undefined || b[off + 2] === expected;
  }

  /** Length of a whole frame at `off` that answers the request, or 0. */
  private answerAt(off: number): number {
    if (!this.answerStart(off)) return 0;
    const rest = this.buf.subarray(off);
    const len = anyResponseLength(rest);
    if (len <= 0 || len > MAX_RTU_FRAME || rest.length < len || !crcOk(rest.subarray(0, len))) return 0;
    return answerMismatch(this.requestPdu, rest.subarray(1, len - 2)) === null ? len : 0;
  }

  private answerFurtherOn(): number {
    for (let off = 1; off + 4 <= this.buf.length; off++) if (this.answerAt(off) > 0) return off;
    return -1;
  }

  private take(len: number): Buffer {
    const pdu = Buffer.from(this.buf.subarray(1, len - 2));
    this.leftover = this.buf.length - len;
    this.buf = Buffer.alloc(0);
    return pdu;
  }

  private consume(n: number): void {
    this.buf = this.buf.subarray(n);
    this.inNoise = false;
  }

  private skipNoise(n: number): void {
    if (!this.inNoise) this.noiseRuns++;
    this.noiseBytes += n;
    this.buf = this.buf.subarray(n);
    this.inNoise = true;
  }
}

/** The byte count a read answer must carry (FC 1-4, 0x17), or null for other functions. */
function expectedByteCount(request: Uint8Array): number | null {
  const qty = ((request[3] ?? 0) << 8) | (request[4] ?? 0);
  switch (request[0]) {
    case 1:
    case 2:
      return Math.ceil(qty / 8);
    case 3:
    case 4:
    case 0x17:
      return qty * 2;
    default:
      return null;
  }
}

/** Length of the whole answer frame to a request, when the request alone says it. */
function answerLength(request: Uint8Array): number | null {
  const count = expectedByteCount(request);
  if (count !== null) return 5 + count;
  return request[0] === 5 || request[0] === 6 || request[0] === 15 || request[0] === 16 ? 8 : null;
}

/** Whether the shorter of the two is a prefix of the other. */
function startsAlike(rx: Uint8Array, request: Uint8Array): boolean {
  const n = Math.min(rx.length, request.length);
  for (let i = 0; i < n; i++) if (rx[i] !== request[i]) return false;
  return true;
}
