import type { Acquisition, AcquireItem, ScanClassStats, SourceReading } from '../drivers/driver';
import { planReads, readItemsOnce, type ReadPlan } from './readings';
import type { TagReader } from './reader';

interface ScanClass {
  intervalMs: number;
  items: AcquireItem[];
  plan: ReadPlan | null;
  timer: NodeJS.Timeout | null;
  stats: ScanClassStats;
}

/**
 * Polls a controller's tags by scan class, as the Modbus poller does: each class reads its tags batched, no sooner than
 * its interval after its previous scan started, never two scans of a class at once. Classes share the session, whose
 * requests go one at a time.
 */
export class CipAcquisition implements Acquisition {
  private readonly classes = new Map<number, ScanClass>();
  private stopped = false;

  constructor(
    private readonly reader: TagReader,
    items: readonly AcquireItem[],
    private readonly sink: (readings: SourceReading[]) => void,
  ) {
    for (const it of items) {
      const ms = it.tag.scanClassMs;
      let c = this.classes.get(ms);
      if (!c) {
        c = { intervalMs: ms, items: [], plan: null, timer: null, stats: { scanClassMs: ms, scans: 0, overruns: 0, lastScanMs: 0, requestsPerScan: 0 } };
        this.classes.set(ms, c);
      }
      c.items.push(it);
    }
  }

  start(): void {
    for (const c of this.classes.values()) void this.scan(c);
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.classes.values()) if (c.timer) clearTimeout(c.timer);
  }

  stats(): ScanClassStats[] {
    return [...this.classes.values()].map((c) => ({ ...c.stats }));
  }

  private async scan(c: ScanClass): Promise<void> {
    if (this.stopped) return;
    const started = performance.now();
    c.plan ??= planReads(c.items);
    const readings = await readItemsOnce(this.reader, c.items, c.plan);
    if (this.stopped) return;
    const took = performance.now() - started;
    c.stats.scans++;
    c.stats.lastScanMs = Math.round(took * 100) / 100;
    c.stats.requestsPerScan = this.reader.requestsLastRead;
    if (took > c.intervalMs) c.stats.overruns++;
    this.sink(readings);
    c.timer = setTimeout(() => void this.scan(c), Math.max(0, c.intervalMs - (performance.now() - started)));
  }
}
