import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Project } from '../../shared/project/schema';
import type { TagReading } from '../../shared/schemas/tags';
import type { MqttLogin } from '../broker/topic-watch';
import { BdSeq } from './bdseq';
import { asksRebirth, REBIRTH_METRIC, runDeviceCommand, type AskOperator, type WritePath } from './commands';
import { SpType } from './datatypes';
import { MetricCatalog, type SpDevice } from './metric-catalog';
import { metricOf, sampleOf, type MetricSample } from './metric-encode';
import { decodePayload, encodePayload, type SpMetric } from './payload';
import { HostStateTracker, stateTopic } from './host-state';
import { brokerBarrier } from './broker-barrier';
import type { ForwardQueue, StoredSample } from './store/forward-queue';
import { checkSparkplugId, deviceTopic, nodeTopic, parseSparkplugTopic } from './topics';

/** What the edge node needs of the engine core (EngineCore has it all). */
export interface EdgeSource extends WritePath {
  readonly project: Project;
  reading(key: string): TagReading | undefined;
  onReading(listener: (reading: TagReading, changed: boolean) => void): () => void;
}

export interface EdgeNodeOptions {
  url: string;
  login?: MqttLogin;
  group: string;
  node: string;
  /** Tag keys a DCMD may write (through the one write path); every other DCMD write is refused and logged. */
  writable?: readonly string[];
  /** Where given, a DCMD write to a tag not in `writable` is prepared and handed here for the operator to confirm. */
  askOperator?: AskOperator;
  /** Store-and-forward: samples that arrive while offline go here, and are replayed after the births. */
  queue?: ForwardQueue;
  /**
   * Primary host awareness: publish only while this host application's STATE says it is online; when it goes
   * offline, NDEATH, disconnect, and store until it is back.
   */
  primaryHost?: string;
  /**
   * A device whose every metric is Bad: 'metrics' (default) publishes them as Bad (null, Quality 0); 'death'
   * publishes DDEATH, and DBIRTH when one comes back.
   */
  badDevice?: 'metrics' | 'death';
  /** Metric aliases: each device metric's alias in its DBIRTH beside the name, and the alias alone in data after. */
  aliases?: boolean;
  /** Where bdSeq is remembered across restarts. */
  stateDir?: string;
  /** Wait before reconnecting (default 2000 ms). */
  reconnectMs?: number;
  log?: (line: string) => void;
}

export type EdgeState = 'connecting' | 'waiting-host' | 'birthing' | 'replaying' | 'online' | 'offline' | 'stopped';

/** Samples replayed per DDATA while draining the queue. */
const REPLAY_BATCH = 500;

/**
 * A Sparkplug B 3.0 edge node: one MQTT connection at a time (clean session, Will = NDEATH with that connection's
 * bdSeq), NCMD/DCMD subscribed before NBIRTH, NBIRTH and one DBIRTH per device on every connection and on a Rebirth
 * command, then DDATA with the changed metrics only; NDEATH on an intentional stop.
 */
export class EdgeNode {
  state: EdgeState = 'offline';
  readonly stats = { connections: 0, births: 0, published: 0, stored: 0, replayed: 0 };
  /** The last thing that went wrong (connection, births, a publish), or null. */
  lastError: string | null = null;
  private client: MqttClient | null = null;
  private bdSeq = 0;
  private seq = 0;
  private readonly bd: BdSeq;
  private catalog: MetricCatalog;
  private readonly writable: ReadonlySet<string>;
  private readonly log: (line: string) => void;
  private offReadings: (() => void) | null = null;
  private pending: MetricSample[] = [];
  private flushScheduled = false;
  private retry: NodeJS.Timeout | null = null;
  /** The quality last published per tag key: a Good value after a non-Good one says so. */
  private readonly lastStatus = new Map<string, string>();
  private readonly host = new HostStateTracker();
  /** Devices that had DDEATH (badDevice: 'death') and no DBIRTH since. */
  private readonly dead = new Set<string>();

  constructor(private readonly source: EdgeSource, private readonly opts: EdgeNodeOptions) {
    checkSparkplugId(opts.group, 'group');
    checkSparkplugId(opts.node, 'edge node');
    if (opts.primaryHost !== undefined) checkSparkplugId(opts.primaryHost, 'primary host');
    this.bd = new BdSeq(opts.stateDir);
    this.writable = new Set(opts.writable ?? []);
    this.log = opts.log ?? (() => undefined);
    this.catalog = new MetricCatalog(source.project, (k) => source.reading(k));
  }

