import { z } from 'zod';
import { ByteOrder, DataType } from '../codec/types';
import { ModbusTable } from '../modbus/tables';
import { checkReadRange, Id, Tag, Watch, WatchFields } from '../project/schema';
import { Quality } from '../quality';
import { Empty } from './app';

export const ReadInput = z
  .object({
    deviceId: Id,
    table: ModbusTable,
    /** 0-based protocol address, as sent on the wire (holding register 40001 is address 0). */
    address: z.number().int().min(0).max(65535),
    count: z.number().int().min(1).max(2000),
    type: DataType.default('uint16'),
    order: ByteOrder.default('ABCD'),
  })
  .superRefine(checkReadRange);

export const DecodedValue = z.object({
  address: z.number().int(),
  registers: z.array(z.number().int()),
  value: z.union([z.number(), z.boolean()]).nullable(),
  quality: Quality,
});
export type DecodedValue = z.infer<typeof DecodedValue>;

export const ReadResult = z.object({
  deviceId: Id,
  table: ModbusTable,
  address: z.number().int(),
  count: z.number().int(),
  /** Raw 16-bit words for register tables; 0/1 for bit tables. Empty when the read failed. */
  raw: z.array(z.number().int()),
  values: z.array(DecodedValue),
  quality: Quality,
  receivedAt: z.number(),
  durationMs: z.number(),
});
export type ReadResult = z.infer<typeof ReadResult>;

export const AddWatchInput = WatchFields.omit({ id: true }).superRefine(checkReadRange);

export const WatchUpdate = z.object({
  watchId: Id,
  seq: z.number().int(),
  raw: z.array(z.number().int()),
  quality: Quality,
  receivedAt: z.number(),
  durationMs: z.number(),
});
export type WatchUpdate = z.infer<typeof WatchUpdate>;

export const SunSpecDiscovery = z.object({
  base: z.number().int(),
  models: z.array(z.object({ id: z.number().int(), name: z.string(), address: z.number().int(), length: z.number().int(), known: z.boolean() })),
  tags: z.array(Tag),
  notes: z.array(z.string()),
});

export const modbusRequests = {
  'modbus.read': { input: ReadInput, output: ReadResult },
  'watches.list': { input: Empty, output: z.array(Watch) },
  'watches.add': { input: AddWatchInput, output: Watch },
  'watches.remove': { input: z.object({ watchId: Id }), output: Empty },
  'sunspec.discover': { input: z.object({ deviceId: Id }), output: SunSpecDiscovery },
} as const;

export const modbusEvents = {
  'watch.update': WatchUpdate,
} as const;
