import { FieldbenchError } from '../../shared/errors';
import { toConventional } from '../../shared/modbus/tables';
import type { ModbusTag } from '../../shared/project/schema';
import { END_MODEL_ID, SUNS_MARKER, SUNSPEC_BASES, modelTags } from '../../shared/sunspec/model';
import { sunspecModels } from '../../shared/sunspec/models';
import { ModbusException } from '../modbus/exceptions';
import { readRaw, type PduChannel } from '../modbus/read';

export interface DiscoveredModel {
  id: number;
  name: string;
  /** 0-based wire address of the model's ID register. */
  address: number;
  length: number;
  known: boolean;
}

export interface SunSpecDiscovery {
  base: number;
  models: DiscoveredModel[];
  tags: ModbusTag[];
  notes: string[];
}

async function tryRead(channel: PduChannel, unitId: number, address: number, count: number): Promise<number[] | null> {
  try {
    return await readRaw(channel, { unitId, table: 'holding', address, count });
  } catch (err) {
    if (err instanceof ModbusException) return null;
    throw err;
  }
}

/**
 * Find the "SunS" marker at the usual base addresses, walk the model chain (ID, length, ... until 0xFFFF), and
 * build the tag map from the model definitions Fieldbench ships. Unknown models are listed, not guessed.
 */
export async function discoverSunSpec(channel: PduChannel, unitId: number, maxModels = 64): Promise<SunSpecDiscovery> {
  let base: number | null = null;
  for (const b of SUNSPEC_BASES) {
    const m = await tryRead(channel, unitId, b, 2);
    if (m && m[0] === SUNS_MARKER[0] && m[1] === SUNS_MARKER[1]) {
      base = b;
      break;
    }
  }
  if (base === null) throw new FieldbenchError('not_found', `no SunSpec marker "SunS" at holding registers ${SUNSPEC_BASES.map((b) => toConventional('holding', b)).join(', ')} of unit ${unitId}`);
  const defs = sunspecModels();
  const models: DiscoveredModel[] = [];
  const tags: ModbusTag[] = [];
  const notes: string[] = [];
  let address = base + 2;
  for (let i = 0; i < maxModels; i++) {
    const head = await tryRead(channel, unitId, address, 2);
    if (!head) {
      notes.push(`the model chain breaks at register ${toConventional('holding', address)}: the device answered an exception`);
      break;
    }
    const [id, length] = head as [number, number];
    if (id === END_MODEL_ID) break;
    const def = defs.get(id);
    models.push({ id, name: def?.group.name ?? `model_${id}`, address, length, known: !!def });
    if (def) {
      const seen = models.filter((m) => m.id === id).length;
      const r = modelTags(def, address, seen > 1 ? `${def.group.name}_${seen}` : def.group.name);
      tags.push(...r.tags);
      notes.push(...r.notes.map((n) => `${def.group.name}: ${n}`));
    } else {
      notes.push(`model ${id} (${length} registers at ${toConventional('holding', address)}) has no definition in this version; skipped`);
    }
    address += 2 + length;
  }
  return { base, models, tags, notes };
}
