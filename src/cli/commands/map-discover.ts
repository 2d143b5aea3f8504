import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportFieldbenchJson } from '../../shared/import';
import { toImportedTag } from '../../shared/tags/imported';
import { toConventional } from '../../shared/modbus/tables';
import { refuseBroadcastRead } from '../../engine/modbus/read-range';
import { discoverSunSpec } from '../../engine/sunspec/discover';
import { sunspecBasesText } from '../../shared/sunspec/marker';
import { parseIntFlag } from '../args';
import { CLI_DEVICE_ID, cliCore, singleDeviceProject } from '../cli-engine';
import { CONNECTION_OPTIONS, connectionFromFlags } from '../connection-flags';

export const MAP_DISCOVER_HELP = `fieldbench map discover (--tcp HOST:PORT | --rtu PORT | --rtu-over-tcp HOST:PORT) --unit N [--out FILE] [--json]
  Finds the SunSpec marker "SunS" at holding register ${sunspecBasesText()}, walks the model chain
  and writes the tag map (Fieldbench JSON) built from the SunSpec model definitions Fieldbench ships (all 112
  published models). Tags are named model.point ("inverter_three_phase.W"); a repeating group's points carry the
  group and its 1-based instance ("mppt.module[2].DCA", "DERTripLV.Crv[1].MustTrip.Pt[3].V"); a model the device
  has twice names its second copy "ac_meter[2]". Repeating groups are laid out as the device has them (its L and
  count points); a model without a definition (a vendor's) is listed and skipped by its length.`;

export async function mapDiscoverCommand(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...CONNECTION_OPTIONS, unit: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const connection = connectionFromFlags(values);
  const unitId = parseIntFlag(values.unit, '--unit', 0, 255, 1);
  const core = cliCore(singleDeviceProject(connection, unitId));
  const { channel } = core.modbus(CLI_DEVICE_ID);
  try {
    refuseBroadcastRead(core, CLI_DEVICE_ID);
    const d = await discoverSunSpec(channel, unitId);
    for (const m of d.models) err(`model ${m.id} ${m.name} at ${toConventional('holding', m.address)}, ${m.length} registers${m.known ? '' : ' (no definition: skipped)'}`);
    for (const n of d.notes) err(`note: ${n}`);
    const doc = exportFieldbenchJson(d.tags.map((t, i) => toImportedTag(t, 'sunspec-discovery', i + 1)));
    if (values.out) {
      writeFileSync(values.out, doc);
      err(`${d.tags.length} tags written to ${values.out}`);
    }
    if (values.json) out(JSON.stringify({ base: d.base, models: d.models, notes: d.notes, tags: d.tags }));
    else if (!values.out) out(doc);
    return 0;
  } finally {
    await core.close();
  }
}
