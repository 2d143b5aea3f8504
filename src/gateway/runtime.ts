import path from 'node:path';
import { EngineCore } from '../engine/core';
import { EdgeNode } from '../engine/sparkplug/edge-node';
import { tagKey } from '../shared/project/schema';
import { DiskQueue } from '../engine/sparkplug/store/disk-queue';
import { firstReadings } from './first-readings';
import { startHealthServer, type HealthServer } from './health-server';
import { projectOf, type LoadedConfig } from './load-config';
import type { Logger } from './logger';
import { openBroker, type BrokerLink } from './northbound';
import { opcUaCertificate, opcUaPassword, startOpcUaServer, type GatewayOpcUaServer } from './opcua-server';
import { SourceHealth } from './source-health';
import { Watchdog } from './watchdog';

/**
 * The headless gateway: the engine core on the config's devices and tags, a Sparkplug B edge node with
 * store-and-forward on disk (to the embedded broker when none is given), the watchdog heartbeat, and the health
 * endpoint. Started in that order; stopped in the reverse one, NDEATH first.
 */
export class GatewayRuntime {
  private readonly startedAt = Date.now();
  private stopped = false;

  private constructor(
    private readonly loaded: LoadedConfig,
    private readonly log: Logger,
    private readonly core: EngineCore,
    private readonly broker: BrokerLink,
    private readonly queue: DiskQueue,
    private readonly edge: EdgeNode,
    private readonly sources: SourceHealth,
    private readonly watchdog: Watchdog | null,
    private health: HealthServer | null,
    private opcuaServer: GatewayOpcUaServer | null = null,
  ) {}

  static async start(loaded: LoadedConfig, log: Logger): Promise<GatewayRuntime> {
    const { config } = loaded;
    const storeDir = loaded.resolve(config.store.dir);
    const broker = await openBroker(loaded, storeDir, (line) => log.warn('broker', { message: line }));
    if (broker.embedded) log.info('broker.started', { url: broker.url, port: broker.embedded.port, loginFile: broker.loginFile ?? 'northbound.credentials' });
    const core = new EngineCore({ writer: `gateway@${config.northbound.node}`, dataDir: storeDir });
    const sources = new SourceHealth(core, config);
    core.load(projectOf(config));
    const queue = new DiskQueue(path.join(storeDir, 'queue'), {
      maxBytes: config.store.maxMb * 1024 * 1024,
      onDrop: (n) => log.warn('store.full', { dropped: n }),
    });
    // The edge node (its metric catalog types each tag) and its births wait for a first reading of every tag, bounded:
    // the births carry values, and OPC UA / CIP tags, which have no type in the project, are typed from them.
    const missing = await firstReadings(core, config.tagMaps.flatMap((m) => m.tags.map((t) => tagKey(m.id, t.name))));
    if (missing.length) log.warn('sparkplug', { message: `${missing.length} tags without a first reading yet; born without a value: ${missing.slice(0, 5).join(', ')}` });
    const nb = config.northbound;
    const edge = new EdgeNode(core, {
      url: broker.url,
      login: broker.login,
      group: nb.group,
      node: nb.node,
      ...(nb.primaryHost ? { primaryHost: nb.primaryHost } : {}),
      badDevice: nb.badDevice,
      aliases: nb.aliases,
      writable: config.writes.authorised,
      queue,
      stateDir: storeDir,
      log: (message) => log.info('sparkplug', { message }),
    });
    edge.start();
    const watchdog = config.watchdog ? new Watchdog(core, config.watchdog, log) : null;
    watchdog?.start();
    const rt = new GatewayRuntime(loaded, log, core, broker, queue, edge, sources, watchdog, null);
    try {
      const ua = config.opcuaServer;
      if (ua) {
        rt.opcuaServer = await startOpcUaServer(core, config, ua, { pkiDir: path.join(storeDir, 'opcua-pki'), password: opcUaPassword(ua, loaded.resolve), certificate: opcUaCertificate(ua, loaded.resolve) });
        log.info('opcua.started', { url: rt.opcuaServer.url, variables: rt.opcuaServer.variables, securityModes: ua.securityModes.join(','), anonymous: ua.allowAnonymous });
      }
      rt.health = await startHealthServer({ ...config.health, warn: (message) => log.warn('health', { message }) }, () => rt.status());
    } catch (e) {
      await rt.stop();
      throw e;
    }
    log.info('gateway.started', {
      config: loaded.file,
      devices: config.devices.length,
      tags: config.tagMaps.reduce((n, m) => n + m.tags.length, 0),
      broker: broker.url,
      group: nb.group,
      node: nb.node,
      healthUrl: `http://${rt.health.host}:${rt.health.port}/health`,
      opcuaUrl: rt.opcuaServer?.url,
      stored: queue.size(),
    });
    return rt;
  }

  status() {
    const edge = this.edge;
    return {
      ok: !this.stopped && edge.state === 'online' && this.sources.allGood(),
      name: this.loaded.config.name,
      uptimeMs: Date.now() - this.startedAt,
      sparkplug: { state: edge.state, broker: this.broker.url, group: this.loaded.config.northbound.group, node: this.loaded.config.northbound.node, ...edge.stats },
      queue: { depth: this.stopped ? null : this.queue.size(), bytes: this.stopped ? null : this.queue.bytes() },
      sources: this.sources.sources(),
      scan: this.core.scanStats(),
      ...(this.watchdog ? { watchdog: { ...this.watchdog.stats } } : {}),
      ...(this.opcuaServer ? { opcua: { url: this.opcuaServer.url, variables: this.opcuaServer.variables } } : {}),
    };
  }

  /** NDEATH, the queue closed on disk, every source and listener closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.watchdog?.stop();
    const depth = this.queue.size();
    await this.edge.stop();
    this.stopped = true;
    this.sources.close();
    await this.opcuaServer?.stop();
    await this.core.close();
    await this.health?.close();
    await this.broker.embedded?.close();
    this.log.info('gateway.stopped', { ndeath: true, stored: depth, published: this.edge.stats.published });
  }
}
