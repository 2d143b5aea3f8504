import { FieldbenchError } from '../shared/errors';
import { splitTagKey, type Device, type Project } from '../shared/project/schema';
import type { TagReading } from '../shared/schemas/tags';
import type { WriteOutcome, WritePrepareInput, WriteTicket } from '../shared/schemas/writes';
import { AuditLog } from './audit/audit-log';
import type { DeviceDriver, PreparedWrite } from './drivers/driver';
import { DriverRegistry, findDevice } from './drivers/registry';
import { EngineEvents } from './events';
import type { TrafficFrame } from './modbus/stats';
import { PageFeed } from './pipeline/page-feed';
import { TagRuntime } from './pipeline/tag-runtime';
import { WatchFeed } from './pipeline/watch-feed';
import { WriteService } from './writes/write-service';
import { opcUaEnvironmentFor, type OpcUaEnvironment } from './opcua/environment';

export interface CoreOptions {
  /** Who writes, for the audit log: "web@laptop", "cli", "gateway@edge-1". */
  writer: string;
  /** App data: the write audit log lives in <dataDir>/audit. */
  dataDir: string;
  /** Raw frames of every Modbus master, by connection id (the traffic monitor); none in hosts without one. */
  traffic?: (connectionId: string, frame: TrafficFrame) => void;
  /** How OPC UA sessions keep passwords (default: a 0600 file in the data folder) and trust servers. */
  opcua?: Partial<Omit<OpcUaEnvironment, 'dataDir'>>;
}

/** A subscriber to every tag reading, with whether it is a change by the tag's deadband (Sparkplug, the CLI, the gateway). */
export type ReadingListener = (reading: TagReading, changed: boolean) => void;

/**
 * The headless engine core every host runs — desktop app, web mode, CLI and gateway alike: the project's devices,
 * one driver per device, the one acquisition pipeline (drivers -> tag runtime -> sinks) and the one write path.
 * A host adds only the services it needs around it (a project store, traffic, scans, the contract's handlers).
 */
export class EngineCore {
  readonly events = new EngineEvents();
  private readonly drivers: DriverRegistry;
  private readonly runtime: TagRuntime;
  private readonly page: PageFeed;
  private readonly watchFeed: WatchFeed;
  private readonly writeService: WriteService;
  readonly audit: AuditLog;
  private readonly listeners = new Set<ReadingListener>();
  private doc: Project | null = null;

  constructor(opts: CoreOptions) {
    this.drivers = new DriverRegistry(this.events, opcUaEnvironmentFor(opts.dataDir, opts.opcua), opts.traffic);
    this.page = new PageFeed((frame) => this.events.emit('tags.values', frame), () => this.events.hasListeners('tags.values'));
    this.watchFeed = new WatchFeed((u) => this.events.emit('watch.update', u));
    this.runtime = new TagRuntime((device) => this.driverOrNull(device), {
      tag: (reading, changed) => {
        this.page.accept(reading);
        for (const l of this.listeners) l(reading, changed);
      },
      watch: (watchId, reading) => this.watchFeed.accept(watchId, reading),
    });
    this.audit = new AuditLog(opts.dataDir);
    this.writeService = new WriteService(this.audit, opts.writer);
  }

  get project(): Project {
    if (!this.doc) throw new FieldbenchError('internal', 'the engine has no project loaded');
    return this.doc;
  }

  /**
   * Run this project: drivers for its devices, acquisitions for its tag maps and watches. With `acquire: false` the
   * devices are there for one-off reads and writes (the CLI) and nothing polls.
   */
  load(project: Project, opts: { acquire?: boolean } = {}): void {
    this.doc = project;
    this.drivers.sync(project);
    if (opts.acquire !== false) this.runtime.sync(project);
    this.watchFeed.retain(new Set(project.watches.map((w) => w.id)));
  }

  /** Forget every transport (a project switch: counters and links start afresh), then load. */
  reload(project: Project): void {
    this.runtime.stop();
    void this.drivers.closeAll();
    this.load(project);
  }

  device(deviceId: string): { device: Device; driver: DeviceDriver } {
    const { device, connection } = findDevice(this.project, deviceId);
    return { device, driver: this.drivers.driverOf(device, connection) };
  }

