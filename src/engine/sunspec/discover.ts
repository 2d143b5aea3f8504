import { FieldbenchError } from '../../shared/errors';
import { toConventional, MAX_READ_REGISTERS } from '../../shared/modbus/tables';
import type { ModbusTag } from '../../shared/project/schema';
import { needsCounts } from '../../shared/sunspec/layout';
import { END_MODEL_ID, SUNS_MARKER, SUNSPEC_BASES, holdingRegisterName, sunspecBasesText } from '../../shared/sunspec/marker';
import { layoutSunSpecModel, modelTags } from '../../shared/sunspec/model';
import { sunspecModel } from '../../shared/sunspec/models';
import { ModbusException } from '../modbus/exceptions';
import { readRaw, type PduChannel } from '../modbus/read';

export interface DiscoveredModel {
  id: number;
  name: string;
  /** 0-based wire address of the model's ID register. */
  address: number;
  /** The device's L: registers after ID and L. */
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

/** A whole model (ID, L and its L registers) in reads of at most 125 registers; null if the device refuses one. */
async function readModel(channel: PduChannel, unitId: number, address: number, count: number): Promise<number[] | null> {
  const out: number[] = [];
  for (let at = address; at < address + count; at += MAX_READ_REGISTERS) {
    const part = await tryRead(channel, unitId, at, Math.min(MAX_READ_REGISTERS, address + count - at));
    if (!part) return null;
    out.push(...part);
  }
  return out;
}

/**
 * Find the "SunS" marker at the usual base addresses, walk the model chain (ID, length, ... until 0xFFFF), and
 * build the tag map from the model definitions Fieldbench ships. A model with repeating groups counted by a point
 * (an MPPT's modules, a curve's points) is read whole first, so its groups are laid out as the device has them; a
 * model of count-0 groups repeats them to fill its L. A model Fieldbench has no definition of (a vendor's) is
 * listed, not guessed, and its L says where the next model starts.
 */
export async function discoverSunSpec(channel: PduChannel, unitId: number, maxModels = 64): Promise<SunSpecDiscovery> {
  let base: number | null = null;
  // A gateway whose unit does not answer says so with exception 0x0A / 0x0B at every base: that is the finding, not
  // "no marker" (the device may well have one).
  const gatewayFaults: string[] = [];
  for (const b of SUNSPEC_BASES) {
    let m: number[] | null = null;
    try {
      m = await readRaw(channel, { unitId, table: 'holding', address: b, count: 2 });
    } catch (err) {
      if (!(err instanceof ModbusException)) throw err;
      if (err.exceptionCode === 0x0a || err.exceptionCode === 0x0b) gatewayFaults.push(err.message);
    }
    if (m && m[0] === SUNS_MARKER[0] && m[1] === SUNS_MARKER[1]) {
      base = b;
      break;
    }
  }
  if (base === null && gatewayFaults.length === SUNSPEC_BASES.length) {
    throw new FieldbenchError('modbus_exception', `unit ${unitId} did not answer through its gateway: ${gatewayFaults[0]} at every SunSpec base (${sunspecBasesText()}); check the unit id and the line behind the gateway`);
  }
  if (base === null) throw new FieldbenchError('not_found', `no SunSpec marker "SunS" at holding register ${sunspecBasesText()} of unit ${unitId}`);
  const models: DiscoveredModel[] = [];
  const tags: ModbusTag[] = [];
  const notes: string[] = [];
  let address = base + 2;
  for (let i = 0; i < maxModels; i++) {
    if (address + 2 > 65536) {
      notes.push(`the model chain runs past the last holding register (${holdingRegisterName(65535)}) without an end marker: it ends there`);
      break;
    }
    const head = await tryRead(channel, unitId, address, 2);
    if (!head) {
      notes.push(`the model chain breaks at register ${holdingRegisterName(address)}: the device answered an exception`);
      break;
    }
    const [id, length] = head as [number, number];
    if (id === END_MODEL_ID) break;
    if (address + 2 + length > 65536) {
      notes.push(`model ${id} at register ${holdingRegisterName(address)} says it has ${length} registers, past the last register: the chain ends there`);
      break;
    }
    const def = sunspecModel(id);
    const seen = models.filter((m) => m.id === id).length + 1;
    models.push({ id, name: def?.group.name ?? `model_${id}`, address, length, known: !!def });
    if (def) {
      // A model the device has more than once: its second copy's tags are "ac_meter[2].W", the first keeps "ac_meter.W".
      const name = seen > 1 ? `${def.group.name}[${seen}]` : def.group.name;
      const registers = needsCounts(def.group) ? await readModel(channel, unitId, address, 2 + length) : null;
      const layout = layoutSunSpecModel(def, { length, count: (p) => registers?.[p.offset] });
      if (needsCounts(def.group) && !registers) notes.push(`${name}: the model could not be read whole (the device answered an exception), so its repeating groups are left out`);
      const r = modelTags(def, address, name, layout);
      tags.push(...r.tags);
      notes.push(...r.notes.map((n) => `${name}: ${n}`));
    } else {
      notes.push(`model ${id} (${length} registers at ${toConventional('holding', address)}) has no definition in this version: skipped to the next model at ${toConventional('holding', address + 2 + length)}`);
    }
    address += 2 + length;
    if (i === maxModels - 1) notes.push(`stopped after ${maxModels} models, before the end of the chain at ${holdingRegisterName(address)}`);
  }
  return { base, models, tags, notes };
}