  get devices(): readonly SpDevice[] {
    return this.catalog.devices;
  }

  /** The bdSeq of the current (or last) connection; null before the first. */
  get currentBdSeq(): number | null {
    return this.stats.connections > 0 || this.client ? this.bdSeq : null;
  }

  private fail(line: string): void {
    this.lastError = line;
    this.log(line);
  }

  start(): void {
    this.offReadings = this.source.onReading((r, changed) => this.onReading(r, changed));
    this.connect();
  }

  /** Publish NDEATH (with this connection's bdSeq) and disconnect; readings stop being taken. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.offReadings?.();
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    try {
      if (client?.connected) {
        this.flush(client);
        await client.publishAsync(nodeTopic(this.opts.group, 'NDEATH', this.opts.node), this.deathPayload(this.bdSeq), { qos: 1, retain: false }).catch(() => undefined);
        await client.endAsync();
      } else await client?.endAsync(true);
    } finally {
      this.opts.queue?.close();
    }
  }

  /** NBIRTH (same bdSeq) and every DBIRTH again, as for an NCMD Rebirth; nothing while not publishing. */
  rebirth(why: string): void {
    if (!this.client || (this.state !== 'online' && this.state !== 'replaying')) return;
    this.log(why);
    this.births(this.client);
  }

  private deathPayload(bdSeq: number): Buffer {
    return encodePayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', datatype: SpType.Int64, value: BigInt(bdSeq) }] });
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    const bdSeq = this.bd.take();
    const { group, node } = this.opts;
    const client = mqtt.connect(this.opts.url, {
      ...this.opts.login,
      clientId: `fb-${node.slice(0, 10)}-${randomBytes(3).toString('hex')}`,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      will: { topic: nodeTopic(group, 'NDEATH', node), payload: this.deathPayload(bdSeq), qos: 1, retain: false },
    });
    this.client = client;
    this.bdSeq = bdSeq;
    this.state = 'connecting';
    client.on('connect', () => {
      // No Nagle: a small packet after a large one (the replay's barrier) would otherwise wait for a delayed ACK.
      (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      void this.online(client).catch((e: Error) => this.fail(`births failed: ${e.message}`));
    });
    client.on('message', (topic, payload) => {
      if (this.opts.primaryHost && topic === stateTopic(this.opts.primaryHost)) this.hostState(client, payload);
      else void this.command(topic, payload);
    });
    client.on('error', (e) => this.fail(`mqtt: ${e.message}`));
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = null;
      if (this.state !== 'stopped') this.state = 'offline';
      if (this.stats.connections > 0) this.log(`offline: ${this.opts.queue ? 'storing readings until the broker is back' : 'readings are not stored (no queue)'}`);
      client.end(true);
      this.retry = setTimeout(() => this.connect(), this.opts.reconnectMs ?? 2000);
    });
  }

  /**
   * A new connection: commands (and the primary host's STATE) subscribed first, then — once the host is online, where
   * there is one — the births, then what the queue holds, then live data.
   */
  private async online(client: MqttClient): Promise<void> {
    this.stats.connections++;
    this.log(`connected to ${this.opts.url} (bdSeq ${this.bdSeq})`);
    const { group, node, primaryHost } = this.opts;
    this.state = primaryHost ? 'waiting-host' : 'birthing';
    this.host.reset();
    const topics = [nodeTopic(group, 'NCMD', node), deviceTopic(group, 'DCMD', node, '+')];
    if (primaryHost) topics.push(stateTopic(primaryHost));
    await client.subscribeAsync(topics, { qos: 1 });
    if (this.client !== client || primaryHost) return; // with a primary host, its STATE online starts the births
    await this.birthAndReplay(client);
  }

  private async birthAndReplay(client: MqttClient): Promise<void> {
    this.state = 'birthing';
    this.births(client);
    await this.replay(client);
  }

  /** The primary host's STATE: online starts the births; offline means NDEATH, disconnect, store until it is back. */
  private hostState(client: MqttClient, payload: Buffer): void {
    if (!this.host.accept(payload) || this.client !== client) return;
    if (this.host.online && this.state === 'waiting-host') {
      this.log(`primary host ${this.opts.primaryHost!} is online`);
      void this.birthAndReplay(client).catch((e: Error) => this.fail(`births failed: ${e.message}`));
    } else if (!this.host.online && this.state !== 'waiting-host') {
      this.log(`primary host ${this.opts.primaryHost!} went offline: NDEATH, disconnect, store`);
      this.state = 'offline';
      const death = client.publishAsync(nodeTopic(this.opts.group, 'NDEATH', this.opts.node), this.deathPayload(this.bdSeq), { qos: 1, retain: false });
      void death.catch(() => undefined).then(() => client.end());
    }
  }

  private nextSeq(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) % 256;
    return s;
  }

  /** NBIRTH (seq 0, bdSeq, Rebirth control) and a DBIRTH per device with every metric's current value. */
  private births(client: MqttClient): void {
    const { group, node } = this.opts;
    this.seq = 0;
    const now = Date.now();
    const nodeMetrics: SpMetric[] = [
      { name: 'bdSeq', datatype: SpType.Int64, value: BigInt(this.bdSeq), timestamp: now },
      { name: REBIRTH_METRIC, datatype: SpType.Boolean, value: false, timestamp: now },
    ];
    void this.publish(client, nodeTopic(group, 'NBIRTH', node), { timestamp: now, metrics: nodeMetrics, seq: this.nextSeq() });
    this.dead.clear();
    for (const d of this.catalog.devices) {
      // With DDEATH for bad devices, a device whose every metric is Bad is not born until one comes back.
      if (this.opts.badDevice === 'death' && this.allBad(d)) this.dead.add(d.spId);
      else this.deviceBirth(client, d, now);
    }
    this.stats.births++;
    this.pending = [];
  }

  private deviceBirth(client: MqttClient, d: SpDevice, now: number): void {
    const metrics = d.metrics.map((def) => {
      const r = this.source.reading(def.key);
      const s = r ? sampleOf(r) : undefined;
      this.lastStatus.set(def.key, s?.status ?? 'bad');
      return metricOf(def, s, { withName: true, alias: this.opts.aliases === true, quality: true });
    });
    void this.publish(client, deviceTopic(this.opts.group, 'DBIRTH', this.opts.node, d.spId), { timestamp: now, metrics, seq: this.nextSeq() });
  }

  private allBad(d: SpDevice): boolean {
    return d.metrics.every((def) => (this.source.reading(def.key)?.quality.status ?? 'bad') === 'bad');
  }

  /**
   * With `badDevice: 'death'`, live data of a device decides its life: every metric Bad -> DDEATH (and nothing more
   * for it), one back -> DBIRTH with the current values. True when the samples were covered that way.
   */
  private deviceLife(client: MqttClient, d: SpDevice): boolean {
    if (this.opts.badDevice !== 'death') return false;
    const bad = this.allBad(d);
    if (this.dead.has(d.spId)) {
      if (bad) return true;
      this.dead.delete(d.spId);
      this.deviceBirth(client, d, Date.now());
      return true;
    }
    if (!bad) return false;
    this.dead.add(d.spId);
    void this.publish(client, deviceTopic(this.opts.group, 'DDEATH', this.opts.node, d.spId), { timestamp: Date.now(), metrics: [], seq: this.nextSeq() });
    return true;
  }

  /** Publish (QoS 0, not retained, as Sparkplug wants births and data): true once written, false (logged) if not. */
  private publish(client: MqttClient, topic: string, payload: Parameters<typeof encodePayload>[0]): Promise<boolean> {
    this.stats.published++;
    return client.publishAsync(topic, encodePayload(payload), { qos: 0, retain: false }).then(
      () => true,
      (e: Error) => {
        this.fail(`${topic} not sent: ${e.message}`);
        return false;
      },
    );
  }

  /**
   * Drain the queue in order, as historical DDATA; live publishing resumes once it is empty. A batch is dropped from
   * the queue (its cursor fsynced) only once the broker has taken it (a barrier after its publishes), so a crash or a
   * lost connection never loses one; the one batch that may go out twice (a kill between the broker taking it and the
   * cursor reaching the disk) carries the same store ids again, so a host that keeps the highest id per edge node
   * drops it: every stored reading reaches it exactly once, in order.
   */
  private async replay(client: MqttClient): Promise<void> {
    const q = this.opts.queue;
    this.state = 'replaying';
    while (q && q.size() > 0) {
      if (this.client !== client || !client.connected || this.state !== 'replaying') return;
      const batch = q.peek(REPLAY_BATCH);
      const sends: Promise<boolean>[] = [];
      for (const run of runsByDevice(this.catalog, batch)) {
        // A device not born (DDEATH for Bad devices) is born before its history; its life is judged again after.
        if (this.dead.delete(run.device.spId)) this.deviceBirth(client, run.device, Date.now());
        sends.push(this.publishData(client, run.device, run.samples, true));
      }
      if (!(await Promise.all(sends)).every(Boolean)) return;
      try {
        await brokerBarrier(client, `fieldbench/barrier/${this.opts.node}`);
      } catch (e) {
        // Not confirmed: it stays stored, and goes again (same ids) on the next connection.
        return this.fail(`replay not confirmed by the broker: ${(e as Error).message}`);
      }
      q.ack(batch.length);
      this.stats.replayed += batch.length;
    }
    if (this.client === client && this.state === 'replaying') {
      this.state = 'online';
      for (const d of this.catalog.devices) this.deviceLife(client, d);
    }
  }

  private publishData(client: MqttClient, device: SpDevice, samples: (MetricSample | StoredSample)[], historical: boolean): Promise<boolean> {
    const metrics: SpMetric[] = [];
    for (const s of samples) {
      const hit = this.catalog.ofKey(s.key);
      if (!hit) continue;
      const prev = this.lastStatus.get(s.key);
      const aliases = this.opts.aliases === true;
      const storeId = historical && 'storeId' in s ? { storeId: s.storeId } : {};
      metrics.push(metricOf(hit.def, s, { withName: !aliases, alias: aliases, quality: prev !== undefined && prev !== 'good', historical, ...storeId }));
      this.lastStatus.set(s.key, s.status);
    }
    return this.publish(client, deviceTopic(this.opts.group, 'DDATA', this.opts.node, device.spId), { timestamp: Date.now(), metrics, seq: this.nextSeq() });
  }

  private onReading(r: TagReading, changed: boolean): void {
    if (!changed || !this.catalog.ofKey(r.key)) return;
    // The readings of one turn of the event loop go out together: one DDATA per device online, one append (one
    // fsync) to the queue offline.
    this.pending.push(sampleOf(r));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (this.client && this.state === 'online') this.flush(this.client);
        else this.keep(this.pending.splice(0));
      });
    }
  }

  /** Offline: into the queue when there is one (else the next births carry the current values). */
  private keep(samples: MetricSample[]): void {
    if (!samples.length || !this.opts.queue || this.state === 'stopped') return;
    this.opts.queue.append(samples);
    this.stats.stored += samples.length;
  }

  private flush(client: MqttClient): void {
    const batch = this.pending.splice(0);
    for (const run of runsByDevice(this.catalog, batch)) {
      // Live data the connection lost on the way out is kept like any reading taken offline.
      if (!this.deviceLife(client, run.device)) void this.publishData(client, run.device, run.samples, false).then((sent) => sent || this.keep(run.samples));
    }
  }

  private async command(topic: string, payload: Buffer): Promise<void> {
    const t = parseSparkplugTopic(topic);
    if (!t || t.group !== this.opts.group || t.node !== this.opts.node) return;
    let metrics: SpMetric[];
    try {
      metrics = decodePayload(payload).metrics;
    } catch (e) {
      return this.log(`${t.type} with a payload that is not Sparkplug ignored: ${(e as Error).message}`);
    }
    if (t.type === 'NCMD') {
      if (asksRebirth(metrics)) this.rebirth('rebirth requested');
    } else if (t.type === 'DCMD' && t.device !== undefined) {
      await runDeviceCommand(this.catalog, t.device, metrics, this.writable, this.source, this.log, this.opts.askOperator);
    }
  }
}

/** Consecutive samples of one device together, in order. */
function runsByDevice<S extends MetricSample>(catalog: MetricCatalog, samples: S[]): { device: SpDevice; samples: S[] }[] {
  const runs: { device: SpDevice; samples: S[] }[] = [];
  for (const s of samples) {
    const hit = catalog.ofKey(s.key);
    if (!hit) continue;
    const last = runs.at(-1);
    if (last && last.device === hit.device) last.samples.push(s);
    else runs.push({ device: hit.device, samples: [s] });
  }
  return runs;
}
