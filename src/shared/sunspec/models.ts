import model1 from '../../../resources/sunspec/model_1.json';
import model101 from '../../../resources/sunspec/model_101.json';
import model103 from '../../../resources/sunspec/model_103.json';
import model120 from '../../../resources/sunspec/model_120.json';
import model201 from '../../../resources/sunspec/model_201.json';
import model203 from '../../../resources/sunspec/model_203.json';
import { SunSpecModel } from './model';

/** The SunSpec model definitions shipped with Fieldbench (resources/sunspec, Apache-2.0), by model id. */
let cache: Map<number, SunSpecModel> | null = null;

export function sunspecModels(): Map<number, SunSpecModel> {
  if (!cache) cache = new Map([model1, model101, model103, model120, model201, model203].map((m) => SunSpecModel.parse(m)).map((m) => [m.id, m]));
  return cache;
}
