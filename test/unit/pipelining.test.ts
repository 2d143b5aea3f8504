import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMbap, MbapSplitter, type MbapFrame } from '../../src/engine/modbus/mbap';
import { readRaw } from '../../src/engine/modbus/read';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { checkResponse, writeMultipleCoilsRequest } from '../../src/engine/modbus/pdu';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';
import { buildSimDevice, SimMap } from '../../src/engine/modbus/sim/sim-map';
import { seededRandom } from '../../src/engine/modbus/sim/faults';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A device that collects `batch` requests and answers them in reverse order, echoing each address as the value. */
async function reversingDevice(batch: number): Promise<number> {
  const server = net.createServer((sock) => {
    let held: MbapFrame[] = [];
    const s = new MbapSplitter((f) => {
      held.push({ ...f, pdu: Buffer.from(f.pdu) });
      if (held.length < batch) return;
      for (const h of held.reverse()) {
        const addr = h.pdu.readUInt16BE(1);
        sock.write(encodeMbap(h.transactionId, h.unitId, Buffer.from([3, 2, addr >> 8, addr & 0xff])));
      }
      held = [];
    }, () => sock.destroy());
    sock.on('data', (c: Buffer) => s.push(c));
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return (server.address() as net.AddressInfo).port;
}

describe('Modbus TCP with several transactions in flight', () => {
  it('matches out-of-order answers to their requests by transaction id', async () => {
    const port = await reversingDevice(8);
    const master = new TcpMaster({ host: '127.0.0.1', port, timeoutMs: 1000, maxInFlight: 8 });
    cleanups.push(() => master.close());
    const addresses = [10, 20, 30, 40, 50, 60, 70, 80];
    const values = await Promise.all(addresses.map((address) => readRaw(master, { unitId: 1, table: 'holding', address, count: 1 })));
    expect(values.map((v) => v[0])).toEqual(addresses);
    expect(master.stats.stray).toBe(0);
  });

  it('never sends more than maxInFlight at once', async () => {
    const port = await reversingDevice(4);
    const master = new TcpMaster({ host: '127.0.0.1', port, timeoutMs: 300, maxInFlight: 2 });
    cleanups.push(() => master.close());
    // With only 2 in flight, a device that waits for 4 requests never answers: both time out, the rest queue.
    const r = await Promise.allSettled([1, 2, 3, 4].map((a) => readRaw(master, { unitId: 1, table: 'holding', address: a, count: 1 })));
    expect(r.slice(0, 2).every((x) => x.status === 'rejected')).toBe(true);
    expect(master.stats.snapshot(1).timeouts).toBeGreaterThanOrEqual(2);
  });
});

describe('simulator register maps and write functions', () => {
  it('moves points with generators and keeps written values', () => {
    const map = SimMap.parse({
      units: [
        {
          unitId: 3,
          points: [
            { name: 'setpoint', address: 0, generator: { kind: 'constant', value: 42 } },
            { name: 'ramp', address: 1, generator: { kind: 'ramp', from: 0, to: 100, periodS: 10 } },
            { name: 'wave', address: 2, type: 'float32', generator: { kind: 'sine', center: 50, amplitude: 10, periodS: 4 } },
            { name: 'walk', address: 4, type: 'int16', generator: { kind: 'randomWalk', start: 0, step: 5, min: -20, max: 20 } },
            { name: 'volts', address: 5, scale: 0.1, generator: { kind: 'constant', value: 230.1 } },
          ],
          holes: { holding: [9] },
        },
      ],
    });
    const { device, step } = buildSimDevice(map, seededRandom(3));
    const bank = device.unit(3)!;
    step(2.5);
    expect(bank.holding[0]).toBe(42);
    expect(bank.holding[1]).toBe(25);
    expect(bank.holding[5]).toBe(2301);
    const f = new DataView(new ArrayBuffer(4));
    f.setUint16(0, bank.holding[2]!);
    f.setUint16(2, bank.holding[3]!);
    expect(f.getFloat32(0)).toBeCloseTo(50 + 10 * Math.sin((2 * Math.PI * 2.5) / 4), 4);
    for (let t = 0; t < 50; t++) {
      step(t);
      const w = (bank.holding[4]! << 16) >> 16;
      expect(w).toBeGreaterThanOrEqual(-20);
      expect(w).toBeLessThanOrEqual(20);
    }
    expect(bank.holes.holding.has(9)).toBe(true);
    device.onWrite('holding', 1, 1);
    bank.holding[1] = 77;
    step(5);
    expect(bank.holding[1]).toBe(77);
  });

  it('answers FC 15 (write multiple coils)', async () => {
    const plant = createDemoPlant();
    const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
    const master = new TcpMaster({ host: '127.0.0.1', port: sim.port, timeoutMs: 500 });
    cleanups.push(() => sim.close(), () => master.close());
    const res = await master.request(1, writeMultipleCoilsRequest(8, [true, false, true, true, false, false, false, false, true]));
    checkResponse(15, res);
    expect(Array.from(plant.bank.coil.subarray(8, 17))).toEqual([1, 0, 1, 1, 0, 0, 0, 0, 1]);
    const bits = await readRaw(master, { unitId: 1, table: 'coil', address: 8, count: 9 });
    expect(bits).toEqual([1, 0, 1, 1, 0, 0, 0, 0, 1]);
  });
});
