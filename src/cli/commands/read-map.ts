import { refuseBroadcastRead } from '../../engine/modbus/read-range';
import { toHex16 } from '../../shared/codec/registers';
import { FieldbenchError } from '../../shared/errors';
import { formatProblem } from '../../shared/import';
import type { ModbusConnection, ModbusTag } from '../../shared/project/schema';
import { tagKey } from '../../shared/project/schema';
import { sourceAddressText } from '../../shared/tags/source-text';
import { toProjectTag } from '../../shared/tags/imported';
import { CLI_DEVICE_ID, CLI_MAP_ID, cliCore, singleDeviceProject } from '../cli-engine';
import { load } from './map';

type ImportFlagValues = Parameters<typeof load>[1];

/**
 * `fieldbench read --map FILE`: every tag of a register map, read once through the engine's own driver and pipeline
 * (the block planner, scale factors, the shared codec) exactly as the app polls it; one JSON object per tag with --json.
 */
export async function readMap(file: string, flags: ImportFlagValues, connection: ModbusConnection, unitId: number, json: boolean, out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const imported = load(file, flags);
  for (const p of imported.problems.filter((x) => x.severity === 'error')) err(formatProblem(p));
  const tags: ModbusTag[] = [];
  for (const t of imported.tags) {
    const c = toProjectTag(t);
    if (c.ok) tags.push(c.tag);
    else err(formatProblem(c.problem));
  }
  if (tags.length === 0) throw new FieldbenchError('invalid_input', `${file}: no tags to read`);
  const core = cliCore(singleDeviceProject(connection, unitId, tags));
  try {
    // Unit 0 on a serial line is a broadcast nobody answers: refused as `read` refuses it, before anything is sent.
    refuseBroadcastRead(core, CLI_DEVICE_ID);
    const { channel } = core.modbus(CLI_DEVICE_ID);
    const before = channel.stats.snapshot(unitId).requests;
    const readings = new Map((await core.readOnce(CLI_DEVICE_ID)).map((r) => [r.key, r]));
    let bad = 0;
    for (const t of tags) {
      const r = readings.get(tagKey(CLI_MAP_ID, t.name));
      const quality = r?.quality ?? { status: 'bad' as const, reason: 'not read' };
      const raw = r?.raw ?? [];
      if (quality.status === 'bad') bad++;
      const register = sourceAddressText({ ...t.source, bit: undefined });
      if (json) out(JSON.stringify({ name: t.name, register, value: r?.value ?? null, ...(r?.label ? { label: r.label } : {}), units: t.units, quality, raw }));
      else out(`${t.name.padEnd(28)} ${register.padStart(6)}  ${String(r?.value ?? '—').padStart(14)} ${t.units.padEnd(6)} ${quality.status}${quality.reason ? ` (${quality.reason})` : ''}  [${raw.map(toHex16).join(' ')}]`);
    }
    err(`${tags.length} tags in ${channel.stats.snapshot(unitId).requests - before} requests`);
    return bad > 0 ? 1 : 0;
  } finally {
    await core.close();
  }
}
