import { z } from 'zod';
import { DisplayName, Id, UnitId } from './fields';

/** One addressable device on a connection: a Modbus unit, an OPC UA server, a Logix controller. */
export const ModbusDevice = z.object({ id: Id, name: DisplayName, protocol: z.literal('modbus'), connectionId: Id, unitId: UnitId });
export const OpcUaDevice = z.object({ id: Id, name: DisplayName, protocol: z.literal('opcua'), connectionId: Id });
export const CipDevice = z.object({ id: Id, name: DisplayName, protocol: z.literal('cip'), connectionId: Id });

export const Device = z.discriminatedUnion('protocol', [ModbusDevice, OpcUaDevice, CipDevice]);
export type Device = z.infer<typeof Device>;
export type ModbusDevice = z.infer<typeof ModbusDevice>;
