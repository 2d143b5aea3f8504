/**
 * What a rogue peer does with each request: the misbehaviours of real buses and gateways, on purpose.
 * A script picks one per request (n counts requests from 0), so a test can say "late once, then fine".
 */
export type Fault =
  /** The right answer at once. */
  | { kind: 'answer' }
  /** No answer at all. */
  | { kind: 'silent' }
  /** The right answer, `ms` after the request arrived. */
  | { kind: 'late'; ms: number }
  /** The right answer, then the same bytes again `gapMs` later (0: both in one write, as a gateway may send them). */
  | { kind: 'duplicate'; gapMs: number }
  /** The answer to the previous request instead of this one's (nothing for the first request). */
  | { kind: 'stale' }
  /** Writes: an answer naming another value (FC 5/6) or quantity (FC 15/16); reads: one register/byte more than asked. */
  | { kind: 'wrong-echo' }
  /** An exception answer (function code + 0x80, then `code`), as a device that refuses the request sends it. */
  | { kind: 'exception'; code: number }
  /** A well-formed answer with another function code (same data). */
  | { kind: 'wrong-function'; fc: number }
  /** Noise bytes, then the right answer; `gapMs` between them (0: in one write). */
  | { kind: 'noise'; bytes: number[]; gapMs?: number }
  /** Only the first `keep` bytes of the right answer, then nothing. */
  | { kind: 'truncate'; keep: number }
  /** RTU only: the right answer with its CRC spoiled. */
  | { kind: 'bad-crc' }
  /** The right answer under another unit id. */
  | { kind: 'other-unit'; unitId: number }
  /** TCP only: the right answer under another transaction id. */
  | { kind: 'wrong-tid' }
  /** After the request, `bytes` again and again every `everyMs` until hush() or stop(): the line never goes quiet. */
  | { kind: 'endless'; bytes: number[]; everyMs: number };

export type Script = (n: number, requestPdu: Buffer) => Fault;

export const always =
  (f: Fault): Script =>
  () =>
    f;

/** One fault per request in turn; the last one goes on. */
export const inTurn =
  (...faults: Fault[]): Script =>
  (n) =>
    faults[Math.min(n, faults.length - 1)]!;

/** Modbus write function codes: single coil, single register, multiple coils, multiple registers. */
export const WRITE_FUNCTIONS: readonly number[] = [5, 6, 15, 16];

/** `fault` for every write request; reads (the prepare-read, the read-back) are answered at once. */
export const onWrites =
  (f: Fault): Script =>
  (_n, pdu) =>
    WRITE_FUNCTIONS.includes(pdu[0]!) ? f : { kind: 'answer' };

/** Timers a rogue has armed, all cleared when it stops. */
export class Timers {
  private readonly all = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.all.delete(t);
      fn();
    }, ms);
    this.all.add(t);
  }

  every(ms: number, fn: () => void): () => void {
    const t = setInterval(fn, ms);
    this.all.add(t);
    return () => {
      clearInterval(t);
      this.all.delete(t);
    };
  }

  clear(): void {
    for (const t of this.all) clearTimeout(t);
    this.all.clear();
  }
}
