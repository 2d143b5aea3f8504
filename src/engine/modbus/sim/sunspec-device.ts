import { END_MODEL_ID, SUNS_MARKER } from '../../../shared/sunspec/marker';
import { layoutSunSpecModel } from '../../../shared/sunspec/model';
import { sunspecModel } from '../../../shared/sunspec/models';
import type { RegisterBank } from './register-bank';
import { modelImage, simulatedCounts, type SunSpecValues } from './sunspec-values';

export type { SunSpecValues } from './sunspec-values';

/** One model of a simulated SunSpec device. */
export interface SimSunSpecModel {
  id: number;
  /**
   * Raw register values by point name ("A", "module[2].DCA"): the points not named are not implemented, as on the
   * demo plant's inverter. Without values every point gets a plausible value (some left not implemented).
   */
  values?: SunSpecValues;
  /** A model Fieldbench has no definition of (a vendor's): its L, the registers left 0. */
  length?: number;
  /** Instances of the model's count-0 groups (an MPPT's modules, a combiner's strings). Default 2. */
  fill?: number;
}

export interface WrittenModel {
  id: number;
  /** 0-based wire address of the model's ID register. */
  address: number;
  length: number;
  name: string;
}

/** The models that `--sunspec 1,103,160,705,64900:8` names; a model without a definition needs its length. */
export function parseSunSpecList(spec: string): SimSunSpecModel[] {
  return spec.split(',').map((part) => {
    const m = /^\s*(\d+)(?::(\d+))?\s*$/.exec(part);
    if (!m) throw new RangeError(`"${part}" is not a model id (or id:length for a vendor model)`);
    const id = Number(m[1]);
    if (id < 1 || id >= END_MODEL_ID) throw new RangeError(`model id ${id} is outside 1..65534`);
    if (m[2] !== undefined) {
      if (sunspecModel(id)) throw new RangeError(`model ${id} has a definition: give it without a length`);
      return { id, length: Number(m[2]) };
    }
    if (!sunspecModel(id)) throw new RangeError(`model ${id} has no definition in this version; serve it as a vendor model with its length (${id}:L)`);
    return { id };
  });
}

/**
 * Lay out a SunSpec device in a register bank: "SunS" at base, then each model (ID, L, points), then the end
 * model. Returns where each model went.
 */
export function writeSunSpecDevice(bank: RegisterBank, models: SimSunSpecModel[], base = 40000): WrittenModel[] {
  bank.holding[base] = SUNS_MARKER[0];
  bank.holding[base + 1] = SUNS_MARKER[1];
  const written: WrittenModel[] = [];
  let address = base + 2;
  for (const m of models) {
    const def = sunspecModel(m.id);
    let words: number[];
    if (!def) {
      if (m.length === undefined) throw new Error(`no SunSpec model ${m.id}`);
      words = [m.id, m.length, ...new Array<number>(m.length).fill(0)];
    } else {
      const count = simulatedCounts(def, m.values);
      const fill = m.fill ?? 2;
      const layout = layoutSunSpecModel(def, { count: (p) => count(p.name), fill });
      words = modelImage(def, layout, { fill, ...(m.values ? { values: m.values } : {}) });
    }
    if (address + words.length + 2 > 65536) throw new RangeError(`the SunSpec models do not fit below register 65536 (model ${m.id} at ${address})`);
    words.forEach((w, i) => (bank.holding[address + i] = w));
    written.push({ id: m.id, address, length: words.length - 2, name: def?.group.name ?? `vendor model ${m.id}` });
    address += words.length;
  }
  bank.holding[address] = END_MODEL_ID;
  bank.holding[address + 1] = 0;
  return written;
}
