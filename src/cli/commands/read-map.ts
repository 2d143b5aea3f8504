import { toHex16 } from '../../shared/codec/registers';
import { FieldbenchError } from '../../shared/errors';
import { formatProblem } from '../../shared/import';
import { codecOf, type Tag } from '../../shared/project/schema';
import { toProjectTag } from '../../shared/tags/imported';
import { tagWidth } from '../../shared/codec/spec';
import { toConventional } from '../../shared/modbus/tables';
import { createChannel } from '../../engine/modbus/channel-factory';
import { TagPoller } from '../../engine/modbus/tag-poller';
import { decodeForReading } from '../../engine/tags/tag-decoder';
import type { Connection } from '../../shared/project/schema';
import { load } from './map';

type ImportFlagValues = Parameters<typeof load>[1];

/**
 * `fieldbench read --map FILE`: every tag of a register map, read through the block planner in as few requests as
 * the device allows, decoded by the shared codec; one JSON object per tag with --json.
 */
export async function readMap(file: string, flags: ImportFlagValues, connection: Connection, unitId: number, json: boolean, out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const imported = load(file, flags);
  for (const p of imported.problems.filter((x) => x.severity === 'error')) err(formatProblem(p));
  const tags: Tag[] = [];
  for (const t of imported.tags) {
    const c = toProjectTag(t);
    if (c.ok) tags.push(c.tag);
    else err(formatProblem(c.problem));
  }
  if (tags.length === 0) throw new FieldbenchError('invalid_input', `${file}: no tags to read`);
  const specs = new Map(tags.map((t) => [t.name, codecOf(t)]));
  const sfKey = (a: number, table: string) => `sf:${table}:${a}`;
  const polled = tags.map((t) => ({ key: t.name, unitId, table: t.table, address: t.address, width: tagWidth(specs.get(t.name)!), scanClassMs: 1000 }));
  for (const t of tags) if (t.sfAddress !== undefined) polled.push({ key: sfKey(t.sfAddress, t.table), unitId, table: t.table, address: t.sfAddress, width: 1, scanClassMs: 1000 });
  const channel = createChannel(connection);
  try {
    const poller = new TagPoller(channel, polled, () => undefined, { maxGap: 16 });
    const readings = new Map((await poller.scanOnce()).map((r) => [r.key, r]));
    let bad = 0;
    for (const t of tags) {
      const r = readings.get(t.name)!;
      const sf = t.sfAddress !== undefined ? readings.get(sfKey(t.sfAddress, t.table))?.raw?.[0] : undefined;
      const d = r.raw ? decodeForReading(r.raw, specs.get(t.name)!, sf) : { value: null, quality: r.quality };
      if (d.quality.status === 'bad') bad++;
      const register = toConventional(t.table, t.address);
      if (json) out(JSON.stringify({ name: t.name, register, value: d.value, ...('label' in d && d.label ? { label: d.label } : {}), units: t.units, quality: d.quality, raw: r.raw ?? [] }));
      else out(`${t.name.padEnd(28)} ${register.padStart(6)}  ${String(d.value ?? '—').padStart(14)} ${t.units.padEnd(6)} ${d.quality.status}${d.quality.reason ? ` (${d.quality.reason})` : ''}  [${(r.raw ?? []).map(toHex16).join(' ')}]`);
    }
    err(`${tags.length} tags in ${poller.stats()[0]?.requestsPerScan ?? 0} requests`);
    return bad > 0 ? 1 : 0;
  } finally {
    await channel.close();
  }
}
