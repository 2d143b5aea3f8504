import type { TagReading } from '../../shared/schemas/tags';
import { packReadings } from '../../shared/schemas/tag-frame';
import type { TagValuesFrame } from '../../shared/schemas/tag-frame';

/** How long a follow lasts without being renewed. */
export const FOLLOW_TTL_MS = 15_000;
/** Older readings one batch carries at most (8 followed tags at 50 ms over a late batch). */
const MAX_EARLIER = 400;

/**
 * The page's sink: readings go out in one column-packed batch every `batchMs`, only the newest per tag (a batch is a
 * snapshot, not a history) except for the few tags a page follows closely (its trend chart), whose every reading goes
 * out in the batch's trail. Nothing is kept or packed while no page listens.
 */
export class PageFeed {
  private pending = new Map<string, TagReading>();
  private earlier: TagReading[] = [];
  private readonly followed = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (frame: TagValuesFrame) => void,
    private readonly listening: () => boolean,
    private readonly batchMs = 200,
  ) {}

  /**
   * Send every reading of these tags, not only the newest per batch, for the next `ttlMs` (pages renew while their
   * trend shows them; the set is the union over pages, so one page cannot take another's away).
   */
  follow(keys: readonly string[], ttlMs = FOLLOW_TTL_MS): void {
    const until = Date.now() + ttlMs;
    for (const k of keys) this.followed.set(k, Math.max(until, this.followed.get(k) ?? 0));
  }

  accept(reading: TagReading): void {
    if (!this.listening()) return;
    if (this.followed.size) this.keepEarlier(reading.key);
    this.pending.set(reading.key, reading);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.batchMs);
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.earlier = [];
  }

  private flush(): void {
    this.timer = null;
    if (!this.pending.size) return;
    const frame = packReadings(this.pending.values(), this.earlier);
    this.pending = new Map();
    this.earlier = [];
    if (this.listening()) this.emit(frame);
  }

  /** A followed tag's reading about to be replaced in the batch goes to the trail instead of away. */
  private keepEarlier(key: string): void {
    const until = this.followed.get(key);
    if (until === undefined) return;
    if (until < Date.now()) {
      this.followed.delete(key);
      return;
    }
    const prev = this.pending.get(key);
    if (prev && this.earlier.length < MAX_EARLIER) this.earlier.push(prev);
  }
}
