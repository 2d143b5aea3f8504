import { describe, expect, it } from 'vitest';
import type { Acquisition, AcquireItem, DeviceDriver, PreparedWrite, SourceReading } from '../../src/engine/drivers/driver';
import { TagRuntime } from '../../src/engine/pipeline/tag-runtime';
import { emptyProject, type Device, type Project, type Tag } from '../../src/shared/project/schema';
import type { TagReading } from '../../src/shared/schemas/tags';

/**
 * The pipeline after the drivers is protocol-blind, so it is tested here with a scripted driver standing in for any
 * protocol (the Modbus driver is tested against real slaves in test/integration). The driver records what it was asked
 * to acquire, and the test plays readings into the sink it was given.
 */
class ScriptedDriver implements DeviceDriver {
  readonly protocol;
  items: readonly AcquireItem[] = [];
  sink: ((r: SourceReading[]) => void) | null = null;
  starts = 0;
  stops = 0;
  constructor(readonly device: Device) {
    this.protocol = device.protocol;
  }
  acquire(items: readonly AcquireItem[], sink: (r: SourceReading[]) => void): Acquisition {
    this.items = items;
    this.sink = sink;
    this.starts++;
    return { stop: () => void this.stops++, stats: () => [] };
  }
  async readOnce(items: readonly AcquireItem[]): Promise<SourceReading[]> {
    return items.map((it, i) => ({ key: it.key, value: i, quality: { status: 'good' }, receivedAt: 1 }));
  }
  prepareWrite(): Promise<PreparedWrite> {
    throw new Error('not in this test');
  }
}

const ua = (name: string, nodeId: string, deadband = 0): Tag => ({ name, path: '', units: '°C', access: 'read', deadband, scanClassMs: 500, description: '', source: { kind: 'opcua', nodeId, samplingIntervalMs: -1, queueSize: 1, deadband: { kind: 'none', value: 0 } } });
const mb = (name: string, address: number): Tag => ({ name, path: '', units: '', access: 'read', deadband: 0, scanClassMs: 1000, description: '', source: { kind: 'modbus', table: 'holding', address, type: 'uint16', order: 'ABCD', scale: 1, offset: 0, sentinel: 'none' } });

function project(): Project {
  const p = emptyProject('pipeline');
  return {
    ...p,
    connections: [
      { kind: 'opcua', id: 'c-ua', name: 'UA', endpointUrl: 'opc.tcp://127.0.0.1:4840', securityMode: 'None', securityPolicy: 'None', identity: { kind: 'anonymous' }, sessionTimeoutMs: 120000, requestTimeoutMs: 10000 },
      { kind: 'tcp', id: 'c-mb', name: 'MB', host: '127.0.0.1', port: 502, timeoutMs: 1000, maxInFlight: 1 },
    ],
    devices: [
      { id: 'd-ua', name: 'Line server', protocol: 'opcua', connectionId: 'c-ua' },
      { id: 'd-mb', name: 'Meter', protocol: 'modbus', connectionId: 'c-mb', unitId: 1 },
    ],
    tagMaps: [
      { id: 'm-ua', deviceId: 'd-ua', name: 'UA', tags: [ua('temp', 'ns=2;s=Temp', 0.5), ua('state', 'ns=2;s=State')] },
      { id: 'm-mb', deviceId: 'd-mb', name: 'MB', tags: [mb('level', 0)] },
    ],
    watches: [{ id: 'w1', deviceId: 'd-mb', table: 'holding', address: 0, count: 10, intervalMs: 1000 }],
  };
}

function harness() {
  const drivers = new Map<string, ScriptedDriver>();
  const tags: { reading: TagReading; changed: boolean }[] = [];
  const watches: { watchId: string; reading: SourceReading }[] = [];
  const runtime = new TagRuntime(
    (device) => {
      let d = drivers.get(device.id);
      if (!d) drivers.set(device.id, (d = new ScriptedDriver(device)));
      return d;
    },
    { tag: (reading, changed) => tags.push({ reading, changed }), watch: (watchId, reading) => watches.push({ watchId, reading }) },
  );
  return { runtime, drivers, tags, watches };
}

const good = (key: string, value: number, at: number, extra: Partial<SourceReading> = {}): SourceReading => ({ key, value, quality: { status: 'good' }, receivedAt: at, ...extra });

