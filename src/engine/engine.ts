import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from './app-info';
import type { EventName } from '../shared/contract';
import type { Envelope } from '../shared/errors';
import { FieldbenchError } from '../shared/errors';
import type { Connection, Project } from '../shared/project/schema';
import { ChannelRegistry, findDevice } from './devices/registry';
import { dispatch, type Handlers } from './dispatch';
import { EngineEvents } from './events';
import { newId } from './ids';
import { readDecoded } from './modbus/read';
import { ProjectStore } from './project/store';
import { WatchPoller } from './watches';

/** File dialogs belong to the host (Electron's native dialogs); web mode has none and uses the workspace folder. */
export interface HostDialogs {
  chooseProjectToOpen(): Promise<string | null>;
  chooseProjectSaveTarget(suggestedName: string): Promise<string | null>;
}

export interface EngineOptions {
  host: AppInfo['host'];
  version: string;
  /** App data: recent list, autosave recovery. */
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
  private readonly channels: ChannelRegistry;
  private readonly watches: WatchPoller;
  private readonly handlers: Handlers;

  constructor(private readonly opts: EngineOptions) {
    this.store = new ProjectStore({
      dataDir: opts.dataDir,
      workspaceDir: opts.workspaceDir,
      autosaveDelayMs: opts.autosaveDelayMs,
      onState: (s) => this.events.emit('project.state', s),
    });
    this.channels = new ChannelRegistry(this.events);
    this.watches = new WatchPoller(this.events, (w) => {
      const p = this.store.project;
      const device = p.devices.find((d) => d.id === w.deviceId);
      const connection = device && p.connections.find((c) => c.id === device.connectionId);
      return device && connection ? { channel: this.channels.channelFor(connection), unitId: device.unitId } : null;
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
    this.watches.stopAll();
    this.channels.closeAll();
    await this.store.flush();
  }

  /** Internal: used by the handlers. */
  update(change: (p: Project) => Project): Project {
    const p = this.store.update(change);
    this.afterProjectChange();
    return p;
  }

  afterProjectChange(): void {
    const p = this.store.project;
    this.watches.sync(p.watches);
    this.events.emit('devices.changed', { connections: p.connections, devices: p.devices });
  }

  channelForDevice(deviceId: string) {
    const p = this.store.project;
    const { device, connection } = findDevice(p.devices, p.connections, deviceId);
    return { device, channel: this.channels.channelFor(connection) };
  }

  releaseConnection(connection: Connection): void {
    this.channels.release(connection);
  }

  newId = newId;
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

function createHandlers(engine: Engine): Handlers {
  const store = engine.store;
  const dialogs = () => {
    const d = engine.options.dialogs;
    if (!d) throw new FieldbenchError('unsupported', 'file dialogs exist only in the desktop app; in web mode pick a project from the workspace folder');
    return d;
  };
  return {
    'app.info': async () => ({
      name: 'Fieldbench',
      version: engine.options.version,
      host: engine.options.host,
      platform: process.platform,
      simulator: engine.options.simulator ?? null,
    }),

    'devices.list': async () => ({ connections: store.project.connections, devices: store.project.devices }),

    'devices.addTcp': async (input) => {
      const p = store.project;
      if (p.devices.some((d) => d.name === input.name)) throw new FieldbenchError('already_exists', `a device named "${input.name}" already exists`);
      let connection = p.connections.find((c) => c.kind === 'tcp' && c.host === input.host && c.port === input.port);
      const newConnection = !connection;
      if (!connection) connection = { kind: 'tcp', id: newId('conn'), name: `${input.host}:${input.port}`, host: input.host, port: input.port, timeoutMs: input.timeoutMs, maxInFlight: 1 };
      if (p.devices.some((d) => d.connectionId === connection!.id && d.unitId === input.unitId)) {
        throw new FieldbenchError('already_exists', `unit ${input.unitId} at ${input.host}:${input.port} is already in this project`);
      }
      const device = { id: newId('dev'), name: input.name, protocol: 'modbus' as const, connectionId: connection.id, unitId: input.unitId };
      const conn = connection;
      engine.update((doc) => ({ ...doc, connections: newConnection ? [...doc.connections, conn] : doc.connections, devices: [...doc.devices, device] }));
      return { device, connection: conn };
    },

    'devices.remove': async ({ deviceId }) => {
      const p = store.project;
      const device = p.devices.find((d) => d.id === deviceId);
      if (!device) throw new FieldbenchError('not_found', `no device with id "${deviceId}"`);
      const orphan = !p.devices.some((d) => d.id !== deviceId && d.connectionId === device.connectionId);
      engine.update((doc) => ({
        ...doc,
        devices: doc.devices.filter((d) => d.id !== deviceId),
        connections: orphan ? doc.connections.filter((c) => c.id !== device.connectionId) : doc.connections,
        watches: doc.watches.filter((w) => w.deviceId !== deviceId),
        tagMaps: doc.tagMaps.filter((m) => m.deviceId !== deviceId),
      }));
      const connection = p.connections.find((c) => c.id === device.connectionId);
      if (orphan && connection) engine.releaseConnection(connection);
      return {};
    },

    'modbus.read': async (input) => {
      const { device, channel } = engine.channelForDevice(input.deviceId);
      return readDecoded(channel, device.id, { unitId: device.unitId, ...input });
    },

    'watches.list': async () => store.project.watches,

    'watches.add': async (input) => {
      engine.channelForDevice(input.deviceId); // the device must exist
      const watch = { id: newId('watch'), ...input };
      engine.update((doc) => ({ ...doc, watches: [...doc.watches, watch] }));
      return watch;
    },

    'watches.remove': async ({ watchId }) => {
      if (!store.project.watches.some((w) => w.id === watchId)) throw new FieldbenchError('not_found', `no watch with id "${watchId}"`);
      engine.update((doc) => ({ ...doc, watches: doc.watches.filter((w) => w.id !== watchId) }));
      return {};
    },

    'project.state': async () => store.state,

    'project.new': async ({ name }) => {
      const s = await store.newProject(name);
      engine.afterProjectChange();
      return s;
    },

    'project.open': async ({ source }) => {
      let file: string | null;
      if (source.kind === 'dialog') file = await dialogs().chooseProjectToOpen();
      else if (source.kind === 'recent') file = await store.recent.pathOf(source.id);
      else file = store.workspacePath(source.name);
      if (source.kind === 'recent' && !file) throw new FieldbenchError('not_found', 'that recent project is no longer in the list');
      if (!file) throw new FieldbenchError('cancelled', 'no file chosen');
      const s = await store.open(file);
      engine.afterProjectChange();
      return s;
    },

    'project.save': async () => store.save(),

    'project.saveAs': async ({ target }) => {
      const file = target.kind === 'dialog' ? await dialogs().chooseProjectSaveTarget(store.project.name) : store.workspacePath(target.name);
      if (!file) throw new FieldbenchError('cancelled', 'no file chosen');
      return store.saveAs(file);
    },

    'project.recent': async () => store.recent.list(),

    'project.workspace': async () => ({ dir: store.workspaceDir, files: await store.workspaceFiles() }),
  };
}
