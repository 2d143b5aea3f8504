import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from './app-info';
import type { EventName } from '../shared/contract';
import type { Envelope } from '../shared/errors';
import type { Connection, Device, Project } from '../shared/project/schema';
import { AuditLog } from './audit/audit-log';
import { ChannelRegistry, findDevice } from './devices/registry';
import { dispatch, type Handlers } from './dispatch';
import { EngineEvents } from './events';
import { newId } from './ids';
import type { ModbusChannel } from './modbus/channel-factory';
import { ScanService } from './modbus/scan';
import { WriteService } from './modbus/write';
import { ProjectStore } from './project/store';
import { PortWatcher } from './serial/port-watcher';
import { TrafficLog } from './traffic/traffic-log';
import { WatchPoller } from './watches';
import { TagRuntime } from './tags/tag-runtime';
import { createHandlers } from './handlers';

/** File dialogs belong to the host (Electron's native dialogs); web mode has none and uses the workspace folder. */
export interface HostDialogs {
  chooseProjectToOpen(): Promise<string | null>;
  chooseProjectSaveTarget(suggestedName: string): Promise<string | null>;
}

export interface EngineOptions {
  host: AppInfo['host'];
  version: string;
  /** App data: recent list, autosave recovery, write audit log. */
  dataDir: string;
  /** Where web mode lists and saves projects by name. */
  workspaceDir: string;
  dialogs?: HostDialogs;
  /** The built-in simulator started as the default target, shown in app.info and seeded into a first project. */
  simulator?: { host: string; port: number; unitId: number } | null;
  autosaveDelayMs?: number;
}

export function defaultDirs(): { dataDir: string; workspaceDir: string } {
  const home = process.env['FIELDBENCH_HOME'] ?? path.join(os.homedir(), '.fieldbench');
  return { dataDir: path.join(home, 'data'), workspaceDir: path.join(home, 'projects') };
}

/**
 * The headless runtime behind the contract: plain Node, no Electron. Hosts (Electron main, the WebSocket
 * bridge, the CLI) call dispatch() and subscribe to events; nothing else.
 */
export class Engine {
  readonly events = new EngineEvents();
  readonly store: ProjectStore;
  readonly traffic: TrafficLog;
  readonly audit: AuditLog;
  readonly writes: WriteService;
  readonly scans: ScanService;
  readonly ports: PortWatcher;
  readonly tags: TagRuntime;
  private readonly channels: ChannelRegistry;
  private readonly watches: WatchPoller;
  private readonly handlers: Handlers;
  /** What the last tags.changed / tags.marks events carried, so they go out only when that part of the project changed. */
  private readonly sent: { tagMaps: Project['tagMaps'] | null; checkout: Project['checkout'] | null } = { tagMaps: null, checkout: null };

  constructor(private readonly opts: EngineOptions) {
    this.store = new ProjectStore({
      dataDir: opts.dataDir,
      workspaceDir: opts.workspaceDir,
      autosaveDelayMs: opts.autosaveDelayMs,
      onState: (s) => this.events.emit('project.state', s),
    });
    this.traffic = new TrafficLog((batch) => this.events.emit('traffic.frames', batch), 200, () => this.events.hasListeners('traffic.frames'));
    this.channels = new ChannelRegistry(this.events, (connectionId) => this.traffic.sink(connectionId));
    this.audit = new AuditLog(opts.dataDir);
    this.writes = new WriteService(this.audit, `${opts.host}@${os.hostname()}`);
    this.scans = new ScanService((p) => this.events.emit('scan.progress', p));
    this.ports = new PortWatcher((list) => this.events.emit('serial.ports', list));
    this.watches = new WatchPoller(this.events, (w) => {
      const p = this.store.project;
      const device = p.devices.find((d) => d.id === w.deviceId);
      const connection = device && p.connections.find((c) => c.id === device.connectionId);
      return device && connection ? { channel: this.channels.channelFor(connection), unitId: device.unitId } : null;
    });
    this.tags = new TagRuntime(this.events, (deviceId) => {
      const p = this.store.project;
      const device = p.devices.find((d) => d.id === deviceId);
      const connection = device && p.connections.find((c) => c.id === device.connectionId);
      return device && connection ? { unitId: device.unitId, channel: this.channels.channelFor(connection) } : null;
    });
    this.handlers = createHandlers(this);
  }

  get options(): Readonly<EngineOptions> {
    return this.opts;
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
    return this.events.onAny(name, listener);
  }

  async close(): Promise<void> {
    this.scans.cancelAll();
    this.ports.stop();
    this.watches.stopAll();
    this.tags.stop();
    this.channels.closeAll();
    this.traffic.dispose();
    await this.store.flush();
  }

  /** Apply a change to the project and bring pollers in line with it. */
  update(change: (p: Project) => Project): Project {
    const p = this.store.update(change);
    this.afterProjectChange();
    return p;
  }

  afterProjectChange(): void {
    const p = this.store.project;
    this.watches.sync(p.watches);
    this.tags.sync(p);
    this.events.emit('devices.changed', { connections: p.connections, devices: p.devices });
    // Pages reload every map on tags.changed, so it goes out only when the maps did change (not for a checkout mark).
    if (p.tagMaps !== this.sent.tagMaps) {
      this.sent.tagMaps = p.tagMaps;
      this.events.emit('tags.changed', p.tagMaps.map((m) => ({ id: m.id, deviceId: m.deviceId, name: m.name, tagCount: m.tags.length })));
    }
    if (p.checkout !== this.sent.checkout) {
      this.sent.checkout = p.checkout;
      this.events.emit('tags.marks', p.checkout);
    }
  }

  device(deviceId: string): { device: Device; connection: Connection; channel: ModbusChannel } {
    const p = this.store.project;
    const { device, connection } = findDevice(p.devices, p.connections, deviceId);
    return { device, connection, channel: this.channels.channelFor(connection) };
  }

  releaseConnection(connection: Connection): void {
    this.channels.release(connection);
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
