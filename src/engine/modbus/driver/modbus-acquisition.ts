import { tagWidth, type TagCodecSpec } from '../../../shared/codec/spec';
import { TABLE_INFO } from '../../../shared/modbus/tables';
import { codecOf, type ModbusSource } from '../../../shared/project/schema';
import { GOOD, type Quality } from '../../../shared/quality';
import type { AcquireItem, SourceReading } from '../../drivers/driver';
import { decodeForReading } from './register-decoder';
import type { PolledTag, RawReading } from '../tag-poller';

const NO_SCALE_FACTOR: Quality = Object.freeze({ status: 'bad', reason: 'its scale factor register could not be read' }) as Quality;

/** How one acquired item is read (a tag's span, or a watch's whole range) and turned into a reading. */
interface Entry {
  key: string;
  source: ModbusSource;
  spec: TagCodecSpec | null;
  sfKey?: string;
}

const sfKeyOf = (table: string, address: number) => `sf:${table}:${address}`;

/**
 * The Modbus side of acquisition: items become polled spans (plus the SunSpec scale-factor registers they need,
 * each read once), and raw readings become decoded values with the shared codec.
 */
export class ModbusItems {
  readonly polled: PolledTag[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly sfLatest = new Map<string, number>();

  constructor(unitId: number, items: readonly AcquireItem[]) {
    const sfSeen = new Set<string>();
    for (const it of items) {
      const source = it.tag.source;
      if (source.kind !== 'modbus') continue;
      if (it.rawRange) {
        this.entries.set(it.key, { key: it.key, source, spec: null });
        this.polled.push({ key: it.key, unitId, table: source.table, address: source.address, width: it.rawRange.count, scanClassMs: it.tag.scanClassMs });
        continue;
      }
      const spec = codecOf(source);
      const e: Entry = { key: it.key, source, spec };
      const width = TABLE_INFO[source.table].bits ? 1 : tagWidth(spec);
      this.polled.push({ key: it.key, unitId, table: source.table, address: source.address, width, scanClassMs: it.tag.scanClassMs });
      if (spec.sfAddress !== undefined) {
        e.sfKey = sfKeyOf(source.table, spec.sfAddress);
        if (!sfSeen.has(e.sfKey)) {
          sfSeen.add(e.sfKey);
          this.polled.push({ key: e.sfKey, unitId, table: source.table, address: spec.sfAddress, width: 1, scanClassMs: it.tag.scanClassMs });
        }
      }
      this.entries.set(it.key, e);
    }
  }

  /** Decode one scan's raw readings. Scale factors read in the same scan apply to it. */
  decode(readings: readonly RawReading[], scanMs?: number): SourceReading[] {
    for (const r of readings) if (r.raw && r.key.startsWith('sf:')) this.sfLatest.set(r.key, r.raw[0]!);
    const out: SourceReading[] = [];
    for (const r of readings) {
      const e = this.entries.get(r.key);
      if (!e) continue;
      // One object literal per reading (no spreads): this runs for every tag on every scan.
      if (!r.raw) {
        out.push({ key: e.key, value: null, quality: r.quality, receivedAt: r.receivedAt, durationMs: scanMs });
        continue;
      }
      if (!e.spec) {
        out.push({ key: e.key, value: null, quality: GOOD, raw: r.raw, receivedAt: r.receivedAt, durationMs: scanMs });
        continue;
      }
      const sf = e.sfKey ? this.sfLatest.get(e.sfKey) : undefined;
      if (e.sfKey && sf === undefined) {
        out.push({ key: e.key, value: null, quality: NO_SCALE_FACTOR, raw: r.raw, receivedAt: r.receivedAt });
        continue;
      }
      const d = decodeForReading(r.raw, e.spec, sf);
      const reading: SourceReading = { key: e.key, value: d.value, quality: d.quality, raw: r.raw, receivedAt: r.receivedAt };
      if (d.label !== undefined) reading.label = d.label;
      out.push(reading);
    }
    return out;
  }
}
