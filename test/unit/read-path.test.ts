import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMbap, MbapSplitter, type MbapFrame } from '../../src/engine/modbus/mbap';
import { parseBits, parseRegisters, readRequest } from '../../src/engine/modbus/pdu';
import { ModbusException } from '../../src/engine/modbus/exceptions';
import { decodeRange, readDecoded } from '../../src/engine/modbus/read';
import { TcpMaster } from '../../src/engine/modbus/tcp-master';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('PDU and MBAP framing', () => {
  it('builds read requests with the table function code', () => {
    expect([...readRequest('holding', 9, 2)]).toEqual([3, 0, 9, 0, 2]);
    expect([...readRequest('input', 0x1234, 125)]).toEqual([4, 0x12, 0x34, 0, 125]);
    expect(readRequest('coil', 0, 8)[0]).toBe(1);
    expect(readRequest('discrete', 0, 8)[0]).toBe(2);
  });

  it('parses register and bit responses, and exceptions as typed values', () => {
    expect(parseRegisters(Buffer.from([3, 4, 0x05, 0xdc, 0x41, 0xcc]), 2, 3)).toEqual([1500, 0x41cc]);
    expect(parseBits(Buffer.from([1, 1, 0b10001101]), 8, 1)).toEqual([1, 0, 1, 1, 0, 0, 0, 1]);
    const err = (() => {
      try {
        parseRegisters(Buffer.from([0x83, 0x02]), 1, 3);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ModbusException);
    expect((err as Error).message).toBe('exception 0x02 (illegal data address)');
    expect(() => parseRegisters(Buffer.from([3, 3, 0, 0, 0]), 2, 3)).toThrow(/expected 4 data bytes/);
    expect(() => parseRegisters(Buffer.from([4, 2, 0, 0]), 1, 3)).toThrow(/does not match/);
  });

  it('splits a byte stream into frames however TCP chops it', () => {
    const frames: MbapFrame[] = [];
    const s = new MbapSplitter((f) => frames.push({ ...f, pdu: Buffer.from(f.pdu) }), () => {
      throw new Error('unexpected');
    });
    const a = encodeMbap(7, 1, Buffer.from([3, 2, 0x05, 0xdc]));
    const b = encodeMbap(8, 2, Buffer.from([0x83, 0x02]));
    const stream = Buffer.concat([a, b]);
    for (let i = 0; i < stream.length; i++) s.push(stream.subarray(i, i + 1));
    s.push(Buffer.concat([a, b]));
    expect(frames.map((f) => [f.transactionId, f.unitId, [...f.pdu]])).toEqual([
      [7, 1, [3, 2, 0x05, 0xdc]],
      [8, 2, [0x83, 0x02]],
      [7, 1, [3, 2, 0x05, 0xdc]],
      [8, 2, [0x83, 0x02]],
    ]);
  });

  it('reports a header that is not Modbus', () => {
    const errors: string[] = [];
    const s = new MbapSplitter(() => undefined, (r) => errors.push(r));
    s.push(Buffer.from('GET / HTTP/1.1\r\n'));
    expect(errors[0]).toMatch(/not Modbus/);
  });

  it('reports a value cut off by the end of the range as Bad, not a guess', () => {
    const v = decodeRange('holding', 9, [0x41cc, 0, 0x4040], 'float32', 'ABCD');
    expect(v[0]).toMatchObject({ address: 9, value: 25.5, quality: { status: 'good' } });
    expect(v[1]).toMatchObject({ address: 11, value: null, quality: { status: 'bad' } });
  });
});

describe('reading through the engine path over loopback TCP', () => {
  async function demo() {
    const plant = createDemoPlant();
    const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
    cleanups.push(() => sim.close());
    const master = new TcpMaster({ host: '127.0.0.1', port: sim.port, timeoutMs: 500 });
    cleanups.push(() => master.close());
    return { plant, sim, master };
  }

  it('reads the demo plant: tank level 1500, flow as float32, scaled current', async () => {
    const { plant, master } = await demo();
    const tank = await readDecoded(master, 'd', { unitId: 1, table: 'holding', address: 0, count: 1, type: 'uint16', order: 'ABCD' });
    expect(tank.quality.status).toBe('good');
    expect(tank.values[0]).toMatchObject({ address: 0, registers: [1500], value: 1500 });
    const flow = await readDecoded(master, 'd', { unitId: 1, table: 'holding', address: 9, count: 2, type: 'float32', order: 'ABCD' });
    const expected = new DataView(new Uint16Array([plant.bank.holding[10]!, plant.bank.holding[9]!]).buffer).getFloat32(0, true);
    expect(flow.values[0]!.value).toBe(expected);
    expect(flow.values[0]!.value as number).toBeGreaterThan(20);
  });

  it('gives Bad quality with the exception name for an unreadable address', async () => {
    const { plant, master } = await demo();
    plant.bank.holes.holding.add(5);
    const r = await readDecoded(master, 'd', { unitId: 1, table: 'holding', address: 0, count: 10, type: 'uint16', order: 'ABCD' });
    expect(r.quality).toEqual({ status: 'bad', reason: 'exception 0x02 (illegal data address)' });
    expect(r.values).toEqual([]);
    const other = await readDecoded(master, 'd', { unitId: 9, table: 'holding', address: 0, count: 1, type: 'uint16', order: 'ABCD' });
    expect(other.quality.reason).toBe('exception 0x0B (gateway target device failed to respond)');
  });

  it('gives Bad "comm lost" when nothing listens, and recovers when the device comes back', async () => {
    const plant = createDemoPlant();
    const probe = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
    const port = probe.port;
    await probe.close();
    const master = new TcpMaster({ host: '127.0.0.1', port, timeoutMs: 300 });
    cleanups.push(() => master.close());
    const req = { unitId: 1, table: 'holding' as const, address: 0, count: 1, type: 'uint16' as const, order: 'ABCD' as const };
    const down = await readDecoded(master, 'd', req);
    expect(down.quality.status).toBe('bad');
    expect(down.quality.reason).toMatch(/^comm lost: connection refused/);
    const sim = await serveTcp(plant.device, { host: '127.0.0.1', port });
    cleanups.push(() => sim.close());
    let up = down;
    for (let i = 0; i < 40 && up.quality.status !== 'good'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      up = await readDecoded(master, 'd', req);
    }
    expect(up.quality.status).toBe('good');
    expect(up.values[0]!.value).toBe(1500);
  });

  it('times out on a silent device, then discards its late answer instead of handing it to the next request', async () => {
    // A device that answers each request after a delay, the first one too late.
    let n = 0;
    const server = net.createServer((sock) => {
      const s = new MbapSplitter((f) => {
        const delay = n++ === 0 ? 400 : 0;
        const value = f.pdu.readUInt16BE(1) === 0 ? 1111 : 2222;
        const res = encodeMbap(f.transactionId, f.unitId, Buffer.from([3, 2, value >> 8, value & 0xff]));
        setTimeout(() => sock.write(res), delay);
      }, () => sock.destroy());
      sock.on('data', (c: Buffer) => s.push(c));
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as net.AddressInfo).port;
    const master = new TcpMaster({ host: '127.0.0.1', port, timeoutMs: 150 });
    cleanups.push(() => master.close());
    const base = { unitId: 1, table: 'holding' as const, count: 1, type: 'uint16' as const, order: 'ABCD' as const };
    const first = await readDecoded(master, 'd', { ...base, address: 0 });
    expect(first.quality).toEqual({ status: 'bad', reason: 'timeout' });
    await new Promise((r) => setTimeout(r, 350)); // the late answer to address 0 arrives now
    const second = await readDecoded(master, 'd', { ...base, address: 1 });
    expect(second.values[0]!.value).toBe(2222);
    expect(master.stats.stray).toBe(1);
    expect(master.stats.snapshot(1).timeouts).toBe(1);
  });
});
