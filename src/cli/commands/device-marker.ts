import { FieldbenchError } from '../../shared/errors';
import { discoverSunSpec } from '../../engine/sunspec/discover';
import { parseIntFlag } from '../args';
import { CLI_DEVICE_ID, cliCore, singleDeviceProject } from '../cli-engine';
import { CONNECTION_OPTIONS, connectionFromFlags } from '../connection-flags';

export const DEVICE_MARKER_OPTIONS = { ...CONNECTION_OPTIONS, unit: { type: 'string' } } as const;

type Flags = { [K in keyof typeof DEVICE_MARKER_OPTIONS]?: (typeof DEVICE_MARKER_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/**
 * `map check FILE --tcp HOST:PORT --unit N`: where the device has its "SunS" marker (SunSpec discovery, reads only),
 * so the off-by-one check holds the map against the device instead of the usual bases. No device flag: undefined.
 * A device without a marker, or one that does not answer, is a note on stderr; the check goes on without it.
 */
export async function deviceSunSpecBase(flags: Flags, err: (line: string) => void): Promise<number | undefined> {
  if (!flags.tcp && !flags.rtu && !flags['rtu-over-tcp']) {
    if (flags.unit !== undefined) throw new FieldbenchError('invalid_input', '--unit needs a device: --tcp HOST:PORT, --rtu PORT or --rtu-over-tcp HOST:PORT');
    return undefined;
  }
  const connection = connectionFromFlags(flags);
  const unitId = parseIntFlag(flags.unit, '--unit', 0, 255, 1);
  const core = cliCore(singleDeviceProject(connection, unitId));
  const { channel } = core.modbus(CLI_DEVICE_ID);
  try {
    const found = await discoverSunSpec(channel, unitId, 1);
    err(`note: the device (unit ${unitId}) has its SunSpec marker "SunS" at wire address ${found.base}; the map is held against it`);
    return found.base;
  } catch (e) {
    err(`note: could not find the device's SunSpec marker (${e instanceof Error ? e.message : String(e)}); the map is checked on its own`);
    return undefined;
  } finally {
    await core.close();
  }
}
