import type { TagReading } from '../../shared/schemas/tags';

/** How far back a trend can start when it opens: the page's trend window. */
export const HISTORY_MS = 5 * 60_000;
/** Points kept per tag at most (a 250 ms scan class fills five minutes with 1200; faster ones keep less time). */
export const HISTORY_POINTS = 1200;
/** Tags kept at most; the least recently read go first. At most 2000 × 1200 × 16 bytes, and only as tags fill up. */
export const HISTORY_TAGS = 2000;
/** A ring starts this small and doubles as its tag's readings come. */
const FIRST_CAPACITY = 32;

interface Ring {
  t: Float64Array;
  v: Float64Array;
  /** Index of the oldest point and how many there are. */
  start: number;
  size: number;
}

/** Copy a full ring, oldest first, into arrays of a larger capacity. */
function grow(ring: Ring, capacity: number): void {
  const t = new Float64Array(capacity);
  const v = new Float64Array(capacity);
  for (let k = 0; k < ring.size; k++) {
    const i = (ring.start + k) % ring.t.length;
    t[k] = ring.t[i]!;
    v[k] = ring.v[i]!;
  }
  ring.t = t;
  ring.v = v;
  ring.start = 0;
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
      const capacity = Math.min(FIRST_CAPACITY, this.points);
      ring = { t: new Float64Array(capacity), v: new Float64Array(capacity), start: 0, size: 0 };
    }
    // Map order is the order of the last reading: re-inserted, this key is now the newest.
    this.rings.set(r.key, ring);
    if (ring.size === ring.t.length && ring.size < this.points) grow(ring, Math.min(this.points, ring.size * 2));
    const cap = ring.t.length;
    const i = (ring.start + ring.size) % cap;
    ring.t[i] = r.receivedAt;
    ring.v[i] = numeric(r);
    if (ring.size < cap) ring.size++;
    else ring.start = (ring.start + 1) % cap;
  }

  /** The points of a tag newer than the window, oldest first; null values where a reading had no number. */
  series(key: string, now = Date.now()): { t: number[]; v: (number | null)[] } {
    const ring = this.rings.get(key);
    const t: number[] = [];
    const v: (number | null)[] = [];
    if (!ring) return { t, v };
    const oldest = now - this.windowMs;
    for (let k = 0; k < ring.size; k++) {
      const i = (ring.start + k) % ring.t.length;
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
