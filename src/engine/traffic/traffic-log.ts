import type { TrafficFrame } from '../modbus/stats';
import { decodeMbapFrame, decodeRtuFrame, type FrameSummary } from './decode-frame';

export interface TrafficEntry extends FrameSummary {
  id: number;
  at: number;
  connectionId: string;
  dir: 'tx' | 'rx';
  hex: string;
  /** rx: time since the request went out. tx: time since the previous frame on the same connection (line idle). */
  turnaroundMs?: number;
  gapMs?: number;
}

export interface TrafficFilter {
  connectionId?: string;
  unitId?: number;
  text?: string;
  onlyErrors?: boolean;
  afterId?: number;
  limit?: number;
}

const CAPACITY = 20_000;

function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? ' ' : '') + b[i]!.toString(16).padStart(2, '0').toUpperCase();
  return s;
}

/**
 * Every frame in and out, in a ring buffer of the last 20,000, decoded on arrival. Pausing stops recording, not
 * polling. Listeners get new entries in batches (the UI merges them every few hundred milliseconds).
 */
export class TrafficLog {
  private readonly ring: TrafficEntry[] = [];
  private nextId = 1;
  private paused = false;
  private readonly last = new Map<string, { hr: number; txHr?: number }>();
  private pending: TrafficEntry[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly onBatch?: (entries: TrafficEntry[]) => void, private readonly batchMs = 200) {}

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
    this.ring.length = 0;
  }

  record(connectionId: string, f: TrafficFrame): void {
    if (this.paused) return;
    const prev = this.last.get(connectionId);
    const summary = f.framing === 'rtu' ? decodeRtuFrame(f.bytes, f.dir) : decodeMbapFrame(f.bytes, f.dir);
    const entry: TrafficEntry = { id: this.nextId++, at: f.at, connectionId, dir: f.dir, hex: hexOf(f.bytes), ...summary };
    if (prev) entry.gapMs = round(f.hr - prev.hr);
    if (f.dir === 'rx' && prev?.txHr !== undefined) entry.turnaroundMs = round(f.hr - prev.txHr);
    this.last.set(connectionId, { hr: f.hr, txHr: f.dir === 'tx' ? f.hr : prev?.txHr });
    this.ring.push(entry);
    if (this.ring.length > CAPACITY) this.ring.splice(0, this.ring.length - CAPACITY);
    if (this.onBatch) {
      this.pending.push(entry);
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          const batch = this.pending;
          this.pending = [];
          this.onBatch!(batch);
        }, this.batchMs);
        this.timer.unref?.();
      }
    }
  }

  list(filter: TrafficFilter = {}): TrafficEntry[] {
    const text = filter.text?.toLowerCase();
    const out: TrafficEntry[] = [];
    for (const e of this.ring) {
      if (filter.afterId !== undefined && e.id <= filter.afterId) continue;
      if (filter.connectionId && e.connectionId !== filter.connectionId) continue;
      if (filter.unitId !== undefined && e.unitId !== filter.unitId) continue;
      if (filter.onlyErrors && !(e.exception || e.crc === 'bad')) continue;
      if (text && !`${e.text} ${e.hex}`.toLowerCase().includes(text)) continue;
      out.push(e);
    }
    return filter.limit ? out.slice(-filter.limit) : out;
  }

  toCsv(filter: TrafficFilter = {}): string {
    const head = 'id,time,connection,direction,unit,function,text,crc,exception,turnaround_ms,gap_ms,hex';
    const esc = (v: unknown) => {
      const s = v === undefined || v === null ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
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
