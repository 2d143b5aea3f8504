import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FieldbenchError } from '../../shared/errors';
import { toConventional } from '../../shared/modbus/tables';
import { createDemoPlant, DEMO_PLANT_POINTS, DEMO_SUNSPEC } from '../../engine/modbus/sim/demo-plant';
import { parseSunSpecList, writeSunSpecDevice, type SimSunSpecModel, type WrittenModel } from '../../engine/modbus/sim/sunspec-device';
import { SUNSPEC_BASES, holdingRegisterName } from '../../shared/sunspec/marker';
import { serveTcp } from '../../engine/modbus/sim/tcp-server';
import { serveRtu } from '../../engine/modbus/sim/rtu-server';
import { SimFaults } from '../../engine/modbus/sim/faults';
import { buildSimDevice, SimMap } from '../../engine/modbus/sim/sim-map';
import type { SimDevice } from '../../engine/modbus/sim/sim-device';
import { SerialLink } from '../../engine/transport/serial-link';
import { Parity } from '../../shared/project/schema';
import { oneOf, parseEndpoint, parseIntFlag } from '../args';
import { OPCUA_SIM_HELP, simOpcUaCommand } from './opcua-sim';
import { CIP_SIM_HELP, simCipCommand } from './cip-sim';

export const SIM_HELP = `fieldbench sim modbus [--tcp HOST:PORT] [--rtu PORT [--baud N] [--parity P] [--stop N]]
                     [--units 1,2,3 [--sunspec 1,103,160,...] | --map FILE] [--fault latency=MS,drop=R,crc=R,exception=R]

  Serves simulated devices until stopped (Ctrl+C): the demo plant (tank, pump, valve, and a SunSpec inverter of
  models 1 and 103) on each of --units (default 1), or the devices and generators (constant, ramp, sine,
  randomWalk) of a --map JSON file.
  --tcp      listen for Modbus TCP (default 127.0.0.1:5020 when --rtu is not given; port 0 picks a free one)
  --rtu      answer Modbus RTU on a serial port or pseudo-terminal (socat)
  --sunspec  the demo plant's SunSpec device has these models, in this order, from its "SunS" marker at 440001
             (wire 40000): any model Fieldbench has a definition of, with plausible values (some points not
             implemented, repeating groups with 2 instances, nested ones with 4); ID:L adds a vendor model of L
             registers that has no definition. Models 1 and 103 keep the demo inverter's values.
  --fault    inject faults: reply latency in ms, and rates 0..1 of dropped replies, corrupted CRCs, exception 04
${OPCUA_SIM_HELP}
${CIP_SIM_HELP}`;

/** The models of --sunspec, with the demo inverter's values for the models it has. */
function sunspecModels(spec: string): SimSunSpecModel[] {
  try {
    return parseSunSpecList(spec).map((m) => DEMO_SUNSPEC.find((d) => d.id === m.id) ?? m);
  } catch (err) {
    throw new FieldbenchError('invalid_input', `--sunspec: ${(err as Error).message}`);
  }
}

function describeSunSpec(models: WrittenModel[]): string[] {
  const last = models[models.length - 1];
  const end = last ? last.address + 2 + last.length : SUNSPEC_BASES[0] + 2;
  return [
    `SunSpec device: marker "SunS" at ${holdingRegisterName(SUNSPEC_BASES[0])}, ${models.length} models, end model at ${holdingRegisterName(end)}`,
    ...models.map((m) => `  ${toConventional('holding', m.address)}  model ${m.id} ${m.name}, ${m.length} registers`),
  ];
}

function parseFaults(spec: string | undefined): Partial<SimFaults> {
  if (!spec) return {};
  const names: Record<string, keyof SimFaults> = { latency: 'latencyMs', drop: 'dropRate', crc: 'corruptCrcRate', exception: 'exceptionRate' };
  const out: Record<string, number> = {};
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=');
    const key = names[k?.trim() ?? ''];
    if (!key || v === undefined || Number.isNaN(Number(v))) throw new FieldbenchError('invalid_input', `--fault: "${part}" is not one of latency=MS, drop=R, crc=R, exception=R`);
    out[key] = Number(v);
  }
  const parsed = SimFaults.partial().safeParse(out);
  if (!parsed.success) throw new FieldbenchError('invalid_input', `--fault: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function loadMap(file: string): SimMap {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FieldbenchError('invalid_input', `--map ${file}: ${(err as Error).message}`);
  }
  const parsed = SimMap.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new FieldbenchError('invalid_input', `--map ${file}: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data;
}

