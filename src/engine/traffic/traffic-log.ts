import { csvCell } from '../../shared/import/csv';
import { trafficMatches } from '../../shared/modbus/traffic-filter';
import type { TrafficEntry, TrafficFilter } from '../../shared/schemas/traffic';
import type { TrafficFrame } from '../modbus/stats';
import { decodeMbapFrame, decodeRtuFrame } from './decode-frame';

const CAPACITY = 20_000;

interface RawEntry {
  id: number;
  at: number;
  connectionId: string;
  dir: 'tx' | 'rx';
  framing: 'rtu' | 'mbap';
  bytes: Buffer;
  turnaroundMs?: number;
  gapMs?: number;
  decoded?: TrafficEntry;
}

function materialize(r: RawEntry): TrafficEntry {
  if (!r.decoded) {
    const summary = r.framing === 'rtu' ? decodeRtuFrame(r.bytes, r.dir) : decodeMbapFrame(r.bytes, r.dir);
    const e: TrafficEntry = { id: r.id, at: r.at, connectionId: r.connectionId, dir: r.dir, hex: hexOf(r.bytes), ...summary };
    if (r.gapMs !== undefined) e.gapMs = r.gapMs;
    if (r.turnaroundMs !== undefined) e.turnaroundMs = r.turnaroundMs;
    r.decoded = e;
  }
  return r.decoded;
}

function hexOf(b: Buffer): string {
  const h = b.toString('hex').toUpperCase();
  let s = '';
  for (let i = 0; i < h.length; i += 2) s += (i ? ' ' : '') + h.slice(i, i + 2);
  return s;
}

/**
 * Every frame in and out, in a ring buffer of the last 20,000, decoded on arrival. Pausing stops recording, not
 * polling. Listeners get new entries in batches (the UI merges them every few hundred milliseconds).
 */
export class TrafficLog {
  /** A circular buffer of raw frames: the oldest is overwritten, nothing is shifted; decoding waits until asked. */
  private readonly ring: (RawEntry | undefined)[] = new Array(CAPACITY);
  private head = 0;
  private count = 0;
  private nextId = 1;
  private paused = false;
  private readonly last = new Map<string, { hr: number; txHr?: number }>();
  private pending: RawEntry[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onBatch?: (entries: TrafficEntry[]) => void,
    private readonly batchMs = 200,
    /** Whether anyone wants live batches now (a Traffic screen open); without them frames are only stored. */
    private readonly wanted: () => boolean = () => true,
  ) {}

  sink(connectionId: string): (f: TrafficFrame) => void {
    return (f) => this.record(connectionId, f);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setPaused(p: boolean): void {
    this.paused = p;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  /** Entries oldest first, decoded on first use. */
  private *entries(): Generator<TrafficEntry> {
    const start = (this.head - this.count + CAPACITY) % CAPACITY;
    for (let i = 0; i < this.count; i++) yield materialize(this.ring[(start + i) % CAPACITY]!);
  }

  record(connectionId: string, f: TrafficFrame): void {
    if (this.paused) return;
    const prev = this.last.get(connectionId);
    const entry: RawEntry = { id: this.nextId++, at: f.at, connectionId, dir: f.dir, framing: f.framing, bytes: f.bytes };
    if (prev) entry.gapMs = round(f.hr - prev.hr);
    if (f.dir === 'rx' && prev?.txHr !== undefined) entry.turnaroundMs = round(f.hr - prev.txHr);
    this.last.set(connectionId, { hr: f.hr, txHr: f.dir === 'tx' ? f.hr : prev?.txHr });
    this.ring[this.head] = entry;
    this.head = (this.head + 1) % CAPACITY;
    if (this.count < CAPACITY) this.count++;
    if (this.onBatch && this.wanted()) {
      this.pending.push(entry);
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          const batch = this.pending.map(materialize);
          this.pending = [];
          this.onBatch!(batch);
        }, this.batchMs);
        this.timer.unref?.();
      }
    }
  }

  list(filter: TrafficFilter = {}): TrafficEntry[] {
    const out: TrafficEntry[] = [];
    for (const e of this.entries()) {
      if (filter.afterId !== undefined && e.id <= filter.afterId) continue;
      if (trafficMatches(e, filter)) out.push(e);
    }
    return filter.limit ? out.slice(-filter.limit) : out;
  }

  toCsv(filter: TrafficFilter = {}): string {
    const head = 'id,time,connection,direction,unit,function,text,crc,exception,turnaround_ms,gap_ms,hex';
    const esc = (v: unknown) => csvCell(v === undefined || v === null ? '' : String(v));
    const rows = this.list(filter).map((e) =>
      [e.id, new Date(e.at).toISOString(), e.connectionId, e.dir, e.unitId, e.functionCode, e.text, e.crc, e.exception, e.turnaroundMs, e.gapMs, e.hex].map(esc).join(','),
    );
    return [head, ...rows].join('\r\n') + '\r\n';
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
