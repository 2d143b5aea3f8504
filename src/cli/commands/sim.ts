import { parseArgs } from 'node:util';
import { FieldbenchError } from '../../shared/errors';
import { createDemoPlant, DEMO_PLANT_POINTS } from '../../engine/modbus/sim/demo-plant';
import { serveTcp } from '../../engine/modbus/sim/tcp-server';
import { parseEndpoint, parseIntFlag } from '../args';
import { toConventional } from '../../shared/modbus/tables';

export const SIM_HELP = `fieldbench sim modbus [--tcp HOST:PORT] [--unit N]

  Serves the demo plant (tank, pump, valve) as a Modbus TCP slave until stopped (Ctrl+C).
  --tcp   where to listen, default 127.0.0.1:5020
  --unit  unit id of the demo plant, default 1`;

export async function simCommand(argv: string[], out: (line: string) => void, until: Promise<void>): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind !== 'modbus') throw new FieldbenchError('invalid_input', `unknown simulator "${kind ?? ''}": try "fieldbench sim modbus"`);
  const { values } = parseArgs({ args: rest, options: { tcp: { type: 'string' }, unit: { type: 'string' } }, strict: true });
  const endpoint = parseEndpoint(values.tcp ?? '127.0.0.1:5020', '--tcp', 5020);
  const unitId = parseIntFlag(values.unit, '--unit', 1, 247, 1);
  const plant = createDemoPlant(unitId);
  plant.start();
  const sim = await serveTcp(plant.device, endpoint);
  out(`Modbus TCP simulator: demo plant, unit ${unitId}, listening on ${sim.host}:${sim.port}`);
  for (const p of DEMO_PLANT_POINTS) out(`  ${toConventional('holding', p.address)}  ${p.name} (${p.type}${p.scale !== 1 ? ` x ${p.scale}` : ''}${p.units ? `, ${p.units}` : ''})`);
  await until;
  plant.stop();
  await sim.close();
  return 0;
}
