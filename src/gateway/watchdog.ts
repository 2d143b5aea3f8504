import type { EngineCore } from '../engine/core';
import type { GatewayConfig } from '../shared/gateway/config';
import type { WritePrepareInput } from '../shared/schemas/writes';
import type { Logger } from './logger';

/** The heartbeat counts 1..32767 and wraps to 0: it fits an int16 or uint16 register or tag. */
const WRAP = 32768;

type WatchdogConfig = NonNullable<GatewayConfig['watchdog']>;

/**
 * The seed's safety rule: if the gateway stops polling, the PLC must see it. Every interval an incrementing heartbeat
 * goes to the configured register or tag through the one write path (prepare, confirm: audited like every write),
 * pre-authorised by the config since no operator is at the edge. A write still in flight skips the next tick.
 */
export class Watchdog {
  readonly stats = { writes: 0, failures: 0, value: 0 };
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private failing: boolean | null = null;

  constructor(private readonly core: EngineCore, private readonly cfg: WatchdogConfig, private readonly log: Logger) {}

  start(): void {
    this.timer = setInterval(() => void this.beat(), this.cfg.intervalMs);
    void this.beat();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private input(value: number): WritePrepareInput {
    const note = 'gateway watchdog heartbeat (pre-authorised by the gateway config)';
    const t = this.cfg.target;
    if ('tagKey' in t) return { tagKey: t.tagKey, value, note };
    return { deviceId: t.deviceId, table: 'holding', address: t.register, type: 'uint16', order: 'ABCD', value, multiple: false, note };
  }

  private async beat(): Promise<void> {
    if (this.busy || !this.timer) return;
    this.busy = true;
    const value = (this.stats.value + 1) % WRAP;
    try {
      const ticket = await this.core.prepareWrite(this.input(value));
      await this.core.confirmWrite(ticket.ticketId);
      this.stats.value = value;
      this.stats.writes++;
      if (this.failing !== false) this.log.info('watchdog.ok', { target: ticket.target, value });
      this.failing = false;
    } catch (e) {
      this.stats.failures++;
      if (this.failing !== true) this.log.error('watchdog.failed', { message: (e as Error).message });
      this.failing = true;
    } finally {
      this.busy = false;
    }
  }
}
