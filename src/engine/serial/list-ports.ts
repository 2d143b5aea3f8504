import { promises as fs } from 'node:fs';
import { SerialPort } from 'serialport';
import type { SerialPortInfo, SerialPortList } from '../../shared/schemas/serial';

/** USB-serial chips found in USB-RS485 adapters, by USB vendor id (and product id where the vendor makes others). */
const ADAPTERS: { vid: string; pids?: string[]; family: NonNullable<SerialPortInfo['adapter']>; chip: string }[] = [
  { vid: '0403', family: 'FTDI', chip: 'FTDI' },
  { vid: '1a86', pids: ['7523', '5523', '7522', '55d4'], family: 'CH340', chip: 'CH340/CH341' },
  { vid: '10c4', pids: ['ea60', 'ea70', 'ea71', 'ea80'], family: 'CP210x', chip: 'Silicon Labs CP210x' },
  { vid: '067b', pids: ['2303', '23a3', '23c3', '23d3'], family: 'PL2303', chip: 'Prolific PL2303' },
];

export function recogniseAdapter(vendorId?: string, productId?: string): { family: SerialPortInfo['adapter']; chip: string | null } {
  const vid = vendorId?.toLowerCase();
  const pid = productId?.toLowerCase();
  const hit = ADAPTERS.find((a) => a.vid === vid && (!a.pids || (pid !== undefined && a.pids.includes(pid))));
  return hit ? { family: hit.family, chip: hit.chip } : { family: null, chip: null };
}

export interface RawPort {
  path: string;
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  friendlyName?: string;
  pnpId?: string;
}

export function describePort(p: RawPort): SerialPortInfo {
  const { family, chip } = recogniseAdapter(p.vendorId, p.productId);
  const label = p.friendlyName ?? (chip ? `USB-RS485/serial adapter (${chip})` : p.manufacturer ? `${p.manufacturer} serial port` : 'Serial port');
  return {
    path: p.path,
    friendlyName: label.includes(p.path) ? label : `${label} — ${p.path}`,
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId.toLowerCase() } : {}),
    ...(p.productId ? { productId: p.productId.toLowerCase() } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    adapter: family,
  };
}

/** Device nodes that are serial ports on Linux, for when the OS listing fails (serialport needs udevadm there). */
async function deviceNodes(): Promise<string[]> {
  try {
    const names = await fs.readdir('/dev');
    return names.filter((n) => /^tty(USB|ACM|S|AMA|XRUSB)\d+$/.test(n)).map((n) => `/dev/${n}`);
  } catch {
    return [];
  }
}

/** Serial ports with friendly names; never throws. */
export async function listSerialPorts(list: () => Promise<RawPort[]> = () => SerialPort.list()): Promise<SerialPortList> {
  try {
    const ports = await list();
    return { ports: ports.map(describePort).sort((a, b) => (a.adapter ? 0 : 1) - (b.adapter ? 0 : 1) || a.path.localeCompare(b.path)) };
  } catch (err) {
    const nodes = process.platform === 'win32' ? [] : await deviceNodes();
    return {
      ports: nodes.map((path) => describePort({ path })),
      note: `the system port list is unavailable (${(err as Error).message.split('\n')[0]}); showing device nodes instead`,
    };
  }
}
