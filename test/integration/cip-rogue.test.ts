import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCipSim, type CipSim } from '../../src/engine/cip/sim/sim-server';
import type { TagReading } from '../../src/shared/schemas/tags';
import { cipCore, cipProject, cipTag, startCipRogue } from '../helpers/cip-peer';
import { nextReading } from '../helpers/opcua-peer';

// Malformed and truncated replies from a rogue in front of the simulator: a clear reason, no crash, never a Good value.
let sim: CipSim;
beforeAll(async () => {
  sim = await startCipSim({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

const first = (rounds: TagReading[][]) => rounds[0]![0]!;

async function readThrough(mangle: (reply: Buffer, n: number) => Buffer, tags = [cipTag('d', 'Test_DINT')], times = 1) {
  const rogue = await startCipRogue(sim.port, mangle);
  const { core, dispose } = cipCore();
  try {
    core.load(cipProject(rogue.port, tags), { acquire: false });
    const rounds: TagReading[][] = [];
    for (let i = 0; i < times; i++) rounds.push(await core.readOnce('dev'));
    return rounds;
  } finally {
    await dispose();
    await rogue.close();
  }
}

describe('CIP driver against a rogue controller', () => {
  it('a Read Tag reply cut short of its value is Bad, naming the bytes missing', async () => {
    const r = first(await readThrough((reply) => (reply[0] === 0xcc ? reply.subarray(0, reply.length - 2) : reply)));
    expect(r).toMatchObject({ value: null, quality: { status: 'bad', reason: 'Test_DINT: DINT reply has 2 of 4 bytes' } });
  });

  it('a reply shorter than a CIP header is Bad, the connection is dropped, and reads resume on a new one', async () => {
    const rounds = await readThrough((reply, n) => (n < 2 ? Buffer.from([0xcc, 0x00]) : reply), [cipTag('d', 'Test_DINT')], 3);
    for (const [r] of rounds.slice(0, 2)) {
      expect(r!.value).toBeNull();
      expect(r!.quality.status).toBe('bad');
      expect(r!.quality.reason).toMatch(/malformed reply \(reply of 2 bytes is shorter than a CIP reply header\)/);
    }
    expect(rounds[2]![0]).toMatchObject({ value: 0, quality: { status: 'good' } });
  });

  it('a Multiple Service Packet reply with an offset out of bounds makes every tag of it Bad', async () => {
    const rs = (await readThrough(
      (reply) => {
        if (reply[0] !== 0x8a) return reply;
        const out = Buffer.from(reply);
        out.writeUInt16LE(0xfff0, 4 + 2);
        return out;
      },
      [cipTag('a', 'Test_DINT'), cipTag('b', 'Test_REAL'), cipTag('c', 'Counter')],
    ))[0]!;
    expect(rs).toHaveLength(3);
    for (const r of rs) {
      expect(r.value).toBeNull();
      expect(r.quality).toEqual({ status: 'bad', reason: 'malformed Multiple Service Packet reply (Multiple Service Packet offset 65520 out of bounds)' });
    }
  });

  it('a Multiple Service Packet reply that holds fewer replies than requests makes every tag of it Bad', async () => {
    const rs = (await readThrough(
      (reply) => {
        if (reply[0] !== 0x8a) return reply;
        const out = Buffer.from(reply);
        out.writeUInt16LE(1, 4);
        return out;
      },
      [cipTag('a', 'Test_DINT'), cipTag('b', 'Test_REAL')],
    ))[0]!;
    for (const r of rs) expect(r.quality).toEqual({ status: 'bad', reason: 'Multiple Service Packet reply holds 1 replies for 2 requests' });
  });

  it('a reply whose data type is unknown is Bad, not a number', async () => {
    const r = first(await readThrough((reply) => {
      if (reply[0] !== 0xcc) return reply;
      const out = Buffer.from(reply);
      out.writeUInt16LE(0x00ee, 4);
      return out;
    }));
    expect(r).toMatchObject({ value: null, quality: { status: 'bad', reason: 'Test_DINT: type 0x00ee is not an atomic type; read a member of it (Tag.Member)' } });
  });

  it('a controller that accepts and never answers reads Bad with the time-out, and closing the engine closes every socket it opened', async () => {
    const open = new Set<net.Socket>();
    let accepted = 0;
    const mute = net.createServer((s) => {
      accepted++;
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
      s.resume(); // read (and drop) what comes, so that the client's close is seen
    });
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', () => resolve()));
    const port = (mute.address() as net.AddressInfo).port;
    const { core, dispose } = cipCore();
    try {
      const p = cipProject(port, [cipTag('d', 'Test_DINT', 50)]);
      core.load({ ...p, connections: p.connections.map((c) => ({ ...c, timeoutMs: 200 })) });
      const r = await nextReading(core, (x) => x.name === 'd');
      expect(r).toMatchObject({ value: null, quality: { status: 'bad', reason: `no answer from 127.0.0.1:${port} within 200 ms` } });
      // Let the back-off run out so that the next scan is dialling when the engine closes.
      await nextReading(core, () => true);
    } finally {
      await dispose();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(accepted).toBeGreaterThan(0);
    expect(open.size).toBe(0);
    await new Promise<void>((resolve) => mute.close(() => resolve()));
  });
});
