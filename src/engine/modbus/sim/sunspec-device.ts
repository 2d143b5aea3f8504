import { encodeTag } from '../../../shared/codec/encode';
import { codecOf } from '../../../shared/project/schema';
import { END_MODEL_ID, SUNS_MARKER, layoutModel, modelTags } from '../../../shared/sunspec/model';
import { sunspecModels } from '../../../shared/sunspec/models';
import type { RegisterBank } from './register-bank';

/** Raw register values for points of a simulated SunSpec device, by point name, per model. */
export type SunSpecValues = Record<string, number | string>;

/**
 * Lay out a SunSpec device in a register bank: "SunS" at base, then each model (ID, L, points), then the end
 * model. Points without a value get the "not implemented" pattern of their type, as real devices do.
 */
export function writeSunSpecDevice(bank: RegisterBank, models: { id: number; values: SunSpecValues }[], base = 40000): void {
  const defs = sunspecModels();
  bank.holding[base] = SUNS_MARKER[0];
  bank.holding[base + 1] = SUNS_MARKER[1];
  let address = base + 2;
  for (const { id, values } of models) {
    const def = defs.get(id);
    if (!def) throw new Error(`no SunSpec model ${id}`);
    const { points, length } = layoutModel(def);
    const { tags } = modelTags(def, address);
    bank.holding[address] = id;
    bank.holding[address + 1] = length;
    for (const { point, offset } of points) {
      if (point.name === 'ID' || point.name === 'L') continue;
      const at = address + offset;
      const tag = tags.map((t) => t.source).find((src) => src.kind === 'modbus' && src.address === at);
      const v = values[point.name];
      if (!tag || tag.kind !== 'modbus') continue;
      let words: number[];
      if (v === undefined) {
        // SunSpec "not implemented": 0x8000 for signed, 0xFFFF.. for unsigned, 0 for accumulators and strings.
        const signed = tag.type === 'int16' || tag.type === 'int32';
        const acc = tag.sentinel === 'sunspec-acc' || tag.type === 'string';
        words = Array.from({ length: point.size }, (_, i) => (acc ? 0 : signed ? (i === 0 ? 0x8000 : 0) : 0xffff));
      } else {
        words = encodeTag(typeof v === 'string' ? v : tag.type === 'float32' ? v : Math.round(v), { ...codecOf(tag), sentinel: 'none', sfAddress: undefined });
      }
      words.forEach((w, i) => (bank.holding[at + i] = w));
    }
    address += 2 + length;
  }
  bank.holding[address] = END_MODEL_ID;
  bank.holding[address + 1] = 0;
}
