import type { ClientSubscription, DataValue } from 'node-opcua';
import type { OpcUaSource } from '../../shared/project/schema';
import { bad } from '../../shared/quality';
import type { Acquisition, AcquireItem, ScanClassStats, SourceReading } from '../drivers/driver';
import { opcuaError } from './errors';
import { opcua, type OpcUa } from './lib';
import { REQUESTS_IN_FLIGHT } from './browse';
import { chunks, inFlight } from './limits';
import { NOT_OPCUA, nodeIdProblem, readItems, readingOf } from './readings';
import { RECONNECT, type OpcUaSession } from './session';
import { qualityOf, severityOf, statusName } from './status';

interface Monitored {
  key: string;
  nodeId: string;
  source: OpcUaSource;
}

/** Monitored items with the same settings share one CreateMonitoredItems parameter set. */
function settingsKey(s: OpcUaSource): string {
  return `${s.samplingIntervalMs}|${s.queueSize}|${s.deadband.kind}|${s.deadband.value}`;
}

/** Keep-alive about every 10 s whatever the publishing interval; the subscription lives through 6 missed ones. */
export function subscriptionTiming(publishingIntervalMs: number): { keepAliveCount: number; lifetimeCount: number } {
  const keepAliveCount = Math.max(1, Math.ceil(10_000 / publishingIntervalMs));
  return { keepAliveCount, lifetimeCount: keepAliveCount * 6 };
}

/**
 * The OPC UA acquisition of a device: one subscription whose publishing interval is the smallest scan class, its
 * monitored items created in batches within the server's limits (sampling interval, queue size and deadband from each
 * tag's source). Every data change becomes a reading. A lost connection turns every item Bad at once; node-opcua
 * restores the session and the subscription, and values flow again. A first connection that fails is retried with
 * exponential backoff until the acquisition is stopped.
 */
export class OpcUaAcquisition implements Acquisition {
  private stopped = false;
  private subscription: ClientSubscription | null = null;
  private readonly monitored: Monitored[] = [];
  private readonly rejected: SourceReading[] = [];
  private pending: SourceReading[] = [];
  private flushScheduled = false;
  private wake: (() => void) | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private notifications = 0;
  readonly publishingIntervalMs: number;

  constructor(
    private readonly session: OpcUaSession,
    private readonly items: readonly AcquireItem[],
    private readonly sink: (readings: SourceReading[]) => void,
  ) {
    this.publishingIntervalMs = Math.min(...items.map((i) => i.tag.scanClassMs), 3_600_000);
  }

  start(): void {
    void this.run();
  }

  private push(r: SourceReading): void {
    this.pending.push(r);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const batch = this.pending;
      this.pending = [];
      if (!this.stopped && batch.length) this.sink(batch);
    });
  }

  private allBad(reason: string): void {
    const at = Date.now();
    const q = bad(reason);
    for (const m of this.monitored) this.push({ key: m.key, value: null, quality: q, receivedAt: at });
  }

  private async run(): Promise<void> {
    const ua = await opcua();
    for (const it of this.items) {
      const source = it.tag.source;
      const nodeId = source.kind === 'opcua' && !it.rawRange ? source.nodeId : null;
      const problem = nodeId ? await nodeIdProblem(nodeId) : NOT_OPCUA;
      if (source.kind === 'opcua' && nodeId && !problem) this.monitored.push({ key: it.key, nodeId, source });
      else this.rejected.push({ key: it.key, value: null, quality: problem ?? NOT_OPCUA, receivedAt: Date.now() });
    }
    for (const r of this.rejected) this.push(r);
    if (!this.monitored.length) return;
    this.unsubscribe.push(
      this.session.onLost(() => this.allBad(`comm lost: ${this.session.detail ?? `connection to ${this.session.url} lost`}`)),
      this.session.onRestored(() => void this.refresh()),
    );
    let delay = RECONNECT.initialDelay;
    while (!this.stopped) {
      try {
        await this.subscribe(ua);
        return;
      } catch (err) {
        if (this.stopped) return;
        this.allBad(opcuaError(err, `subscribe on ${this.session.url}`).message);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
        delay = Math.min(delay * 2, RECONNECT.maxDelay);
      }
    }
  }

  private async subscribe(ua: OpcUa): Promise<void> {
    const s = await this.session.open();
    const limits = await this.session.limits();
    const { keepAliveCount, lifetimeCount } = subscriptionTiming(this.publishingIntervalMs);
    const sub = await s.createSubscription2({
      requestedPublishingInterval: this.publishingIntervalMs,
      requestedMaxKeepAliveCount: keepAliveCount,
      requestedLifetimeCount: lifetimeCount,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    if (this.stopped) {
      await sub.terminate().catch(() => undefined);
      return;
    }
    this.subscription = sub;
    sub.on('received_notifications', () => this.notifications++);
    // The server says the subscription itself is in trouble (BadTimeout when it expired): no value is current.
    sub.on('status_changed', (status) => {
      if (!this.stopped && severityOf(status) === 'bad') this.allBad(`subscription ${statusName(status)}`);
    });
    const groups = new Map<string, Monitored[]>();
    for (const m of this.monitored) {
      const k = settingsKey(m.source);
      groups.set(k, [...(groups.get(k) ?? []), m]);
    }
    for (const members of groups.values()) {
      const src = members[0]!.source;
      const filter =
        src.deadband.kind === 'none'
          ? null
          : new ua.DataChangeFilter({ trigger: ua.DataChangeTrigger.StatusValue, deadbandType: src.deadband.kind === 'absolute' ? ua.DeadbandType.Absolute : ua.DeadbandType.Percent, deadbandValue: src.deadband.value });
      // Several CreateMonitoredItems requests in flight: the server creates one batch while the client sends the next.
      const tasks = chunks(members, limits.monitoredItemsPerCall).map((batch) => async () => {
        if (this.stopped) return;
        const group = await sub.monitorItems(
          batch.map((m) => ({ nodeId: m.nodeId, attributeId: ua.AttributeIds.Value })),
          { samplingInterval: src.samplingIntervalMs, queueSize: src.queueSize, discardOldest: true, filter },
          ua.TimestampsToReturn.Both,
        );
        group.on('changed', (_item: unknown, dv: DataValue, index: number) => {
          const m = batch[index];
          if (m) this.push(readingOf(m.key, dv, Date.now()));
        });
        group.monitoredItems.forEach((item, i) => {
          const status = item.statusCode;
          if (status && !status.isGood()) this.push({ key: batch[i]!.key, value: null, quality: qualityOf(status), receivedAt: Date.now() });
        });
      });
      await inFlight(tasks, REQUESTS_IN_FLIGHT);
    }
  }

  /** After a reconnection: one Read of every item, so values the server does not resend are current again. */
  private async refresh(): Promise<void> {
    if (this.stopped) return;
    try {
      const keys = new Set(this.monitored.map((m) => m.key));
      const items = this.items.filter((it) => keys.has(it.key));
      for (const r of await readItems(this.session, items)) this.push(r);
    } catch {
      // the subscription brings the values when it can
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    for (const u of this.unsubscribe) u();
    const sub = this.subscription;
    this.subscription = null;
    if (sub) void sub.terminate().catch(() => undefined);
  }

  stats(): ScanClassStats[] {
    return [{ scanClassMs: this.publishingIntervalMs, scans: this.notifications, overruns: 0, lastScanMs: 0, requestsPerScan: 1 }];
  }
}
