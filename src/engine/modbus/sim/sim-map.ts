import { z } from 'zod';
import { encodeValue } from '../../../shared/codec/registers';
import { ByteOrder } from '../../../shared/codec/types';
import { ModbusTable } from '../../../shared/modbus/tables';
import { SimDevice } from './sim-device';
import type { RegisterBank } from './register-bank';

/** How a simulated point's value moves over time t (seconds). */
export const Generator = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), value: z.number() }),
  z.object({ kind: z.literal('ramp'), from: z.number(), to: z.number(), periodS: z.number().positive() }),
  z.object({ kind: z.literal('sine'), center: z.number(), amplitude: z.number(), periodS: z.number().positive() }),
  z.object({ kind: z.literal('randomWalk'), start: z.number(), step: z.number().positive(), min: z.number(), max: z.number() }),
]);
export type Generator = z.infer<typeof Generator>;

const NumericType = z.enum(['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64']);

export const SimPoint = z.object({
  name: z.string().default(''),
  table: ModbusTable.default('holding'),
  address: z.number().int().min(0).max(65535),
  type: NumericType.default('uint16'),
  order: ByteOrder.default('ABCD'),
  /** Raw = engineering / scale, so a map can say "230.1 V" for a uint16 x 0.1 register. */
  scale: z.number().positive().default(1),
  generator: Generator,
});
export type SimPoint = z.infer<typeof SimPoint>;

export const SimMap = z.object({
  units: z
    .array(
      z.object({
        unitId: z.number().int().min(1).max(247),
        points: z.array(SimPoint).default([]),
        /** Addresses that answer exception 02, per table. */
        holes: z.partialRecord(ModbusTable, z.array(z.number().int().min(0).max(65535))).default({}),
      }),
    )
    .min(1),
});
export type SimMap = z.infer<typeof SimMap>;

function valueAt(g: Generator, t: number, state: { walk: number }, rnd: () => number): number {
  switch (g.kind) {
    case 'constant':
      return g.value;
    case 'ramp':
      return g.from + ((g.to - g.from) * (t % g.periodS)) / g.periodS;
    case 'sine':
      return g.center + g.amplitude * Math.sin((2 * Math.PI * t) / g.periodS);
    case 'randomWalk':
      state.walk = Math.min(g.max, Math.max(g.min, state.walk + (rnd() * 2 - 1) * g.step));
      return state.walk;
  }
}

function write(bank: RegisterBank, p: SimPoint, value: number): void {
  const raw = value / p.scale;
  if (p.table === 'coil' || p.table === 'discrete') {
    bank.bits(p.table)[p.address] = raw ? 1 : 0;
    return;
  }
  const isInt = p.type !== 'float32' && p.type !== 'float64';
  const words = encodeValue(isInt ? Math.round(raw) : raw, p.type, p.order);
  const table = bank.words(p.table);
  words.forEach((w, i) => (table[p.address + i] = w));
}

/** Build a simulated device from a map; returns it with a step(t) that moves every generator. */
export function buildSimDevice(map: SimMap, rnd: () => number = Math.random): { device: SimDevice; step: (t: number) => void } {
  const device = new SimDevice();
  const live: { bank: RegisterBank; point: SimPoint; state: { walk: number } }[] = [];
  const written = new Set<string>();
  device.addWriteListener((table, address, count) => {
    for (let a = address; a < address + count; a++) written.add(`${table}:${a}`);
  });
  for (const u of map.units) {
    const bank = device.addUnit(u.unitId);
    for (const [table, addrs] of Object.entries(u.holes) as [ModbusTable, number[]][]) for (const a of addrs) bank.holes[table].add(a);
    for (const point of u.points) live.push({ bank, point, state: { walk: point.generator.kind === 'randomWalk' ? point.generator.start : 0 } });
  }
  const step = (t: number) => {
    for (const l of live) {
      if (written.has(`${l.point.table}:${l.point.address}`)) continue;
      write(l.bank, l.point, valueAt(l.point.generator, t, l.state, rnd));
    }
  };
  step(0);
  return { device, step };
}
