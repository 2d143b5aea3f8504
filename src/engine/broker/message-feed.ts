import type { BrokerMessageBatch } from '../../shared/contract/broker';
import { messageView } from './message-view';

/** Messages one batch carries at most; more within one batch interval are counted as dropped. */
export const BATCH_CAP = 1000;

/**
 * The Broker screen's sink: every message (in order: a Sparkplug seq check needs them all) goes out in one batch every
 * `batchMs`, at most BATCH_CAP per batch. Nothing is decoded or kept while no page listens.
 */
export class MessageFeed {
  private pending: BrokerMessageBatch['messages'] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (batch: BrokerMessageBatch) => void,
    private readonly listening: () => boolean,
    private readonly batchMs = 250,
  ) {}

  accept(m: { topic: string; payload: Buffer; qos: number; retain: boolean }): void {
    if (!this.listening()) return;
    if (this.pending.length >= BATCH_CAP) this.dropped++;
    else this.pending.push(messageView(m, Date.now()));
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.batchMs);
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.dropped = 0;
  }

  private flush(): void {
    this.timer = null;
    const batch = { messages: this.pending, dropped: this.dropped };
    this.pending = [];
    this.dropped = 0;
    if (this.listening() && (batch.messages.length || batch.dropped)) this.emit(batch);
  }
}
