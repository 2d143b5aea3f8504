import path from 'node:path';
import type { EdgeSettings, EdgeStatus, PendingCommand } from '../../shared/contract/sparkplug';
import { FieldbenchError } from '../../shared/errors';
import type { WriteOutcome } from '../../shared/schemas/writes';
import type { BrokerService } from '../broker/broker-service';
import type { EngineCore } from '../core';
import { EdgeNode } from './edge-node';
import type { SparkplugSettingsStore } from './settings-store';
import { DiskQueue } from './store/disk-queue';
import type { PemReader } from '../project/workspace-file';

/** Lines of the edge node's log the status carries. */
const LOG_LINES = 20;

interface Running {
  node: EdgeNode;
  queue: DiskQueue;
  settings: EdgeSettings;
  url: string;
  /** Publishing to the embedded broker: restarted with the broker's new login when the broker is. */
  embedded: boolean;
}

/**
 * The app's Sparkplug edge node: the EdgeNode of the CLI and the gateway on the engine's core (the open project's
 * devices and tags), started and stopped on request, with its store-and-forward queue and bdSeq under
 * <data>/sparkplug/<group>/<node>. A DCMD to a tag that is not pre-authorised waits here for the operator.
 */
export class EdgeService {
  private running: Running | null = null;
  private last: { settings: EdgeSettings; url: string; node: EdgeNode } | null = null;
  private readonly lines: string[] = [];
  /** What the queue held when the edge node stopped (it stays on disk for the next start). */
  private leftInQueue = 0;
  private readonly pending = new Map<string, PendingCommand>();

  constructor(
    private readonly core: EngineCore,
    private readonly broker: BrokerService,
    private readonly store: SparkplugSettingsStore,
    /** The CA file the page names, read from the workspace folder. */
    private readonly readPem: PemReader,
  ) {}

  async start(settings: EdgeSettings, password: string | undefined): Promise<void> {
    if (this.running) throw new FieldbenchError('already_exists', `the edge node ${this.running.settings.group}/${this.running.settings.node} runs already; stop it first`);
    const project = this.core.project;
    this.store.setPassword('edge', password);
    this.store.save(project, { edge: settings });
    this.launch(settings);
  }

  private launch(settings: EdgeSettings): void {
    let url: string;
    let login: { username?: string; password?: string; ca?: string } = {};
    if (settings.brokerUrl === null) {
      const own = this.broker.login();
      if (!own) throw new FieldbenchError('invalid_input', 'the embedded broker is not running: start it first, or give the URL of another broker');
      url = own.url;
      login = { username: own.username, password: own.password };
    } else {
      url = settings.brokerUrl;
      if (settings.username !== null) login.username = settings.username;
      const pw = this.store.password('edge');
      if (pw !== undefined) login.password = pw;
      if (settings.caFile !== null) login.ca = this.readPem(settings.caFile, 'CA file');
    }
    const dir = path.join(this.store.dir, settings.group, settings.node);
    const queue = new DiskQueue(path.join(dir, 'queue'), {
      maxBytes: settings.storeMaxMb * 1024 * 1024,
      onDrop: (n) => this.note(`store full: dropped the ${n} oldest stored readings`),
    });
    const keys = new Set(this.core.project.tagMaps.flatMap((m) => m.tags.map((t) => `${m.id}/${t.name}`)));
    let node: EdgeNode;
    try {
      node = new EdgeNode(this.core, {
        url,
        login,
        group: settings.group,
        node: settings.node,
        ...(settings.primaryHost !== null ? { primaryHost: settings.primaryHost } : {}),
        aliases: settings.aliases,
        badDevice: settings.badDevice,
        writable: settings.writable.filter((k) => keys.has(k)),
        askOperator: (ticket, device, metric) => this.pending.set(ticket.ticketId, { ticket, device, metric, at: Date.now() }),
        queue,
        stateDir: dir,
        log: (line) => this.note(line),
      });
    } catch (err) {
      queue.close();
      throw err;
    }
    if (!node.devices.length) {
      queue.close();
      throw new FieldbenchError('invalid_input', 'the open project has no tags to publish: add a device and its tags first');
    }
    node.start();
    this.note(`edge node ${settings.group}/${settings.node}: ${node.devices.length} devices, publishing to ${url}; ${queue.size()} stored readings to forward`);
    this.running = { node, queue, settings, url, embedded: settings.brokerUrl === null };
    this.last = { settings, url, node };
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = null;
    for (const id of this.pending.keys()) this.core.cancelWrite(id);
    this.pending.clear();
    if (r) {
      this.leftInQueue = r.queue.size();
      await r.node.stop();
      this.note('stopped: NDEATH sent');
    }
  }

  /** The embedded broker started again (new login): an edge node publishing to it reconnects with it. */
  async brokerStarted(): Promise<void> {
    const r = this.running;
    if (!r?.embedded) return;
    await this.stop();
    this.launch(r.settings);
  }

  /** The project's devices or tags changed: a running edge node is reborn with the new metrics (NDEATH, then births). */
  async projectChanged(): Promise<void> {
    const r = this.running;
    if (!r) return;
    await this.stop();
    try {
      this.launch(r.settings);
    } catch (err) {
      this.note(`not restarted: ${(err as Error).message}`);
    }
  }

  /** Births again (a bridge's upstream just connected and has not seen them: its host would ignore the data). */
  rebirth(why: string): void {
    this.running?.node.rebirth(why);
  }

  /** The operator's answer to a waiting DCMD write. */
  async answer(ticketId: string, confirm: boolean): Promise<WriteOutcome | null> {
    const p = this.pending.get(ticketId);
    if (!p) throw new FieldbenchError('not_found', 'no DCMD write waits with that ticket (answered, or expired)');
    this.pending.delete(ticketId);
    if (!confirm) {
      this.core.cancelWrite(ticketId);
      this.note(`DCMD ${p.device}/${p.metric} refused by the operator`);
      return null;
    }
    const outcome = await this.core.confirmWrite(ticketId);
    this.note(`DCMD wrote ${p.device}/${p.metric} (${outcome.result}) on the operator's confirmation`);
    return outcome;
  }

  pendingCommands(): PendingCommand[] {
    const now = Date.now();
    for (const [id, p] of this.pending) if (p.ticket.expiresAt <= now) this.pending.delete(id);
    return [...this.pending.values()];
  }

  status(): EdgeStatus {
    const r = this.running;
    const l = this.last;
    const node = r?.node ?? l?.node ?? null;
    const stats = node?.stats ?? { connections: 0, births: 0, published: 0, stored: 0, replayed: 0 };
    return {
      state: r ? r.node.state : 'stopped',
      url: l?.url ?? null,
      group: l?.settings.group ?? null,
      node: l?.settings.node ?? null,
      bdSeq: node?.currentBdSeq ?? null,
      ...stats,
      queueDepth: r ? r.queue.size() : this.leftInQueue,
      devices: node?.devices.length ?? 0,
      metrics: node?.devices.reduce((n, d) => n + d.metrics.length, 0) ?? 0,
      lastError: node?.lastError ?? null,
      log: [...this.lines],
    };
  }

  private note(line: string): void {
    this.lines.push(`${new Date().toISOString().slice(11, 19)} ${line}`);
    if (this.lines.length > LOG_LINES) this.lines.shift();
  }
}
