import type { Quality } from '../../shared/quality';
import type { ModbusTable } from '../../shared/modbus/tables';
import { bad } from '../../shared/quality';
import { readBlocks, type ItemReading } from './block-reader';
import { HoleMap, planBlocks, type PlanItem, type PlanLimits } from './planner';
import type { PduChannel } from './read';

/** A tag as the poller sees it: where it is, how wide (registers, or bits of a bit table), and how often to read it. */
export interface PolledTag {
  key: string;
  unitId: number;
  table: ModbusTable;
  address: number;
  width: number;
  scanClassMs: number;
}

export interface RawReading {
  key: string;
  raw: number[] | null;
  quality: Quality;
  receivedAt: number;
}

export interface ScanStats {
  scanClassMs: number;
  scans: number;
  /** Scans that took longer than their interval (the next one started late, never early). */
  overruns: number;
  lastScanMs: number;
  requestsPerScan: number;
}

interface ScanClass {
  intervalMs: number;
  items: PlanItem[];
  timer: NodeJS.Timeout | null;
  stats: ScanStats;
  planVersion: number;
  plan: ReturnType<typeof planBlocks> | null;
}

/**
 * Polls one connection's tags by scan class. Each class reads its tags in as few requests as the planner allows,
 * no sooner than its interval after the previous scan started, and never two scans of a class at once.
 * All classes share the connection's channel, so a serial bus still has one request on the wire.
 */
export class TagPoller {
  readonly holes = new HoleMap();
  private readonly classes = new Map<number, ScanClass>();
  private stopped = false;

  constructor(
    private readonly channel: PduChannel,
    tags: readonly PolledTag[],
    private readonly onReadings: (readings: RawReading[], scanMs: number) => void,
    private readonly limits: PlanLimits = { maxGap: 8 },
  ) {
    for (const t of tags) {
      let c = this.classes.get(t.scanClassMs);
      if (!c) {
        c = { intervalMs: t.scanClassMs, items: [], timer: null, stats: { scanClassMs: t.scanClassMs, scans: 0, overruns: 0, lastScanMs: 0, requestsPerScan: 0 }, planVersion: -1, plan: null };
        this.classes.set(t.scanClassMs, c);
      }
      c.items.push({ key: t.key, unitId: t.unitId, table: t.table, address: t.address, width: t.width });
    }
  }

  start(): void {
    for (const c of this.classes.values()) void this.scan(c);
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.classes.values()) if (c.timer) clearTimeout(c.timer);
  }

  stats(): ScanStats[] {
    return [...this.classes.values()].map((c) => ({ ...c.stats }));
  }

  /** One scan of every class now, resolved with all readings (CLI `read --map`, tests, benchmarks). */
  async scanOnce(): Promise<RawReading[]> {
    const all: RawReading[] = [];
    for (const c of this.classes.values()) all.push(...(await this.readClass(c)));
    return all;
  }

  private planFor(c: ScanClass): NonNullable<ScanClass['plan']> {
    if (!c.plan || c.planVersion !== this.holes.version) {
      c.plan = planBlocks(c.items, this.limits, this.holes);
      c.planVersion = this.holes.version;
    }
    return c.plan;
  }

  private async readClass(c: ScanClass): Promise<RawReading[]> {
    c.plan = this.planFor(c);
    const results = await readBlocks(this.channel, c.plan.blocks, this.holes);
    const at = Date.now();
    const readings: RawReading[] = [];
    for (const it of c.plan.blocks.flatMap((b) => b.items)) readings.push(toReading(it.key, results.get(it.key), at));
    for (const it of c.plan.unreadable) readings.push({ key: it.key, raw: null, quality: bad('exception 0x02 (illegal data address)'), receivedAt: at });
    c.stats.requestsPerScan = c.plan.blocks.length;
    return readings;
  }

  private async scan(c: ScanClass): Promise<void> {
    if (this.stopped) return;
    this.planFor(c); // plan before the clock starts, so requests leave at the scan interval
    const started = performance.now();
    const readings = await this.readClass(c).catch((err: Error) => c.items.map((i) => ({ key: i.key, raw: null, quality: bad(err.message), receivedAt: Date.now() })));
    if (this.stopped) return;
    const took = performance.now() - started;
    c.stats.scans++;
    c.stats.lastScanMs = Math.round(took * 100) / 100;
    if (took > c.intervalMs) c.stats.overruns++;
    this.onReadings(readings, took);
    // The next scan starts one interval after this one started: the time spent handing readings on counts too.
    c.timer = setTimeout(() => void this.scan(c), Math.max(0, c.intervalMs - (performance.now() - started)));
  }
}

function toReading(key: string, r: ItemReading | undefined, at: number): RawReading {
  if (!r) return { key, raw: null, quality: bad('not read'), receivedAt: at };
  return r.ok ? { key, raw: r.raw, quality: { status: 'good' }, receivedAt: at } : { key, raw: null, quality: r.quality, receivedAt: at };
}
