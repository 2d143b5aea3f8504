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

it('takes a response that arrives before the write has finished draining (CI once lost it and timed out)', async () => {
  const pty = await ptyPair();
  cleanups.push(() => pty.stop());
  const sim = await serveRtu(createDemoPlant(1).device, new SerialLink({ path: pty.slave, ...LINE }));
  cleanups.push(() => sim.close());
  const master = new RtuMaster(new LateDrainLink({ path: pty.master, ...LINE }), { timeoutMs: 1000, retries: 0, interFrameMs: 2, turnaroundMs: 20 });
  cleanups.push(() => master.close());

  for (let i = 0; i < 3; i++) {
    const r = await readDecoded(master, 'd', { unitId: 1, table: 'holding', type: 'uint16', order: 'ABCD', address: 0, count: 1 });
    expect(r.quality).toEqual({ status: 'good' });
    expect(r.values[0]!.value).toBe(1500);
  }
  expect(master.stats.snapshot(1)).toMatchObject({ timeouts: 0 });
  expect(master.stats.stray).toBe(0);
});
