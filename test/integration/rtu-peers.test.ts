import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../src/engine/modbus/channel-factory';
import { readDecoded } from '../../src/engine/modbus/read';
import { RtuMaster } from '../../src/engine/modbus/rtu/rtu-master';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveRtu } from '../../src/engine/modbus/sim/rtu-server';
import { SerialLink } from '../../src/engine/transport/serial-link';
import { ptyPair } from '../helpers/socat';
import { ROOT, runCli, startPeer, SYSTEM_PYTHON } from '../helpers/processes';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const LINE = { baud: 19200, dataBits: 8 as const, parity: 'none' as const, stopBits: 1 as const };
const u16 = { table: 'holding' as const, type: 'uint16' as const, order: 'ABCD' as const };

describe('Modbus RTU through a socat pseudo-terminal pair', () => {
  it('reads an independent pymodbus RTU slave, from the engine and from the CLI', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.stop());
    const slave = await startPeer(SYSTEM_PYTHON, [path.join(ROOT, 'test/fixtures/pymodbus_slave.py'), '--rtu', pty.slave, '--unit', '1'], /READY (\d+)/);
    cleanups.push(() => slave.stop());

    const channel = createChannel({ kind: 'rtu', id: 'c', name: 'bus', path: pty.master, ...LINE, rtsToggle: false, echo: false, timeoutMs: 500, retries: 1, turnaroundMs: 50 });
    cleanups.push(() => channel.close());
    const tank = await readDecoded(channel, 'd', { unitId: 1, ...u16, address: 0, count: 1 });
    expect(tank.quality).toEqual({ status: 'good' });
    expect(tank.values[0]!.value).toBe(1500);
    const flow = await readDecoded(channel, 'd', { unitId: 1, table: 'holding', address: 9, count: 2, type: 'float32', order: 'ABCD' });
    expect(flow.quality).toEqual({ status: 'good' });
    expect(flow.values[0]!.value).toBe(25.5);
    const coils = await readDecoded(channel, 'd', { unitId: 1, table: 'coil', address: 0, count: 8, type: 'bool', order: 'ABCD' });
    expect(coils.raw).toEqual([1, 0, 1, 1, 0, 0, 0, 1]);
    // A unit nobody answers for: timeout, not a wrong answer.
    const silent = await readDecoded(channel, 'd', { unitId: 5, ...u16, address: 0, count: 1 });
    expect(silent.quality).toEqual({ status: 'bad', reason: 'timeout' });
    expect(channel.stats.snapshot(5).timeouts).toBe(2); // first try and one retry
    await channel.close();

    const cli = await runCli(['read', '--rtu', pty.master, '--baud', '19200', '--parity', 'none', '--stop', '1', '--unit', '1', '--table', 'holding', '--address', '9', '--count', '1', '--type', 'float32', '--json']);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout.trim())).toEqual({ address: 9, register: '40010', raw: [0x41cc, 0], value: 25.5, quality: { status: 'good' } });
  });

  it('answers several unit ids on one bus from the simulator, and CRC errors give Bad quality then recover', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.stop());
    const plant = createDemoPlant(1);
    plant.device.addUnit(2).holding[0] = 222;
    const sim = await serveRtu(plant.device, new SerialLink({ path: pty.slave, ...LINE }));
    cleanups.push(() => sim.close());
    const master = new RtuMaster(new SerialLink({ path: pty.master, ...LINE }), { timeoutMs: 1500, retries: 0, interFrameMs: 2, turnaroundMs: 20 });
    cleanups.push(() => master.close());

    expect((await readDecoded(master, 'd', { unitId: 1, ...u16, address: 0, count: 1 })).values[0]!.value).toBe(1500);
    expect((await readDecoded(master, 'd', { unitId: 2, ...u16, address: 0, count: 1 })).values[0]!.value).toBe(222);

    sim.setFaults({ corruptCrcRate: 1 });
    const corrupted = await readDecoded(master, 'd', { unitId: 1, ...u16, address: 0, count: 1 });
    expect(corrupted.quality).toEqual({ status: 'bad', reason: 'CRC error in the response from unit 1' });
    expect(master.stats.snapshot(1).crcErrors).toBe(1);
    sim.setFaults({ corruptCrcRate: 0 });
    const back = await readDecoded(master, 'd', { unitId: 1, ...u16, address: 0, count: 1 });
    expect(back.quality.status).toBe('good');
    expect(back.values[0]!.value).toBe(1500);
  });

  it('reads through a serial device server (RTU over TCP: socat bridging a TCP port to the bus)', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.stop());
    const plant = createDemoPlant(5);
    const sim = await serveRtu(plant.device, new SerialLink({ path: pty.slave, ...LINE }));
    cleanups.push(() => sim.close());
    const server = await startPeer('socat', ['-d', '-d', 'TCP-LISTEN:0,bind=127.0.0.1,reuseaddr', `FILE:${pty.master},raw,echo=0`], /listening on AF=2 127\.0\.0\.1:(\d+)/);
    cleanups.push(() => server.stop());
    const cli = await runCli(['read', '--rtu-over-tcp', `127.0.0.1:${server.port}`, '--unit', '5', '--address', '0', '--count', '1', '--json']);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout.trim())).toMatchObject({ register: '40001', value: 1500, quality: { status: 'good' } });
  });

  it('gives Bad "port lost" when the adapter is unplugged mid-poll, and resumes by itself when it is back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fb-pty-'));
    let pty = await ptyPair(dir, ['adapter', 'device']);
    const plant = createDemoPlant(1);
    let sim = await serveRtu(plant.device, new SerialLink({ path: pty.slave, ...LINE }));
    const master = new RtuMaster(new SerialLink({ path: pty.master, ...LINE }), { timeoutMs: 300, retries: 0, interFrameMs: 2, turnaroundMs: 20, reopenDelayMs: 100 });
    cleanups.push(() => master.close());
    const read = () => readDecoded(master, 'd', { unitId: 1, ...u16, address: 0, count: 1 });
    expect((await read()).quality.status).toBe('good');

    await sim.close();
    await pty.stop(); // the USB adapter is pulled out
    let lost = await read();
    for (let i = 0; i < 20 && lost.quality.status === 'good'; i++) lost = await read();
    expect(lost.quality.status).toBe('bad');
    expect(lost.quality.reason).toMatch(/^port lost/);

    pty = await ptyPair(dir, ['adapter', 'device']); // plugged back in: same port name
    cleanups.push(() => pty.stop());
    sim = await serveRtu(plant.device, new SerialLink({ path: pty.slave, ...LINE }));
    cleanups.push(() => sim.close());
    let back = await read();
    for (let i = 0; i < 50 && back.quality.status !== 'good'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await read();
    }
    expect(back.quality.status).toBe('good');
    expect(back.values[0]!.value).toBe(1500);
  });
});
