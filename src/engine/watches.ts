import type { Watch } from '../shared/project/schema';
import { GOOD } from '../shared/quality';
import type { EngineEvents } from './events';
import { qualityOfError, readRaw, type PduChannel } from './modbus/read';

export interface WatchTarget {
  channel: PduChannel;
  unitId: number;
}

/**
 * Polls each watched register range on its own interval and emits watch.update. A poll starts no sooner than
 * intervalMs after the previous one started, and never while the previous one is still on the wire.
 */
export class WatchPoller {
  private readonly running = new Map<string, { watch: Watch; timer: NodeJS.Timeout | null; seq: number; stopped: boolean }>();

  constructor(
    private readonly events: EngineEvents,
    private readonly resolve: (watch: Watch) => WatchTarget | null,
  ) {}

  /** Make the running set match the project's watches. */
  sync(watches: readonly Watch[]): void {
    const wanted = new Map(watches.map((w) => [w.id, w]));
    for (const [id, r] of this.running) {
      const w = wanted.get(id);
      if (!w || JSON.stringify(w) !== JSON.stringify(r.watch)) this.stop(id);
    }
    for (const w of watches) if (!this.running.has(w.id)) this.start(w);
  }

  stopAll(): void {
    for (const id of [...this.running.keys()]) this.stop(id);
  }

  private start(watch: Watch): void {
    const state = { watch, timer: null as NodeJS.Timeout | null, seq: 0, stopped: false };
    this.running.set(watch.id, state);
    const tick = async (): Promise<void> => {
      if (state.stopped) return;
      const started = performance.now();
      const target = this.resolve(watch);
      let update;
      if (!target) {
        update = { raw: [], quality: { status: 'bad' as const, reason: 'device removed' } };
      } else {
        try {
          const raw = await readRaw(target.channel, { unitId: target.unitId, table: watch.table, address: watch.address, count: watch.count });
          update = { raw, quality: GOOD };
        } catch (err) {
          update = { raw: [], quality: qualityOfError(err) };
        }
      }
      if (state.stopped) return;
      const durationMs = performance.now() - started;
      this.events.emit('watch.update', { watchId: watch.id, seq: ++state.seq, ...update, receivedAt: Date.now(), durationMs });
      state.timer = setTimeout(() => void tick(), Math.max(0, watch.intervalMs - durationMs));
    };
    void tick();
  }

  private stop(id: string): void {
    const r = this.running.get(id);
    if (!r) return;
    r.stopped = true;
    if (r.timer) clearTimeout(r.timer);
    this.running.delete(id);
  }
}
