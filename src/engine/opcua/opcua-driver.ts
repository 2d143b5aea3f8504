import { FieldbenchError } from '../../shared/errors';
import type { Device, OpcUaConnection, TagSource } from '../../shared/project/schema';
import type { Acquisition, AcquireItem, DeviceDriver, PreparedWrite, SourceReading } from '../drivers/driver';
import type { OpcUaEnvironment } from './environment';
import { readItems } from './readings';
import { OpcUaSession, type StateListener } from './session';
import { OpcUaAcquisition } from './subscription';
import { prepareOpcUaWrite } from './write';

/**
 * One OPC UA server as a device: a session opened on first use, tags acquired through one subscription, read once
 * with the Read service, and written through the one confirmed write path.
 */
export class OpcUaDriver implements DeviceDriver {
  readonly protocol = 'opcua' as const;
  readonly session: OpcUaSession;

  constructor(
    readonly device: Device,
    readonly connection: OpcUaConnection,
    env: OpcUaEnvironment,
    onState?: StateListener,
  ) {
    this.session = new OpcUaSession(connection, env);
    if (onState) this.session.onState(onState);
  }

  acquire(items: readonly AcquireItem[], sink: (readings: SourceReading[]) => void): Acquisition {
    const acquisition = new OpcUaAcquisition(this.session, items, sink);
    acquisition.start();
    return acquisition;
  }

  readOnce(items: readonly AcquireItem[]): Promise<SourceReading[]> {
    return readItems(this.session, items);
  }

  prepareWrite(source: TagSource, value: number | boolean | string): Promise<PreparedWrite> {
    if (source.kind !== 'opcua') return Promise.reject(new FieldbenchError('invalid_input', `device "${this.device.name}" is an OPC UA server; it cannot write a ${source.kind} tag`));
    return prepareOpcUaWrite(this.session, source, value);
  }

  /** Close the session (the device left the project, or the engine closes). */
  close(): Promise<void> {
    return this.session.close();
  }
}
