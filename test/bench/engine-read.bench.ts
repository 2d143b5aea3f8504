import ModbusRTU from 'modbus-serial';
import { createDemoPlant } from '../../src/engine/modbus/sim/demo-plant';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';
import { makeEngine } from '../helpers/engine';
import { bestOfAlternating, result, type Bench } from './bench';

const REGISTERS_PER_READ = 100;

/**
 * Registers read per second over loopback TCP through the whole engine (contract validation, device lookup, queue,
 * decode, quality, traffic log) versus a bare modbus-serial client loop, both against the built-in simulator in
 * this process, measured in alternating rounds (bestOfAlternating). Target: >= 1.0x.
 */
export const bench: Bench = {
  name: 'engine-read-registers-per-second',
  async run() {
    const plant = createDemoPlant();
    const sim = await serveTcp(plant.device, { host: '127.0.0.1', port: 0 });
    const { engine, dispose } = await makeEngine();
    try {
      const added = await engine.dispatch('devices.addTcp', { name: 'sim', host: '127.0.0.1', port: sim.port });
      if (!added.ok) throw new Error(added.error.message);
      const deviceId = (added.value as { device: { id: string } }).device.id;
      const input = { deviceId, table: 'holding', address: 0, count: REGISTERS_PER_READ };
      const client = new ModbusRTU();
      await client.connectTCP('127.0.0.1', { port: sim.port });
      client.setID(1);
      client.setTimeout(1000);
      const { a: engineOps, b: bareOps } = await bestOfAlternating(
        async () => {
          const env = await engine.dispatch('modbus.read', input);
          if (!env.ok || (env.value as { quality: { status: string } }).quality.status !== 'good') throw new Error('engine read failed');
        },
        async () => {
          await client.readHoldingRegisters(0, REGISTERS_PER_READ);
        },
      );
      await new Promise<void>((r) => client.close(() => r()));
      return result(this.name, engineOps * REGISTERS_PER_READ, 'registers/s', 'modbus-serial client loop', bareOps * REGISTERS_PER_READ, {
        target: '>= 1.0x',
        registersPerRequest: REGISTERS_PER_READ,
        method: 'best of 6 alternating 500 ms rounds per side',
      });
    } finally {
      await dispose();
      await sim.close();
    }
  },
};