export async function simCommand(argv: string[], out: (line: string) => void, until: Promise<void>): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === 'opcua') return simOpcUaCommand(rest, out, until);
  if (kind === 'cip') return simCipCommand(rest, out, until);
  if (kind !== 'modbus') throw new FieldbenchError('invalid_input', `unknown simulator "${kind ?? ''}": try "fieldbench sim modbus", "sim opcua" or "sim cip"`);
  const { values } = parseArgs({
    args: rest,
    options: {
      tcp: { type: 'string' },
      rtu: { type: 'string' },
      baud: { type: 'string' },
      parity: { type: 'string' },
      stop: { type: 'string' },
      unit: { type: 'string' },
      units: { type: 'string' },
      map: { type: 'string' },
      sunspec: { type: 'string' },
      fault: { type: 'string' },
    },
    strict: true,
  });
  const faults = parseFaults(values.fault);
  let device: SimDevice;
  let stop: () => void;
  if (values.map && values.sunspec) throw new FieldbenchError('invalid_input', '--sunspec sets the demo plant\'s SunSpec device; a --map file has its own registers');
  if (values.map) {
    const sim = buildSimDevice(loadMap(values.map));
    const t0 = Date.now();
    const timer = setInterval(() => sim.step((Date.now() - t0) / 1000), 250);
    device = sim.device;
    stop = () => clearInterval(timer);
    out(`Simulating ${values.map}: units ${device.unitIds().join(', ')}`);
  } else {
    const unitList = (values.units ?? values.unit ?? '1').split(',').map((u) => parseIntFlag(u.trim(), '--units', 1, 247));
    const sunspec = sunspecModels(values.sunspec ?? DEMO_SUNSPEC.map((m) => m.id).join(','));
    const plant = createDemoPlant(unitList[0]);
    // The demo plant wrote its inverter (models 1 and 103); the SunSpec device is rewritten from a clean slate.
    plant.bank.holding.fill(0, SUNSPEC_BASES[0]);
    const written = writeSunSpecDevice(plant.bank, sunspec, SUNSPEC_BASES[0]);
    for (const u of unitList.slice(1)) plant.device.addUnit(u, plant.bank);
    plant.start();
    device = plant.device;
    stop = () => plant.stop();
    out(`Demo plant on unit${unitList.length > 1 ? 's' : ''} ${unitList.join(', ')}:`);
    for (const p of DEMO_PLANT_POINTS) out(`  ${toConventional('holding', p.address)}  ${p.name} (${p.type}${p.scale !== 1 ? ` x ${p.scale}` : ''}${p.units ? `, ${p.units}` : ''})`);
    for (const line of describeSunSpec(written)) out(line);
  }
  const closers: (() => Promise<void>)[] = [];
  if (values.tcp || !values.rtu) {
    const endpoint = parseEndpoint(values.tcp ?? '127.0.0.1:5020', '--tcp', 5020);
    const tcp = await serveTcp(device, { ...endpoint, faults });
    closers.push(() => tcp.close());
    out(`Modbus TCP simulator listening on ${tcp.host}:${tcp.port}`);
  }
  if (values.rtu) {
    const line = {
      path: values.rtu,
      baud: parseIntFlag(values.baud, '--baud', 300, 921600, 19200),
      dataBits: 8 as const,
      parity: oneOf(values.parity, '--parity', Parity.options, 'even'),
      stopBits: parseIntFlag(values.stop, '--stop', 1, 2, 1) as 1 | 2,
    };
    const rtu = await serveRtu(device, new SerialLink(line), faults);
    closers.push(() => rtu.close());
    out(`Modbus RTU simulator answering on ${rtu.description}`);
  }
  await until;
  stop();
  for (const c of closers) await c();
  return 0;
}