  /** The Modbus master of a device's connection: raw reads, statistics, SunSpec discovery, identification. */
  modbus(deviceId: string) {
    const { device, connection } = findDevice(this.project, deviceId);
    if (device.protocol !== 'modbus') throw new FieldbenchError('invalid_input', `device "${device.name}" is ${device.protocol}, not Modbus`);
    return { device, connection, channel: this.drivers.modbusChannel(connection) };
  }

  onReading(listener: ReadingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): TagReading[] {
    return this.runtime.snapshot();
  }

  reading(key: string): TagReading | undefined {
    return this.runtime.reading(key);
  }

  follow(keys: readonly string[]): void {
    this.page.follow(keys);
  }

  scanStats() {
    return this.runtime.stats();
  }

  /** Read every tag of a device's maps once, through the same driver and pipeline as a running acquisition. */
  readOnce(deviceId: string): Promise<TagReading[]> {
    return this.runtime.readOnce(this.project, deviceId, this.device(deviceId).driver);
  }

  /** Step one of every write: the driver reads the current value and says exactly what it would send. */
  async prepareWrite(input: WritePrepareInput): Promise<WriteTicket> {
    if ('tagKey' in input) {
      const { mapId, name } = splitTagKey(input.tagKey);
      const map = this.project.tagMaps.find((m) => m.id === mapId);
      const tag = map?.tags.find((t) => t.name === name);
      if (!map || !tag) throw new FieldbenchError('not_found', `no tag "${input.tagKey}" in this project`);
      if (tag.access !== 'read-write') throw new FieldbenchError('invalid_input', `tag "${tag.name}" is read-only in its map; set its access to read-write to write it`);
      const { device, driver } = this.device(map.deviceId);
      const prepared = await driver.prepareWrite(tag.source, input.value);
      return this.writeService.hold(prepared, { device, note: input.note, tagKey: input.tagKey, fingerprint: this.fingerprint(device.id)! });
    }
    if ('nodeId' in input) {
      const { device, driver } = this.device(input.deviceId);
      const prepared = await driver.prepareWrite({ kind: 'opcua', nodeId: input.nodeId, samplingIntervalMs: -1, queueSize: 1, deadband: { kind: 'none', value: 0 } }, input.value);
      return this.writeService.hold(prepared, { device, note: input.note, fingerprint: this.fingerprint(device.id)! });
    }
    const { device, driver } = this.device(input.deviceId);
    const source = { kind: 'modbus' as const, table: input.table, address: input.address, type: input.type, order: input.order, scale: 1, offset: 0, sentinel: 'none' as const };
    const prepared = await driver.prepareWrite(source, input.value, { multiple: input.multiple });
    return this.writeService.hold(prepared, { device, note: input.note, fingerprint: this.fingerprint(device.id)! });
  }

  /** Step one of a write a protocol prepared itself (an OPC UA method call): held for confirmation like any other. */
  holdWrite(deviceId: string, prepared: PreparedWrite, note: string): WriteTicket {
    const { device } = this.device(deviceId);
    return this.writeService.hold(prepared, { device, note, fingerprint: this.fingerprint(device.id)! });
  }

  /** Step two, on the operator's explicit confirmation: audit the intent, send once, read back, audit the outcome. */
  confirmWrite(ticketId: string): Promise<WriteOutcome> {
    return this.writeService.confirm(ticketId, (id) => this.fingerprint(id));
  }

  cancelWrite(ticketId: string): boolean {
    return this.writeService.cancel(ticketId);
  }

  async close(): Promise<void> {
    this.runtime.stop();
    this.page.stop();
    await this.drivers.closeAll();
  }

  private driverOrNull(device: Device): DeviceDriver | null {
    const connection = this.project.connections.find((c) => c.id === device.connectionId);
    return connection ? this.drivers.driverOf(device, connection) : null;
  }

  /** What a write was prepared against: the device and its connection as they are now; null when gone. */
  private fingerprint(deviceId: string): string | null {
    const device = this.doc?.devices.find((d) => d.id === deviceId);
    const connection = device && this.doc?.connections.find((c) => c.id === device.connectionId);
    return device && connection ? JSON.stringify([device, connection]) : null;
  }
}
