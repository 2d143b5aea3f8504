import type { Project, Tag } from '../../shared/project/schema';
import { tagKey } from '../../shared/project/schema';
import type { TagReading } from '../../shared/schemas/tags';
import { spTypeOfTag, type SpType } from './datatypes';

/** One tag as a Sparkplug metric of a device. */
export interface MetricDef {
  key: string;
  tag: Tag;
  /** The metric name: the tag's ISA-95 path, or its name; the map name in front where two maps of a device clash. */
  name: string;
  /** Unique in the edge node (1, 2, ...): used where aliases are on, in births beside the name and alone after. */
  alias: bigint;
  /** Fixed at the first birth (for sources that carry no type, from the value then) and kept for the session. */
  datatype: SpType;
}

export interface SpDevice {
  deviceId: string;
  /** The Sparkplug device id: the device's name with + / # replaced by _, made unique. */
  spId: string;
  metrics: MetricDef[];
}

function cleanId(name: string): string {
  const s = name.normalize('NFC').replace(/[+/#\u0000]/g, '_').trim();
  return s.length ? s : 'device';
}

/** A project's devices as Sparkplug devices (one project device = one Sparkplug device), every tag a metric. */
export class MetricCatalog {
  readonly devices: SpDevice[] = [];
  private readonly byKey = new Map<string, { device: SpDevice; def: MetricDef }>();

  constructor(project: Project, current: (key: string) => TagReading | undefined) {
    const used = new Set<string>();
    let alias = 1n;
    for (const d of project.devices) {
      let spId = cleanId(d.name);
      for (let i = 2; used.has(spId); i++) spId = `${cleanId(d.name)}_${i}`;
      used.add(spId);
      const device: SpDevice = { deviceId: d.id, spId, metrics: [] };
      const names = new Set<string>();
      for (const map of project.tagMaps.filter((m) => m.deviceId === d.id)) {
        for (const tag of map.tags) {
          const key = tagKey(map.id, tag.name);
          let name = tag.path || tag.name;
          if (names.has(name)) name = `${map.name}/${name}`;
          names.add(name);
          const def: MetricDef = { key, tag, name, alias: alias++, datatype: spTypeOfTag(tag, current(key)?.value) };
          device.metrics.push(def);
          this.byKey.set(key, { device, def });
        }
      }
      if (device.metrics.length) this.devices.push(device);
    }
  }

  ofKey(key: string): { device: SpDevice; def: MetricDef } | undefined {
    return this.byKey.get(key);
  }

  ofDevice(spId: string): SpDevice | undefined {
    return this.devices.find((d) => d.spId === spId);
  }
}
