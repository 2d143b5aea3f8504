import os from 'node:os';
import type { EventName } from '../shared/contract';
import type { Envelope } from '../shared/errors';
import type { Project } from '../shared/project/schema';
import { BridgeService } from './broker/bridge-service';
import { BrokerService } from './broker/broker-service';
import { MessageFeed } from './broker/message-feed';
import { EngineCore } from './core';
import { dispatch, type Handlers } from './dispatch';
import { createHandlers } from './handlers';
import type { EngineContext } from './handlers/context';
import { newId } from './ids';
import { ScanService } from './modbus/scan';
import { opcUaEnvironmentFor } from './opcua/environment';
import type { EngineOptions } from './options';
import { ProjectStore } from './project/store';
import { PortWatcher } from './serial/port-watcher';
import { EdgeService } from './sparkplug/edge-service';
import { SparkplugSettingsStore } from './sparkplug/settings-store';
import { TrafficLog } from './traffic/traffic-log';
import { readWorkspacePem, type PemReader } from './project/workspace-file';

export { defaultDirs, type EngineOptions, type HostDialogs } from './options';

/**
 * The engine behind the contract for the interactive hosts (the desktop app and web mode): the engine core (drivers,
 * pipeline, write path) with a project store, the traffic monitor, bus scans and the serial port watcher around it.
 * Hosts call dispatch() and subscribe(); nothing else is public.
 */
export class Engine {
  private readonly core: EngineCore;
  private readonly store: ProjectStore;
  private readonly traffic: TrafficLog;
  private readonly scans: ScanService;
  private readonly ports: PortWatcher;
  private readonly broker: BrokerService;
  private readonly edge: EdgeService;
  private readonly bridge: BridgeService;
  private readonly handlers: Handlers;
  /** What the last tags.changed / tags.marks events carried, so they go out only when that part of the project changed. */
  private readonly sent: { tagMaps: Project['tagMaps'] | null; checkout: Project['checkout'] | null } = { tagMaps: null, checkout: null };
  /** The devices and maps the edge node was born with: when they change, it is reborn. */
  private published: { devices: Project['devices'] | null; tagMaps: Project['tagMaps'] | null } = { devices: null, tagMaps: null };

  constructor(private readonly opts: EngineOptions) {
    let traffic: TrafficLog | null = null;
    // A certificate trusted from the CLI counts at once in a running app. Handlers and drivers share this environment.
    const opcua = opcUaEnvironmentFor(opts.dataDir, { watchPki: true, ...(opts.secrets ? { secrets: opts.secrets } : {}) });
    this.core = new EngineCore({
      writer: `${opts.host}@${os.hostname()}`,
      dataDir: opts.dataDir,
      traffic: (id, frame) => traffic?.record(id, frame),
      opcua,
    });
    const events = this.core.events;
    this.traffic = traffic = new TrafficLog((batch) => events.emit('traffic.frames', batch), 200, () => events.hasListeners('traffic.frames'));
    this.store = new ProjectStore({
      dataDir: opts.dataDir,
      workspaceDir: opts.workspaceDir,
      autosaveDelayMs: opts.autosaveDelayMs,
      onState: (s) => events.emit('project.state', s),
    });
    this.scans = new ScanService((p) => events.emit('scan.progress', p));
    this.ports = new PortWatcher((list) => events.emit('serial.ports', list));
    this.broker = new BrokerService(opts.dataDir, new MessageFeed((batch) => events.emit('broker.messages', batch), () => events.hasListeners('broker.messages')));
    const sparkplugSettings = new SparkplugSettingsStore(opts.dataDir);
    const readPem: PemReader = (name, what) => readWorkspacePem(this.store.workspaceDir, name, what);
    this.edge = new EdgeService(this.core, this.broker, sparkplugSettings, readPem);
    const upstream = new MessageFeed((batch) => events.emit('bridge.messages', batch), () => events.hasListeners('bridge.messages'));
    // The upstream has not seen the edge node's births (a host there would ignore its data): born again for it.
    this.bridge = new BridgeService(this.broker, sparkplugSettings, () => this.store.project, upstream, readPem, () => this.edge.rebirth('rebirth: the bridge to the upstream connected'));
    const context: EngineContext = {
      options: opts,
      core: this.core,
      store: this.store,
      traffic: this.traffic,
      scans: this.scans,
      ports: this.ports,
      opcua,
      broker: this.broker,
      edge: this.edge,
      bridge: this.bridge,
      sparkplugSettings,
      update: (change) => {
        const p = this.store.update(change);
        this.afterProjectChange();
        return p;
      },
      projectSwitched: () => {
        this.core.reload(this.store.project);
        this.afterProjectChange();
      },
    };
    this.handlers = createHandlers(context);
  }

  /** Restore unsaved work, or start a first project pointed at the built-in simulator. */
  async start(): Promise<void> {
    const restored = await this.store.restoreRecovery();
    if (!restored && this.opts.simulator) await this.store.newProject('Demo plant', (p) => seedSimulator(p, this.opts.simulator!));
    this.afterProjectChange();
  }

  dispatch(name: unknown, input: unknown): Promise<Envelope<unknown>> {
    return dispatch(this.handlers, name, input);
  }

  subscribe(name: EventName, listener: (payload: unknown) => void): () => void {
    return this.core.events.onAny(name, listener);
  }

  /** Scan statistics per device and scan class (benchmarks, diagnostics). */
  scanStats() {
    return this.core.scanStats();
  }

  async close(): Promise<void> {
    this.scans.cancelAll();
    this.ports.stop();
    // NDEATH goes out while the broker still runs.
    await this.edge.stop();
    await this.bridge.stop();
    await this.broker.stop();
    await this.core.close();
    this.traffic.dispose();
    await this.store.flush();
  }

  private afterProjectChange(): void {
    const p = this.store.project;
    const events = this.core.events;
    this.core.load(p);
    events.emit('devices.changed', { connections: p.connections, devices: p.devices });
    // Pages reload every map on tags.changed, so it goes out only when the maps did change (not for a checkout mark).
    if (p.tagMaps !== this.sent.tagMaps) {
      this.sent.tagMaps = p.tagMaps;
      events.emit('tags.changed', p.tagMaps.map((m) => ({ id: m.id, deviceId: m.deviceId, name: m.name, tagCount: m.tags.length })));
    }
    if (p.devices !== this.published.devices || p.tagMaps !== this.published.tagMaps) {
      this.published = { devices: p.devices, tagMaps: p.tagMaps };
      void this.edge.projectChanged();
    }
    if (p.checkout !== this.sent.checkout) {
      this.sent.checkout = p.checkout;
      events.emit('tags.marks', p.checkout);
    }
  }
}

function seedSimulator(p: Project, sim: { host: string; port: number; unitId: number }): Project {
  const connectionId = newId('conn');
  const deviceId = newId('dev');
  return {
    ...p,
    connections: [{ kind: 'tcp', id: connectionId, name: `Simulator ${sim.host}:${sim.port}`, host: sim.host, port: sim.port, timeoutMs: 1000, maxInFlight: 1 }],
    devices: [{ id: deviceId, name: 'Demo plant (simulator)', protocol: 'modbus', connectionId, unitId: sim.unitId }],
    watches: [{ id: newId('watch'), deviceId, table: 'holding', address: 0, count: 41, intervalMs: 1000 }],
  };
}
