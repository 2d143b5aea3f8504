import type { DeviceProbe } from '../../shared/contract';
import { exceptionLabel } from '../../shared/modbus/exceptions';
import type { Device, Tag, TagSource } from '../../shared/project/schema';
import type { DeviceDriver } from '../drivers/driver';

/** What a probe reads: one holding register at the start of the table (Modbus), the server's state (OPC UA). */
function probeSource(device: Device): TagSource | null {
  if (device.protocol === 'modbus') return { kind: 'modbus', table: 'holding', address: 0, type: 'uint16', order: 'ABCD', scale: 1, offset: 0, sentinel: 'none' };
  // Server_ServerStatus_State: every OPC UA server has it.
  if (device.protocol === 'opcua') return { kind: 'opcua', nodeId: 'i=2259', samplingIntervalMs: -1, queueSize: 1, deadband: { kind: 'none', value: 0 } };
  return null;
}

const WHAT: Record<Device['protocol'], string> = { modbus: 'holding register 40001', opcua: 'the server state (i=2259)', cip: 'the Identity object' };

/** A master in its reconnect back-off says when it retries next; what an operator asked for is the reason itself. */
export function withoutRetryCountdown(message: string): string {
  return message.replace(/\s*\(retrying in [\d.]+ s\)$/, '');
}

/** Sort a failed read's reason into refused / timeout / reachable-with-an-answer. */
export function classify(reason: string, what: string): Pick<DeviceProbe, 'outcome' | 'detail'> {
  const r = withoutRetryCountdown(reason);
  if (r === 'timeout' || /\btimed? ?out\b|did not answer|no response/i.test(r)) return { outcome: 'timeout', detail: r === 'timeout' ? `no answer to a read of ${what}` : r };
  const exc = /^exception 0x([0-9A-F]{2})/i.exec(r);
  if (exc) {
    const code = parseInt(exc[1]!, 16);
    // A gateway that answers 0x0A / 0x0B for the unit: the socket is there, the device behind it is not.
    if (code === 0x0a || code === 0x0b) return { outcome: 'timeout', detail: `the gateway answers for the unit: ${exceptionLabel(code)}` };
    return { outcome: 'reachable', detail: `answers (a read of ${what} gave ${exceptionLabel(code)}: the device is there)` };
  }
  return { outcome: 'refused', detail: r.replace(/^(comm|port) lost: /, '') };
}

/**
 * Try a device once through its driver, as an acquisition would: one read (Modbus, OPC UA) or the identity (CIP).
 * Never throws: the outcome says reachable, refused or timeout, with the reason in the operator's words.
 */
export async function probeDevice(device: Device, driver: DeviceDriver, now: () => number = Date.now): Promise<DeviceProbe> {
  const what = WHAT[device.protocol];
  const done = (p: Pick<DeviceProbe, 'outcome' | 'detail'>): DeviceProbe => ({ deviceId: device.id, ...p, at: now() });
  try {
    const source = probeSource(device);
    if (!source) {
      if (!driver.identify) return done({ outcome: 'refused', detail: 'this device cannot be probed' });
      const id = await driver.identify();
      return done({ outcome: 'reachable', detail: `identified: ${[id.vendorName, id.productCode, id.revision].filter(Boolean).join(' ') || 'answers'}` });
    }
    const tag: Tag = { name: '$probe', path: '', source, units: '', access: 'read', deadband: 0, scanClassMs: 1000, description: '' };
    const [reading] = await driver.readOnce([{ key: '$probe', tag }]);
    if (!reading) return done({ outcome: 'refused', detail: 'the driver returned nothing' });
    if (reading.quality.status !== 'bad') return done({ outcome: 'reachable', detail: `answers: ${what} = ${String(reading.value)}` });
    return done(classify(reading.quality.reason ?? 'bad quality', what));
  } catch (err) {
    return done(classify(err instanceof Error ? err.message : String(err), what));
  }
}