describe('the tag pipeline (drivers -> runtime -> sinks)', () => {
  it('hands each driver its device tags and watches, and routes readings to the tag and watch sinks', () => {
    const { runtime, drivers, tags, watches } = harness();
    runtime.sync(project());
    expect(drivers.get('d-ua')!.items.map((i) => i.key)).toEqual(['m-ua/temp', 'm-ua/state']);
    const mbItems = drivers.get('d-mb')!.items;
    expect(mbItems.map((i) => [i.key, i.rawRange?.count])).toEqual([
      ['m-mb/level', undefined],
      ['watch:w1', 10],
    ]);
    drivers.get('d-ua')!.sink!([good('m-ua/temp', 21.5, 100, { sourceTimestamp: 60 })]);
    drivers.get('d-mb')!.sink!([good('m-mb/level', 7, 110, { raw: [7] }), { key: 'watch:w1', value: null, quality: { status: 'good' }, raw: [1, 2, 3], receivedAt: 110, durationMs: 4 }]);
    expect(tags.map((t) => t.reading)).toEqual([
      { key: 'm-ua/temp', mapId: 'm-ua', deviceId: 'd-ua', name: 'temp', value: 21.5, units: '°C', quality: { status: 'good' }, sourceTimestamp: 60, receivedAt: 100 },
      { key: 'm-mb/level', mapId: 'm-mb', deviceId: 'd-mb', name: 'level', value: 7, units: '', quality: { status: 'good' }, raw: [7], receivedAt: 110 },
    ]);
    expect(watches).toEqual([{ watchId: 'w1', reading: expect.objectContaining({ raw: [1, 2, 3], durationMs: 4 }) }]);
    expect(runtime.snapshot().map((r) => r.key).sort()).toEqual(['m-mb/level', 'm-ua/temp']);
  });

  it('marks a reading as a change only past the deadband, or when its quality changes', () => {
    const { runtime, drivers, tags } = harness();
    runtime.sync(project());
    const sink = drivers.get('d-ua')!.sink!;
    sink([good('m-ua/temp', 20, 1)]);
    sink([good('m-ua/temp', 20.4, 2)]); // within 0.5 of the last change (20)
    sink([good('m-ua/temp', 20.45, 3)]); // still within 0.5 of 20, not of 20.4
    sink([good('m-ua/temp', 20.6, 4)]); // past it
    sink([{ key: 'm-ua/temp', value: null, quality: { status: 'bad', reason: 'BadCommunicationError' }, receivedAt: 5 }]);
    sink([{ key: 'm-ua/temp', value: null, quality: { status: 'bad', reason: 'BadCommunicationError' }, receivedAt: 6 }]);
    sink([good('m-ua/state', 1, 7), good('m-ua/state', 1, 8), good('m-ua/state', 2, 9)]); // no deadband: any change
    expect(tags.map((t) => [t.reading.name, t.reading.value, t.changed])).toEqual([
      ['temp', 20, true],
      ['temp', 20.4, false],
      ['temp', 20.45, false],
      ['temp', 20.6, true],
      ['temp', null, true],
      ['temp', null, false],
      ['state', 1, true],
      ['state', 1, false],
      ['state', 2, true],
    ]);
  });

  it('restarts only the device whose maps changed; a late reading of a removed tag goes nowhere', () => {
    const { runtime, drivers, tags } = harness();
    const p = project();
    runtime.sync(p);
    const oldSink = drivers.get('d-ua')!.sink!;
    // Editing a tag replaces its map object (the store never mutates): only that device's acquisition restarts.
    const edited: Project = { ...p, tagMaps: [{ ...p.tagMaps[0]!, tags: [ua('temp', 'ns=2;s=Temp2')] }, p.tagMaps[1]!] };
    runtime.sync(edited);
    expect([drivers.get('d-ua')!.starts, drivers.get('d-ua')!.stops]).toEqual([2, 1]);
    expect([drivers.get('d-mb')!.starts, drivers.get('d-mb')!.stops]).toEqual([1, 0]);
    oldSink([good('m-ua/state', 5, 10)]); // 'state' left the map
    expect(tags).toEqual([]);
    runtime.sync({ ...edited, tagMaps: [edited.tagMaps[1]!] });
    expect(drivers.get('d-ua')!.stops).toBe(2);
  });

  it('reads one device once through the same items, for the CLI', async () => {
    const { runtime, drivers } = harness();
    const p = project();
    runtime.sync(p);
    const once = await runtime.readOnce(p, 'd-ua', drivers.get('d-ua')!);
    expect(once.map((r) => [r.key, r.name, r.value, r.units])).toEqual([
      ['m-ua/temp', 'temp', 0, '°C'],
      ['m-ua/state', 'state', 1, '°C'],
    ]);
  });
});

describe('a device whose protocol this build has no driver for', () => {
  // Every protocol of the project format has a driver now (EtherNet/IP too): the stand-in is tested on its own.
  it('reads Bad with the reason on every tag, and refuses writes, instead of staying silent', async () => {
    const { UnavailableDriver } = await import('../../src/engine/drivers/unavailable-driver');
    const driver = new UnavailableDriver({ id: 'd-plc', name: 'Line PLC', protocol: 'cip', connectionId: 'c-plc' }, 'EtherNet/IP devices are not supported by this version of Fieldbench yet');
    const tag: Tag = { name: 'speed', path: '', units: 'rpm', access: 'read-write', deadband: 0, scanClassMs: 500, description: '', source: { kind: 'cip', tagPath: 'Motor_Speed' } };
    const seen: SourceReading[] = [];
    driver.acquire([{ key: 'm-plc/speed', tag }], (rs) => seen.push(...rs));
    expect(seen).toEqual([expect.objectContaining({ key: 'm-plc/speed', value: null, quality: { status: 'bad', reason: 'EtherNet/IP devices are not supported by this version of Fieldbench yet' } })]);
    await expect(driver.prepareWrite()).rejects.toThrow(/cannot write to "Line PLC": EtherNet\/IP devices are not supported/);
  });
});

