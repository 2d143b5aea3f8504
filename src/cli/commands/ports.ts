import { parseArgs } from 'node:util';
import { listSerialPorts } from '../../engine/serial/list-ports';

export async function portsCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, strict: true });
  const list = await listSerialPorts();
  if (list.note) err(`note: ${list.note}`);
  if (values.json) out(JSON.stringify(list));
  else if (list.ports.length === 0) out('no serial ports found');
  else for (const p of list.ports) out(`${p.path.padEnd(16)} ${p.friendlyName}${p.vendorId ? `  [${p.vendorId}:${p.productId ?? '?'}]` : ''}`);
  return 0;
}
