import type { Project, Tag } from '../../shared/project/schema';
import { codecOf } from '../../shared/project/schema';
import type { TagCodecSpec } from '../../shared/codec/spec';
import { tagWidth } from '../../shared/codec/spec';
import type { Quality } from '../../shared/quality';
import type { TagReading } from '../../shared/schemas/tags';
import { packReadings } from '../../shared/schemas/tag-frame';
import type { EngineEvents } from '../events';
import type { PduChannel } from '../modbus/read';
import { TagPoller, type PolledTag, type RawReading, type ScanStats } from '../modbus/tag-poller';
import { decodeForReading } from './tag-decoder';

interface TagEntry {
  key: string;
  mapId: string;
  deviceId: string;
  tag: Tag;
  spec: TagCodecSpec;
  sfKey?: string;
}

interface DevicePoller {
  fingerprint: string;
  poller: TagPoller;
  entries: Map<string, TagEntry>;
}

export function tagKey(mapId: string, name: string): string {
  return `${mapId}/${name}`;
}

const NO_SCALE_FACTOR: Quality = Object.freeze({ status: 'bad', reason: 'its scale factor register could not be read' }) as Quality;

/** How long a follow lasts without being renewed. */
export const FOLLOW_TTL_MS = 15_000;
/** Older readings one batch carries at most (8 followed tags at 50 ms over a late batch). */
const MAX_EARLIER = 400;

const sfKeyOf = (unitId: number, table: string, address: number) => `sf:${unitId}:${table}:${address}`;

/**
 * Runs every tag map of the project: one poller per device, readings decoded with the shared codec, the latest
 * value of every tag kept for snapshots, and updates sent out in batches (every 200 ms, packed in columns) rather
 * than one by one.
 */
export class TagRuntime {
  private readonly devices = new Map<string, DevicePoller>();
  private readonly latest = new Map<string, TagReading>();
  private readonly sfLatest = new Map<string, number>();
  /** Readings waiting for the next batch: only the newest per tag, since a batch is a snapshot, not a history. */
  private pending = new Map<string, TagReading>();
  /** Older readings of this batch for followed tags (a page's trend chart), oldest first. */
  private earlier: TagReading[] = [];
  /** Tags a page follows closely, until when (ms): their every reading goes out, not only each batch's newest. */
  private readonly followed = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: EngineEvents,
    private readonly channelFor: (deviceId: string) => { unitId: number; channel: PduChannel } | null,
    private readonly batchMs = 200,
  ) {}

  sync(project: Project): void {
    const byDevice = new Map<string, TagEntry[]>();
    for (const map of project.tagMaps) {
      for (const tag of map.tags) {
        const list = byDevice.get(map.deviceId) ?? [];
        list.push({ key: tagKey(map.id, tag.name), mapId: map.id, deviceId: map.deviceId, tag, spec: codecOf(tag) });
        byDevice.set(map.deviceId, list);
      }
    }
    for (const [deviceId, d] of this.devices) {
      if (!byDevice.has(deviceId)) {
        d.poller.stop();
        this.devices.delete(deviceId);
      }
    }
    for (const [deviceId, entries] of byDevice) {
      const target = this.channelFor(deviceId);
      if (!target) continue;
      const fingerprint = JSON.stringify([target.unitId, entries.map((e) => [e.key, e.tag])]);
      const existing = this.devices.get(deviceId);
      if (existing?.fingerprint === fingerprint) continue;
      existing?.poller.stop();
      const polled: PolledTag[] = [];
      const sfSeen = new Set<string>();
      for (const e of entries) {
        polled.push({ key: e.key, unitId: target.unitId, table: e.tag.table, address: e.tag.address, width: tagWidth(e.spec), scanClassMs: e.tag.scanClassMs });
        if (e.spec.sfAddress !== undefined) {
          e.sfKey = sfKeyOf(target.unitId, e.tag.table, e.spec.sfAddress);
          if (!sfSeen.has(e.sfKey)) {
            sfSeen.add(e.sfKey);
            polled.push({ key: e.sfKey, unitId: target.unitId, table: e.tag.table, address: e.spec.sfAddress, width: 1, scanClassMs: e.tag.scanClassMs });
          }
        }
      }
      const map = new Map(entries.map((e) => [e.key, e]));
      const poller = new TagPoller(target.channel, polled, (readings) => this.onReadings(map, readings));
      this.devices.set(deviceId, { fingerprint, poller, entries: map });
      poller.start();
    }
    const live = new Set([...byDevice.values()].flat().map((e) => e.key));
    for (const k of this.latest.keys()) if (!live.has(k)) this.latest.delete(k);
  }

  /**
   * Send every reading of these tags, not only the newest per batch, for the next `ttlMs` (pages renew while their
   * trend shows them; the set is the union over pages, so one page cannot take another's away).
   */
  follow(keys: readonly string[], ttlMs = FOLLOW_TTL_MS): void {
    const until = Date.now() + ttlMs;
    for (const k of keys) this.followed.set(k, Math.max(until, this.followed.get(k) ?? 0));
  }

  snapshot(): TagReading[] {
    return [...this.latest.values()];
  }

  stats(): { deviceId: string; scanClasses: ScanStats[] }[] {
    return [...this.devices].map(([deviceId, d]) => ({ deviceId, scanClasses: d.poller.stats() }));
  }

  stop(): void {
    for (const d of this.devices.values()) d.poller.stop();
    this.devices.clear();
    if (this.timer) clearTimeout(this.timer);
  }

  /** A followed tag's reading about to be replaced in the batch goes to the trail instead of away. */
  private keepEarlier(key: string): void {
    const until = this.followed.get(key);
    if (until === undefined) return;
    if (until < Date.now()) {
      this.followed.delete(key);
      return;
    }
    const prev = this.pending.get(key);
    if (prev && this.earlier.length < MAX_EARLIER) this.earlier.push(prev);
  }

  private onReadings(entries: Map<string, TagEntry>, readings: RawReading[]): void {
    for (const r of readings) if (r.key.startsWith('sf:') && r.raw) this.sfLatest.set(r.key, r.raw[0]!);
    for (const r of readings) {
      const e = entries.get(r.key);
      if (!e) continue;
      // One object literal per reading (no spreads): this runs for every tag on every scan.
      let value: TagReading['value'] = null;
      let label: string | undefined;
      let quality = r.quality;
      if (r.raw) {
        const sf = e.sfKey ? this.sfLatest.get(e.sfKey) : undefined;
        if (e.sfKey && sf === undefined) quality = NO_SCALE_FACTOR;
        else ({ value, label, quality } = decodeForReading(r.raw, e.spec, sf));
      }
      const reading: TagReading = { key: e.key, mapId: e.mapId, deviceId: e.deviceId, name: e.tag.name, value, units: e.tag.units, raw: r.raw ?? [], quality, receivedAt: r.receivedAt };
      if (label !== undefined) reading.label = label;
      this.latest.set(e.key, reading);
      if (this.followed.size) this.keepEarlier(e.key);
      this.pending.set(e.key, reading);
    }
    if (!this.timer && this.pending.size) {
      this.timer = setTimeout(() => {
        this.timer = null;
        const frame = packReadings(this.pending.values(), this.earlier);
        this.pending.clear();
        this.earlier = [];
        this.events.emit('tags.values', frame);
      }, this.batchMs);
      this.timer.unref?.();
    }
  }
}
