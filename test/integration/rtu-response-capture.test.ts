import { afterEach, expect, it } from 'vitest';
import { readDecoded } from '../../src/engine/modbus/read';
import { RtuMaster } from '../../src/engine/modbus/rtu/rtu-master';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveRtu } from '../../src/engine/modbus/sim/rtu-server';
import { SerialLink } from '../../src/engine/transport/serial-link';
import { ptyPair } from '../helpers/socat';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const LINE = { baud: 19200, dataBits: 8 as const, parity: 'none' as const, stopBits: 1 as const };

/** A serial port whose drain callback comes late, as on a loaded machine: the device's answer is in before it. */
class LateDrainLink extends SerialLink {
  override async write(bytes: Buffer): Promise<void> {
    await super.write(bytes);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** An adapter without echo suppression: everything it sends comes back on its own receiver first. */
class EchoingLink extends SerialLink {
  override async write(bytes: Buffer): Promise<void> {
    setImmediate(() => this.emit('data', Buffer.from(bytes)));
    await super.write(bytes);
  }
}

async function busWith(link: (path: string) => SerialLink, echo = false): Promise<{ master: RtuMaster; plant: ReturnType<typeof createDemoPlant> }> {
  const pty = await ptyPair();
  cleanups.push(() => pty.stop());
  const plant = createDemoPlant(1);
  const sim = await serveRtu(plant.device, new SerialLink({ path: pty.slave, ...LINE }));
  cleanups.push(() => sim.close());
  const master = new RtuMaster(link(pty.master), { timeoutMs: 1000, retries: 0, interFrameMs: 2, turnaroundMs: 20, echo });
  cleanups.push(() => master.close());
  return { master, plant };
}

it('takes a response that arrives before the write has finished draining (CI once lost it and timed out)', async () => {
  const { master } = await busWith((path) => new LateDrainLink({ path, ...LINE }));

  for (let i = 0; i < 3; i++) {
    const r = await readDecoded(master, 'd', { unitId: 1, table: 'holding', type: 'uint16', order: 'ABCD', address: 0, count: 1 });
    expect(r.quality).toEqual({ status: 'good' });
    expect(r.values[0]!.value).toBe(1500);
  }
  expect(master.stats.snapshot(1)).toMatchObject({ timeouts: 0 });
  expect(master.stats.stray).toBe(0);
});

it('skips the echo of an adapter that hears itself, for reads and multi-register writes alike', async () => {
  const { master, plant } = await busWith((path) => new EchoingLink({ path, ...LINE }));
  const tank = await readDecoded(master, 'd', { unitId: 1, table: 'holding', type: 'uint16', order: 'ABCD', address: 0, count: 1 });
  expect(tank.quality).toEqual({ status: 'good' });
  expect(tank.values[0]!.value).toBe(1500);
  const flow = await readDecoded(master, 'd', { unitId: 1, table: 'holding', type: 'float32', order: 'ABCD', address: 9, count: 2 });
  expect(flow.quality).toEqual({ status: 'good' });

  // FC 16: the echo (13 bytes) starts like a response but is longer; the device's 8-byte answer follows it.
  const answer = await master.request(1, Buffer.from([0x10, 0x00, 0x64, 0x00, 0x02, 0x04, 0x12, 0x34, 0x56, 0x78]));
  expect([...answer]).toEqual([0x10, 0x00, 0x64, 0x00, 0x02]);
  expect([...plant.device.unit(1)!.holding.slice(100, 102)]).toEqual([0x1234, 0x5678]);
  expect(master.stats.snapshot(1)).toMatchObject({ crcErrors: 0, timeouts: 0 });
});

it('with "adapter echoes" set, a single-register write gets the device\'s own answer, an exception included', async () => {
  const { master, plant } = await busWith((path) => new EchoingLink({ path, ...LINE }), true);
  // FC 6 to a register the device refuses: the echo is the request itself, the answer is exception 2.
  plant.device.unit(1)!.holes.holding.add(120);
  expect([...(await master.request(1, Buffer.from([0x06, 0x00, 0x78, 0x00, 0x07])))]).toEqual([0x86, 0x02]);
  // FC 6 accepted: the answer repeats the request, after the echo that did too.
  expect([...(await master.request(1, Buffer.from([0x06, 0x00, 0x64, 0xab, 0xcd])))]).toEqual([0x06, 0x00, 0x64, 0xab, 0xcd]);
  expect(plant.device.unit(1)!.holding[100]).toBe(0xabcd);
  // Reads too, with the echo skipped first.
  const tank = await readDecoded(master, 'd', { unitId: 1, table: 'holding', type: 'uint16', order: 'ABCD', address: 0, count: 1 });
  expect(tank.quality).toEqual({ status: 'good' });
  expect(master.stats.stray).toBe(0);
});

it('with "adapter echoes" set on an adapter that does not echo, reads still take the device\'s answer', async () => {
  const { master } = await busWith((path) => new SerialLink({ path, ...LINE }), true);
  const tank = await readDecoded(master, 'd', { unitId: 1, table: 'holding', type: 'uint16', order: 'ABCD', address: 0, count: 1 });
  expect(tank.quality).toEqual({ status: 'good' });
  expect(tank.values[0]!.value).toBe(1500);
});
