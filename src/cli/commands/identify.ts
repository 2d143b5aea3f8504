import { parseArgs } from 'node:util';
import { printable } from '../../shared/printable';
import { parseIntFlag } from '../args';
import { CLI_DEVICE_ID, cliCore, singleDeviceProject } from '../cli-engine';
import { CONNECTION_OPTIONS, connectionFromFlags } from '../connection-flags';

export const IDENTIFY_HELP = `fieldbench identify (--tcp HOST:PORT | --rtu PORT | --rtu-over-tcp HOST:PORT) --unit N [--json]
  Reads the device identification objects (FC 43 / MEI 14): vendor, product code, revision.`;

export async function identifyCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...CONNECTION_OPTIONS, unit: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const core = cliCore(singleDeviceProject(connectionFromFlags(values), parseIntFlag(values.unit, '--unit', 0, 255, 1)));
  try {
    const id = await core.device(CLI_DEVICE_ID).driver.identify!();
    if (values.json) out(JSON.stringify(id));
    else out(`vendor ${printable(id.vendorName ?? '?')}, product ${printable(id.productCode ?? '?')}, revision ${printable(id.revision ?? '?')}`);
    return 0;
  } finally {
    await core.close();
  }
}
