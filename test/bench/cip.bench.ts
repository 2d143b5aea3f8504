import { createRequire } from 'node:module';
import path from 'node:path';
import { Controller, Tag, TagGroup } from 'st-ethernet-ip';
import type { CipDriver } from '../../src/engine/cip/cip-driver';
import { cipCore, cipProject, cipTag } from '../helpers/cip-peer';
import { ROOT, startPeer, type Peer } from '../helpers/processes';
import { bestOfAlternating, result, type Bench } from './bench';

const TAGS = 500;
const names = Array.from({ length: TAGS }, (_, i) => `Analog_${String(i).padStart(3, '0')}`);

function startSim(): Promise<Peer> {
  return startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/bench/cip-sim-process.ts'), String(TAGS)], /listening on 127\.0\.0\.1:(\d+)/, 60_000);
}

/** 500 CIP tags through the engine (EngineCore.readOnce: driver, decode, quality), on one connection to sim cip. */
async function withEngine<T>(port: number, fn: (read: (batched: boolean) => Promise<void>, driver: CipDriver) => Promise<T>): Promise<T> {
  const { core, dispose } = cipCore();
  try {
    core.load(cipProject(port, names.map((n, i) => cipTag(`t${i}`, n))), { acquire: false });
    const driver = core.device('dev').driver as CipDriver;
    const read = async (batched: boolean) => {
      // The same session either way: Multiple Service Packets, or one Read Tag per tag as for a controller without them.
      driver.session.multipleServices = batched ? null : false;
      const r = await core.readOnce('dev');
      if (r.length !== TAGS || r.some((x) => x.quality.status !== 'good')) throw new Error(`engine read failed: ${r.find((x) => x.quality.status !== 'good')?.quality.reason ?? r.length}`);
    };
    await read(true);
    return await fn(read, driver);
  } finally {
    await dispose();
  }
}

/**
 * Tags read per second, 500 REAL tags of sim cip (its own process, as a controller is) on a Large Forward Open
 * connection: batched in Multiple Service Packets versus one Read Tag per tag, and versus st-ethernet-ip 2.7.5's
 * readTagGroup (its batched read) on the same simulator. Both in alternating rounds (bestOfAlternating).
 */
export const benches: Bench[] = [
  {
    name: 'cip-read-500-tags-batched-vs-per-tag',
    async run() {
      const sim = await startSim();
      try {
        return await withEngine(sim.port, async (read, driver) => {
          const { a: batched, b: single } = await bestOfAlternating(() => read(true), () => read(false));
          await read(true);
          const packets = (driver as unknown as { reader: { requestsLastRead: number } }).reader.requestsLastRead;
          const ratio = batched / single;
          return result(this.name, batched * TAGS, 'tags/s', 'one Read Tag per tag, same engine and connection', single * TAGS, {
            target: '>= 10x',
            met: ratio >= 10,
            tags: TAGS,
            connectionSize: driver.session.connectionSize,
            requestsPerBatchedRead: packets,
            method: 'EngineCore.readOnce of 500 tags; best of 6 alternating 500 ms rounds per side',
          });
        });
      } finally {
        await sim.stop();
      }
    },
  },
  {
    name: 'cip-read-500-tags-vs-st-ethernet-ip',
    async run() {
      const sim = await startSim();
      // st-ethernet-ip dials its module-wide port (44818 unless changed before connecting).
      const config = createRequire(__filename)('st-ethernet-ip/dist/config') as { EIP_PORT: number };
      config.EIP_PORT = sim.port;
      const plc = new Controller(true);
      try {
        await plc.connect('127.0.0.1', 0);
        const group = new TagGroup();
        const tags = names.map((n) => new Tag(n));
        for (const t of tags) group.add(t);
        return await withEngine(sim.port, async (read) => {
          const { a: ours, b: theirs } = await bestOfAlternating(
            () => read(true),
            async () => {
              await plc.readTagGroup(group);
              if (tags[499]!.value !== 249.5) throw new Error(`st-ethernet-ip read ${String(tags[499]!.value)} for Analog_499`);
            },
          );
          return result(this.name, ours * TAGS, 'tags/s', 'st-ethernet-ip 2.7.5 readTagGroup', theirs * TAGS, {
            target: '>= 1.0x',
            met: ours >= theirs,
            tags: TAGS,
            method: 'EngineCore.readOnce vs Controller.readTagGroup of the same 500 tags, one connection each; best of 6 alternating 500 ms rounds per side',
          });
        });
      } finally {
        await plc.disconnect().catch(() => undefined);
        await sim.stop();
      }
    },
  },
];
