import { FieldbenchError } from '../../shared/errors';
import { ModbusException } from './exceptions';
import { parseDeviceId, readDeviceIdRequest } from './pdu';
import type { PduChannel } from './read';

export interface DeviceIdentity {
  vendorName: string | null;
  productCode: string | null;
  revision: string | null;
  /** Every object the device returned, by id (0x00..). */
  objects: Record<string, string>;
}

const NAMES: Record<number, keyof Omit<DeviceIdentity, 'objects'>> = { 0: 'vendorName', 1: 'productCode', 2: 'revision' };

/** FC 43 / MEI 14 read device identification, basic stream, following "more follows" up to a few times. */
export async function readIdentity(channel: PduChannel, unitId: number): Promise<DeviceIdentity> {
  const id: DeviceIdentity = { vendorName: null, productCode: null, revision: null, objects: {} };
  let next = 0;
  for (let round = 0; round < 8; round++) {
    let res;
    try {
      res = parseDeviceId(await channel.request(unitId, readDeviceIdRequest(1, next)));
    } catch (err) {
      if (err instanceof ModbusException) throw new FieldbenchError('modbus_exception', `device identification (FC 43/14) not supported: ${err.message}`);
      if (err instanceof FieldbenchError) throw err;
      throw new FieldbenchError('protocol_error', (err as Error).message);
    }
    for (const [k, v] of res.objects) {
      id.objects[`0x${k.toString(16).padStart(2, '0')}`] = v;
      const name = NAMES[k];
      if (name) id[name] = v;
    }
    if (!res.moreFollows) break;
    next = res.nextObjectId;
  }
  return id;
}
