import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { decodeRecord, encodeRecord, RECORD_HEADER } from './record-codec';

export interface SegmentLogOptions {
  /** Start a new segment file past this size (default 4 MiB). */
  segmentBytes?: number;
  /** The log's bound on disk (default 256 MiB). When full, the oldest whole segment is dropped to make room. */
  maxBytes?: number;
  /** Told how many records a full log dropped. */
  onDrop?: (records: number) => void;
  /** The clock (ms) a new log's first segment number comes from (tests simulate time). */
  now?: () => number;
}

/** A record and its id: where it sits in the log, (segment number << 32) + offset; ids only grow, in log order. */
export interface LogRecord {
  id: bigint;
  body: Buffer;
}

interface Segment {
  index: number;
  /** Bytes written. */
  bytes: number;
  /** Records not yet acknowledged in it. */
  records: number;
}

const READ_CHUNK = 256 << 10;

function readAt(fd: number, pos: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
const segName = (i: number) => `${String(i).padStart(12, '0')}.seg`;

/**
 * A durable FIFO of opaque records in append-only segment files: each record is length + CRC-32 + body, every append
 * is fsynced before it returns, and a cursor file (replaced atomically) says how far the consumer has acknowledged.
 * On open, each segment from the cursor is checked record by record; a torn tail (a write cut by kill -9 or power
 * loss) fails its length or checksum and is cut off, so what was appended before it survives whole.
 */
export class SegmentLog {
  private readonly segments: Segment[] = [];
  /** Offset of the first unacknowledged record in the first segment. */
  private readOff = 0;
  private fd: number | null = null;
  /** End offsets (in the first segment's numbering, across segments as [segIndex, off]) of the last peek. */
  private peeked: { seg: number; next: number }[] = [];
  private readonly segmentBytes: number;
  private readonly maxBytes: number;
  /** The segment number a new segment must not go below (past the cursor's). */
  private floorIndex = 0;

  constructor(private readonly dir: string, private readonly opts: SegmentLogOptions = {}) {
    this.segmentBytes = opts.segmentBytes ?? 4 << 20;
    this.maxBytes = Math.max(opts.maxBytes ?? 256 << 20, this.segmentBytes * 2);
    mkdirSync(dir, { recursive: true });
    this.recover();
  }

  /** Records not yet acknowledged. */
  size(): number {
    return this.segments.reduce((n, s) => n + s.records, 0);
  }

  bytes(): number {
    return this.segments.reduce((n, s) => n + s.bytes, 0) - this.readOff;
  }

  /** Append records and fsync: once this returns they survive a crash. */
  append(bodies: readonly Buffer[]): void {
    if (!bodies.length) return;
    const data = Buffer.concat(bodies.map(encodeRecord));
    let last = this.segments.at(-1);
    if (!last || this.fd === null || last.bytes >= this.segmentBytes) last = this.roll();
    this.makeRoom(data.length);
    let off = 0;
    while (off < data.length) off += writeSync(this.fd!, data, off, data.length - off, last.bytes + off);
    fsyncSync(this.fd!);
    last.bytes += data.length;
    last.records += bodies.length;
  }

  /** Up to `max` record bodies from the front, in order, without removing them. */
  peek(max: number): Buffer[] {
    return this.peekRecords(max).map((r) => r.body);
  }

  /**
   * Up to `max` records from the front with their ids, in order, without removing them. An id is the record's place
   * in the log, so it is the same every time the record is read, across restarts: what a consumer that may re-send
   * after a crash stamps its messages with, for the receiver to drop what it has already had.
   */
  peekRecords(max: number): LogRecord[] {
    const out: LogRecord[] = [];
    this.peeked = [];
    let off = this.readOff;
    for (let segPos = 0; segPos < this.segments.length && out.length < max; segPos++, off = 0) {
      const seg = this.segments[segPos]!;
      if (off >= seg.bytes) continue;
      const fd = openSync(this.file(seg.index), 'r');
      try {
        while (out.length < max && off < seg.bytes) {
          let buf = readAt(fd, off, Math.min(seg.bytes - off, READ_CHUNK));
          let at = 0;
          for (;;) {
            let r = decodeRecord(buf, at);
            if (r === 'short' && at === 0) {
              // One record larger than the chunk: read it whole.
              buf = readAt(fd, off, RECORD_HEADER + buf.readUInt32LE(0));
              r = decodeRecord(buf, 0);
            }
            if (r === 'short') break;
            if (r === 'corrupt') throw new Error(`store-and-forward segment ${segName(seg.index)} is damaged at offset ${off + at}`);
            out.push({ id: (BigInt(seg.index) << 32n) + BigInt(off + at), body: Buffer.from(r.body) });
            this.peeked.push({ seg: segPos, next: off + r.next });
            at = r.next;
            if (out.length >= max || off + at >= seg.bytes) break;
          }
          off += at;
        }
      } finally {
        closeSync(fd);
      }
    }
    return out;
  }

  /** Drop the first `n` records (of the last peek) and remember it in the cursor file. */
  ack(n: number): void {
    if (n <= 0) return;
    const mark = this.peeked[n - 1];
    // A full log dropped its oldest segments since the peek: those records are gone already.
    if (!mark) return;
    // Count per segment what leaves it, then drop the segments left behind.
    for (let i = 0; i < n; i++) this.segments[this.peeked[i]!.seg]!.records--;
    const gone = this.segments.splice(0, mark.seg);
    for (const s of gone) rmSync(this.file(s.index), { force: true });
    this.readOff = mark.next;
    this.peeked = [];
    this.writeCursor();
    const first = this.segments[0];
    // A fully read segment that is not the one being written can go now.
    if (first && first.records === 0 && this.readOff >= first.bytes && this.segments.length > 1) {
      this.segments.shift();
      rmSync(this.file(first.index), { force: true });
      this.readOff = 0;
      this.writeCursor();
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private file(index: number): string {
    return path.join(this.dir, segName(index));
  }

  private writeCursor(): void {
    const tmp = path.join(this.dir, 'cursor.tmp');
    writeFileSync(tmp, JSON.stringify({ segment: this.segments[0]?.index ?? 0, offset: this.readOff }));
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path.join(this.dir, 'cursor'));
  }

  private roll(): Segment {
    if (this.fd !== null) closeSync(this.fd);
    // A new log numbers its segments from the clock's seconds, so ids keep growing past a log that was deleted.
    const last = this.segments.at(-1);
    const index = last ? last.index + 1 : Math.max(this.floorIndex, Math.floor((this.opts.now ?? Date.now)() / 1000));
    this.fd = openSync(this.file(index), 'w+');
    const seg: Segment = { index, bytes: 0, records: 0 };
    this.segments.push(seg);
    return seg;
  }

  /** Full: drop the oldest whole segments (never the one being written) until `incoming` fits. */
  private makeRoom(incoming: number): void {
    let dropped = 0;
    while (this.bytes() + incoming > this.maxBytes && this.segments.length > 1) {
      const s = this.segments.shift()!;
      dropped += s.records;
      rmSync(this.file(s.index), { force: true });
      this.readOff = 0;
    }
    if (dropped) {
      this.peeked = [];
      this.writeCursor();
      this.opts.onDrop?.(dropped);
    }
  }

  /** Find the segments, start at the cursor, count every whole record, cut a torn tail. */
  private recover(): void {
    let cursor = { segment: 0, offset: 0 };
    try {
      cursor = JSON.parse(readFileSync(path.join(this.dir, 'cursor'), 'utf8')) as typeof cursor;
    } catch {
      /* no cursor yet: from the start */
    }
    this.floorIndex = cursor.segment + 1;
    const indexes = readdirSync(this.dir)
      .filter((f) => /^\d{12}\.seg$/.test(f))
      .map((f) => Number(f.slice(0, 12)))
      .sort((a, b) => a - b);
    for (const index of indexes) {
      if (index < cursor.segment) {
        rmSync(this.file(index), { force: true });
        continue;
      }
      const start = index === cursor.segment ? cursor.offset : 0;
      const fd = openSync(this.file(index), 'r+');
      const size = fstatSync(fd).size;
      const buf = readAt(fd, 0, size);
      let at = start;
      let records = 0;
      for (;;) {
        const r = decodeRecord(buf, at);
        if (typeof r === 'string') break;
        records++;
        at = r.next;
      }
      if (at < size) {
        ftruncateSync(fd, at);
        fsyncSync(fd);
      }
      closeSync(fd);
      this.segments.push({ index, bytes: at, records });
      if (index === cursor.segment) this.readOff = start;
    }
    const last = this.segments.at(-1);
    if (last) this.fd = openSync(this.file(last.index), 'r+');
  }
}
