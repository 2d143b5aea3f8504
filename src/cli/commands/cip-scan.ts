import { parseArgs } from 'node:util';
import { deviceTypeName, listIdentityTcp, listIdentityUdp, vendorName } from '../../engine/cip/identity';
import { parseEndpoint, parseIntFlag } from '../args';

export const CIP_SCAN_HELP = `fieldbench scan --cip ADDRESS[:PORT] [--tcp] [--timeout MS] [--json]
  EtherNet/IP List Identity to the address typed only (a controller, or a subnet's broadcast address such as
  192.168.1.255), over UDP (--tcp: over TCP to one controller): vendor, device type, product code and name,
  revision, serial number, status and IP of every device that answers within --timeout (default 2000).`;

/** `scan --cip`: List Identity to one address. */
export async function cipScanCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { cip: { type: 'string' }, tcp: { type: 'boolean', default: false }, timeout: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const { host, port } = parseEndpoint(values.cip, '--cip', 44818);
  const timeoutMs = parseIntFlag(values.timeout, '--timeout', 100, 60_000, 2000);
  err(`List Identity to ${host}:${port} over ${values.tcp ? 'TCP' : 'UDP'}...`);
  const found = values.tcp ? await listIdentityTcp(host, port, timeoutMs) : await listIdentityUdp(host, port, timeoutMs);
  for (const d of found) {
    if (values.json) out(JSON.stringify({ ...d, vendor: vendorName(d.vendorId), deviceTypeName: deviceTypeName(d.deviceType) }));
    else out(`${d.ip}:${d.port}  ${d.productName}  (${vendorName(d.vendorId)}, ${deviceTypeName(d.deviceType)}, product code ${d.productCode}, revision ${d.revision}, serial ${d.serialNumber}, status 0x${d.status.toString(16).padStart(4, '0')})`);
  }
  err(`${found.length} device${found.length === 1 ? '' : 's'} answered`);
  return found.length ? 0 : 1;
}
