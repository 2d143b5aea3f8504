import type { DeviceIdentity } from '../../shared/contract';
import { FieldbenchError } from '../../shared/errors';
import type { CipConnection, Device, TagSource } from '../../shared/project/schema';
import type { Acquisition, AcquireItem, DeviceDriver, PreparedWrite, SourceReading } from '../drivers/driver';
import { CipAcquisition } from './acquisition';
import { classInstancePath } from './epath';
import { decodeIdentityAttributes, deviceTypeName, vendorName } from './identity';
import { encodeRequest, SERVICE } from './messages';
import { TagReader } from './reader';
import { readItemsOnce } from './readings';
import { CipSession, type CipStateListener } from './session';
import { cipStatusName } from './status';
import { prepareCipWrite } from './write';

/**
 * One Logix controller as a device: a class 3 connection opened on first use and reopened after a drop, tags polled
 * by scan class in Multiple Service Packets, written through the one confirmed write path.
 */
export class CipDriver implements DeviceDriver {
  readonly protocol = 'cip' as const;
  readonly session: CipSession;
  private readonly reader: TagReader;

  constructor(
    readonly device: Device,
    readonly connection: CipConnection,
    onState?: CipStateListener,
  ) {
    this.session = new CipSession(connection);
    if (onState) this.session.onState(onState);
    this.reader = new TagReader(this.session);
  }

  acquire(items: readonly AcquireItem[], sink: (readings: SourceReading[]) => void): Acquisition {
    const acquisition = new CipAcquisition(this.reader, items, sink);
    acquisition.start();
    return acquisition;
  }

  readOnce(items: readonly AcquireItem[]): Promise<SourceReading[]> {
    return readItemsOnce(this.reader, items);
  }

  prepareWrite(source: TagSource, value: number | boolean | string): Promise<PreparedWrite> {
    if (source.kind !== 'cip') return Promise.reject(new FieldbenchError('invalid_input', `device "${this.device.name}" is an EtherNet/IP controller; it cannot write a ${source.kind} tag`));
    return prepareCipWrite(this.session, source, value);
  }

  /** The controller's Identity object (Get Attribute All of class 1, instance 1) on the connection. */
  async identify(): Promise<DeviceIdentity> {
    const reply = await this.session.request(encodeRequest(SERVICE.GET_ATTRIBUTE_ALL, classInstancePath(0x01, 1)));
    if (reply.general !== 0) throw new FieldbenchError('protocol_error', `Identity object of ${this.session.address}: ${cipStatusName(reply)}`);
    let id;
    try {
      id = decodeIdentityAttributes(reply.data);
    } catch (err) {
      throw new FieldbenchError('protocol_error', `Identity object of ${this.session.address}: ${(err as Error).message}`);
    }
    return {
      vendorName: vendorName(id.vendorId),
      productCode: String(id.productCode),
      revision: id.revision,
      objects: { productName: id.productName, deviceType: deviceTypeName(id.deviceType), serialNumber: id.serialNumber, status: `0x${id.status.toString(16).padStart(4, '0')}` },
    };
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
