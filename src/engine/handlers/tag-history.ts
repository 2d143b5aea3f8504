import type { TagReading } from '../../shared/schemas/tags';

/** How far back a trend can start when it opens: the page's trend window. */
export const HISTORY_MS = 5 * 60_000;
/** Points kept per tag at most (a 100 ms scan class fills five minutes with 3000). */
export const HISTORY_POINTS = 3000;
/** Tags kept at most; the least recently read go first. */
export const HISTORY_TAGS = 4000;

interface Ring {
  t: Float64Array;
  v: Float64Array;
  /** Index of the oldest point and how many there are. */
  start: number;
  size: number;
}

function numeric(r: TagReading): number {
  if (r.quality.status === 'bad') return NaN;
  const v = r.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

/**
 * The engine's recent readings of every tag (numbers; NaN where a reading had none), so a trend that opens on a page
 * starts with the last minutes instead of being empty. Bounded by points per tag, age and the number of tags.
 */
export class TagHistory {
  private readonly rings = new Map<string, Ring>();

  constructor(
    private readonly windowMs = HISTORY_MS,
    private readonly points = HISTORY_POINTS,
    private readonly maxTags = HISTORY_TAGS,
  ) {}

  accept(r: TagReading): void {
    let ring = this.rings.get(r.key);
    if (ring) this.rings.delete(r.key);
    else {
      if (this.rings.size >= this.maxTags) this.rings.delete(this.rings.keys().next().value!);
      ring = { t: new Float64Array(this.points), v: new Float64Array(this.points), start: 0, size: 0 };
    }
    // Map order is the order of the last reading: re-inserted, this key is now the newest.
    this.rings.set(r.key, ring);
    const i = (ring.start + ring.size) % this.points;
    ring.t[i] = r.receivedAt;
    ring.v[i] = numeric(r);
    if (ring.size < this.points) ring.size++;
    else ring.start = (ring.start + 1) % this.points;
  }

  /** The points of a tag newer than the window, oldest first; null values where a reading had no number. */
  series(key: string, now = Date.now()): { t: number[]; v: (number | null)[] } {
    const ring = this.rings.get(key);
    const t: number[] = [];
    const v: (number | null)[] = [];
    if (!ring) return { t, v };
    const oldest = now - this.windowMs;
    for (let k = 0; k < ring.size; k++) {
      const i = (ring.start + k) % this.points;
      if (ring.t[i]! < oldest) continue;
      t.push(ring.t[i]!);
      v.push(Number.isNaN(ring.v[i]!) ? null : ring.v[i]!);
    }
    return { t, v };
  }

  forget(keep: ReadonlySet<string>): void {
    for (const k of [...this.rings.keys()]) if (!keep.has(k)) this.rings.delete(k);
  }
}
