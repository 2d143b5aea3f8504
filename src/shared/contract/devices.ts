import { z } from 'zod';
import { Connection, Device, DisplayName, Host, Id, Port, RtuTiming, SerialLine, UnitId } from '../project/schema';
import { ScanProgress, ScanRequest } from '../schemas/scan';
import { SerialPortList } from '../schemas/serial';
import { Empty } from './app';

export const DeviceList = z.object({ connections: z.array(Connection), devices: z.array(Device) });

export const AddTcpDeviceInput = z.object({
  name: DisplayName,
  host: Host,
  port: Port.default(502),
  unitId: UnitId.default(1),
  timeoutMs: z.number().int().min(50).max(60000).default(1000),
});

export const AddRtuDeviceInput = z.object({ name: DisplayName, unitId: z.number().int().min(1).max(247).default(1), ...SerialLine.shape, ...RtuTiming.shape });
export const AddRtuOverTcpDeviceInput = z.object({ name: DisplayName, unitId: UnitId.default(1), host: Host, port: Port.default(4001), ...RtuTiming.shape });

/** The outcome of trying a device once (on add, or when asked): one read or its identity, through its driver. */
export const DeviceProbe = z.object({
  deviceId: Id,
  /** reachable: it answered (an exception answer counts: the device is there); refused: no connection; timeout: no answer. */
  outcome: z.enum(['reachable', 'refused', 'timeout']),
  /** The reason or the answer, in the operator's words. */
  detail: z.string(),
  at: z.number(),
});
export type DeviceProbe = z.infer<typeof DeviceProbe>;

export const DeviceStats = z.object({
  deviceId: Id,
  protocol: z.enum(['modbus', 'opcua', 'cip']),
  requests: z.number().int(),
  responses: z.number().int(),
  timeouts: z.number().int(),
  crcErrors: z.number().int(),
  exceptions: z.record(z.string(), z.number().int()),
  meanMs: z.number(),
  p95Ms: z.number(),
  /** Responses on the device's connection that matched no request (late answers, noise). */
  stray: z.number().int(),
  /** The last state the engine saw of the device's connection (a page that opens later has not seen the event). */
  link: z.object({ state: z.enum(['idle', 'connecting', 'connected', 'disconnected', 'error']), detail: z.string().optional(), at: z.number() }).optional(),
  /** The last probe of the device (on add, or asked for). */
  probe: DeviceProbe.optional(),
  /** Scans of a protocol that has no request counters here (OPC UA subscriptions, CIP): scans done and the last one's time. */
  scans: z.object({ scans: z.number().int(), overruns: z.number().int(), lastScanMs: z.number() }).optional(),
});

export const DeviceIdentity = z.object({
  vendorName: z.string().nullable(),
  productCode: z.string().nullable(),
  revision: z.string().nullable(),
  objects: z.record(z.string(), z.string()),
});

export type DeviceIdentity = z.infer<typeof DeviceIdentity>;

export const ConnectionState = z.object({
  connectionId: Id,
  state: z.enum(['idle', 'connecting', 'connected', 'disconnected', 'error']),
  detail: z.string().optional(),
  at: z.number(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

const Added = z.object({ device: Device, connection: Connection });

export const deviceRequests = {
  'devices.list': { input: Empty, output: DeviceList },
  'devices.addTcp': { input: AddTcpDeviceInput, output: Added },
  'devices.addRtu': { input: AddRtuDeviceInput, output: Added },
  'devices.addRtuOverTcp': { input: AddRtuOverTcpDeviceInput, output: Added },
  'devices.remove': { input: z.object({ deviceId: Id }), output: Empty },
  'devices.stats': { input: Empty, output: z.array(DeviceStats) },
  'devices.identify': { input: z.object({ deviceId: Id }), output: DeviceIdentity },
  'devices.probe': { input: z.object({ deviceId: Id }), output: DeviceProbe },

  'serial.list': { input: Empty, output: SerialPortList },

  'scan.start': { input: ScanRequest, output: ScanProgress },
  'scan.cancel': { input: z.object({ scanId: z.string().max(64) }), output: z.object({ cancelled: z.boolean() }) },
} as const;

export const deviceEvents = {
  'connection.state': ConnectionState,
  'devices.changed': DeviceList,
  'serial.ports': SerialPortList,
  'scan.progress': ScanProgress,
} as const;
