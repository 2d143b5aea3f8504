import type { Device, Project, Tag, Watch } from '../../shared/project/schema';
import { tagKey } from '../../shared/project/schema';
import type { TagReading } from '../../shared/schemas/tags';
import type { Acquisition, AcquireItem, DeviceDriver, ScanClassStats, SourceReading } from '../drivers/driver';
import { isChange } from './change-filter';
import { WATCH_KEY_PREFIX, watchKey } from './watch-feed';

/** What a reading is for: a tag of a map, or a watched register range. */
type Target = { kind: 'tag'; mapId: string; deviceId: string; tag: Tag } | { kind: 'watch'; watch: Watch };

interface Running {
  driver: DeviceDriver;
  /** The parts of the project this acquisition was built from; compared by identity, never serialised. */
  maps: readonly object[];
  watches: readonly object[];
  acquisition: Acquisition;
}

/** Where readings go after the runtime: the page, watch updates, and any number of subscribers (Sparkplug, the CLI). */
export interface ReadingSinks {
  tag(reading: TagReading, changed: boolean): void;
  watch(watchId: string, reading: SourceReading): void;
}

/**
 * The one pipeline from drivers to sinks. For each device it hands the driver every item to acquire (the tags of its
 * maps and its register watches), and turns what comes back into tag readings: one latest value per tag, a change
 * flag by the tag's deadband, then the sinks. It knows nothing of any protocol.
 */
export class TagRuntime {
  private readonly running = new Map<string, Running>();
  private readonly targets = new Map<string, Target>();
  private readonly latest = new Map<string, TagReading>();
  /** The last reading reported as a change, per tag: what the deadband is measured from. */
  private readonly published = new Map<string, TagReading>();

  constructor(
    private readonly driverOf: (device: Device) => DeviceDriver | null,
    private readonly sinks: ReadingSinks,
  ) {}

  /** Make the running acquisitions match the project. A device whose maps, watches and driver are unchanged keeps running. */
  sync(project: Project): void {
    const byDevice = new Map<string, { maps: Project['tagMaps']; watches: Watch[] }>();
    const entry = (id: string) => {
      let e = byDevice.get(id);
      if (!e) byDevice.set(id, (e = { maps: [], watches: [] }));
      return e;
    };
    for (const m of project.tagMaps) if (m.tags.length) entry(m.deviceId).maps.push(m);
    for (const w of project.watches) entry(w.deviceId).watches.push(w);

    for (const [deviceId, r] of this.running) {
      if (!byDevice.has(deviceId)) this.stopDevice(deviceId, r);
    }
    const devices = new Map(project.devices.map((d) => [d.id, d]));
    for (const [deviceId, want] of byDevice) {
      const device = devices.get(deviceId);
      const driver = device ? this.driverOf(device) : null;
      const existing = this.running.get(deviceId);
      if (existing && existing.driver === driver && sameRefs(existing.maps, want.maps) && sameRefs(existing.watches, want.watches)) continue;
      if (existing) this.stopDevice(deviceId, existing);
      if (!driver) continue;
      const items: AcquireItem[] = [];
      for (const m of want.maps) {
        for (const tag of m.tags) {
          const key = tagKey(m.id, tag.name);
          this.targets.set(key, { kind: 'tag', mapId: m.id, deviceId, tag });
          items.push({ key, tag });
        }
      }
      for (const w of want.watches) {
        const key = watchKey(w.id);
        this.targets.set(key, { kind: 'watch', watch: w });
        items.push({ key, tag: watchTag(w), rawRange: { count: w.count } });
      }
      const acquisition = driver.acquire(items, (readings) => this.ingest(readings));
      this.running.set(deviceId, { driver, maps: want.maps, watches: want.watches, acquisition });
    }
    const live = new Set(this.targets.keys());
    for (const k of this.latest.keys()) if (!live.has(k)) this.latest.delete(k);
    for (const k of this.published.keys()) if (!live.has(k)) this.published.delete(k);
  }

  snapshot(): TagReading[] {
    return [...this.latest.values()];
  }

  reading(key: string): TagReading | undefined {
    return this.latest.get(key);
  }

  stats(): { deviceId: string; scanClasses: ScanClassStats[] }[] {
    return [...this.running].map(([deviceId, r]) => ({ deviceId, scanClasses: r.acquisition.stats() }));
  }

  stop(): void {
    for (const [id, r] of this.running) this.stopDevice(id, r);
  }

  private stopDevice(deviceId: string, r: Running): void {
    r.acquisition.stop();
    this.running.delete(deviceId);
    for (const [k, t] of this.targets) {
      if ((t.kind === 'tag' && t.deviceId === deviceId) || (t.kind === 'watch' && t.watch.deviceId === deviceId)) this.targets.delete(k);
    }
  }

  /** Read every tag of one device's maps once (the CLI, checks): the same items and readings as a running acquisition. */
  async readOnce(project: Project, deviceId: string, driver: DeviceDriver): Promise<TagReading[]> {
    const targets = new Map<string, Target & { kind: 'tag' }>();
    const items: AcquireItem[] = [];
    for (const m of project.tagMaps) {
      if (m.deviceId !== deviceId) continue;
      for (const tag of m.tags) {
        const key = tagKey(m.id, tag.name);
        targets.set(key, { kind: 'tag', mapId: m.id, deviceId, tag });
        items.push({ key, tag });
      }
    }
    const out: TagReading[] = [];
    for (const r of await driver.readOnce(items)) {
      const t = targets.get(r.key);
      if (t) out.push(toReading(t, r));
    }
    return out;
  }

  private ingest(readings: readonly SourceReading[]): void {
    for (const r of readings) {
      const t = this.targets.get(r.key);
      if (!t) continue; // a late reading of something no longer acquired
      if (t.kind === 'watch') {
        this.sinks.watch(t.watch.id, r);
        continue;
      }
      const reading = toReading(t, r);
      this.latest.set(r.key, reading);
      const changed = isChange(this.published.get(r.key), reading, t.tag.deadband);
      if (changed) this.published.set(r.key, reading);
      this.sinks.tag(reading, changed);
    }
  }
}

/** A driver's reading as the pipeline hands it on. One object literal (no spreads): this runs for every tag on every scan. */
function toReading(t: Target & { kind: 'tag' }, r: SourceReading): TagReading {
  const reading: TagReading = { key: r.key, mapId: t.mapId, deviceId: t.deviceId, name: t.tag.name, value: r.value, units: t.tag.units, quality: r.quality, receivedAt: r.receivedAt };
  if (r.raw) reading.raw = r.raw;
  if (r.label !== undefined) reading.label = r.label;
  if (r.sourceTimestamp !== undefined) reading.sourceTimestamp = r.sourceTimestamp;
  return reading;
}

function sameRefs(a: readonly object[], b: readonly object[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A watch as an acquisition item: its range as a Modbus source, read as raw words. */
function watchTag(w: Watch): Tag {
  return {
    name: `${WATCH_KEY_PREFIX}${w.id}`,
    path: '',
    source: { kind: 'modbus', table: w.table, address: w.address, type: 'uint16', order: 'ABCD', scale: 1, offset: 0, sentinel: 'none' },
    units: '',
    access: 'read',
    deadband: 0,
    scanClassMs: w.intervalMs,
    description: '',
  };
}
