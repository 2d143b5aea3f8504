import type { ParsedInput, ReadResult } from '../../shared/contract';
import { FieldbenchError } from '../../shared/errors';
import type { EngineCore } from '../core';
import { readDecoded } from './read';

/**
 * `modbus.read`: one raw range of a Modbus device's table, decoded as one type — the request behind the Live
 * screen's reads and `fieldbench read`. Unit 0 on a serial line is a broadcast, which nobody answers: refused.
 */
export function readRange(core: EngineCore, input: ParsedInput<'modbus.read'>): Promise<ReadResult> {
  refuseBroadcastRead(core, input.deviceId);
  const { device, channel } = core.modbus(input.deviceId);
  return readDecoded(channel, device.id, { unitId: device.unitId, ...input });
}

export function refuseBroadcastRead(core: EngineCore, deviceId: string): void {
  const { device, connection } = core.modbus(deviceId);
  if (device.unitId === 0 && connection.kind !== 'tcp') {
    throw new FieldbenchError('invalid_input', `unit 0 is the broadcast address on ${connection.name}: it is never answered, so it cannot be read, watched or scanned`);
  }
}
