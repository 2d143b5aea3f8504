import { parseArgs } from 'node:util';
import { startDemoServer } from '../../engine/opcua/demo-server';
import { parseIntFlag } from '../args';
import { dataDirOf } from './opcua-flags';

export const OPCUA_SIM_HELP = `fieldbench sim opcua [--port 4840] [--machines N] [--home DIR]
  An OPC UA demo server on 127.0.0.1 until stopped: a plant (areas, machines) with moving process values, read-write
  settings, every scalar type and an array, methods (ApplyRecipe on each machine, Plant.Scale); security None and SignAndEncrypt Basic256Sha256; anonymous login and
  user "operator" with a password generated at start and printed. --port 0 picks a free port; --machines per area (8).`;

/** `sim opcua`: run the demo server until `until` resolves. */
export async function simOpcUaCommand(argv: string[], out: (line: string) => void, until: Promise<void>): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, machines: { type: 'string' }, home: { type: 'string' } }, strict: true });
  const server = await startDemoServer({
    port: parseIntFlag(values.port, '--port', 0, 65535, 4840),
    machinesPerArea: parseIntFlag(values.machines, '--machines', 1, 500, 8),
    dataDir: dataDirOf(values.home),
  });
  out(`OPC UA demo server listening on ${server.url}`);
  out('  security: None, and SignAndEncrypt Basic256Sha256 (client certificates are accepted automatically: a demo, not a plant)');
  out(`  login: anonymous, or user "${server.user}" password "${server.password}" (generated for this run)`);
  out(`  address space: ns=1;s=Plant, areas ${server.areas.join(', ')}; ${server.machines} machines, ${server.variables} variables`);
  await until;
  await server.stop();
  return 0;
}
