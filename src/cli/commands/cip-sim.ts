import { parseArgs } from 'node:util';
import { startCipSim } from '../../engine/cip/sim/sim-server';
import { parseIntFlag } from '../args';

export const CIP_SIM_HELP = `fieldbench sim cip [--port 44818]
  A Logix-like EtherNet/IP controller on 127.0.0.1 until stopped: List Identity (UDP and TCP), Register Session,
  Forward Open and Large Forward Open, Read/Write Tag, Read Tag Fragmented, Multiple Service Packet, the tag list
  and templates; atomic tags of every type, arrays, a STRING, UDTs with nested members (Motor_1, Motors[3]), a
  program scope (Program:MainProgram) and values that move. --port 0 picks a free port.`;

/** `sim cip`: run the controller simulator until `until` resolves. */
export async function simCipCommand(argv: string[], out: (line: string) => void, until: Promise<void>): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true });
  const sim = await startCipSim({ port: parseIntFlag(values.port, '--port', 0, 65535, 44818) });
  const count = sim.tags.controller.length + [...sim.tags.programs.values()].reduce((n, p) => n + p.length, 0);
  out(`EtherNet/IP controller simulator listening on 127.0.0.1:${sim.port} (TCP and UDP)`);
  out(`  "${sim.identity.productName}", ${count} tags; route path 1,0 or none; try: fieldbench tags --cip 127.0.0.1:${sim.port}`);
  await until;
  await sim.close();
  return 0;
}
