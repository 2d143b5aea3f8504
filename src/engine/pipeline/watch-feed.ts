import type { WatchUpdate } from '../../shared/contract';
import type { SourceReading } from '../drivers/driver';

/** Acquisition keys of register watches: they share the tags' pipeline, and come out as watch.update. */
export const WATCH_KEY_PREFIX = 'watch:';
export const watchKey = (watchId: string) => `${WATCH_KEY_PREFIX}${watchId}`;

/** The sink of register watches: each reading of a watched range becomes one numbered watch.update. */
export class WatchFeed {
  private readonly seq = new Map<string, number>();

  constructor(private readonly emit: (update: WatchUpdate) => void) {}

  accept(watchId: string, r: SourceReading): void {
    const seq = (this.seq.get(watchId) ?? 0) + 1;
    this.seq.set(watchId, seq);
    this.emit({ watchId, seq, raw: r.raw ?? [], quality: r.quality, receivedAt: r.receivedAt, durationMs: r.durationMs ?? 0 });
  }

  /** Forget the numbering of watches that left the project. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.seq.keys()) if (!ids.has(id)) this.seq.delete(id);
  }
}
