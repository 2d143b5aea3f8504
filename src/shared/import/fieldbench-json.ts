import { TABLE_INFO } from '../modbus/tables';
import { parseAddress } from './address';
import { parseAccessCell, parseOrderCell, parseTableCell } from './cells';
import { UnreadableFileError, type ProblemList } from './problems';
import { nameAndPath, type RowOutcome } from './rows';
import { resolveTypeName, SCALABLE } from './type-names';
import type { ImportedTag, ImportProblem, ProblemCode } from './types';

/** Fieldbench's own tag-map document, as export-json writes it. */
export const TAGMAP_FORMAT = 'fieldbench-tagmap';
export const TAGMAP_VERSION = 1;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface JsonTagList {
  tags: unknown[];
  devicePath?: string;
}

/**
 * The tag list of a Fieldbench JSON document: a tag map as exported ({format: "fieldbench-tagmap", tags}), a project
 * TagMap ({id, deviceId, name, tags}), a project file (the tag map named by `pick`, or its only one), or a bare array.
 */
export function fieldbenchTagList(doc: unknown, pick?: string): JsonTagList | undefined {
  if (Array.isArray(doc)) return { tags: doc };
  if (!isObj(doc)) return undefined;
  if (doc.format === 'fieldbench-project') {
    const maps = Array.isArray(doc.tagMaps) ? doc.tagMaps.filter(isObj) : [];
    const names = maps.map((m) => String(m.name ?? m.id));
    const chosen = pick !== undefined ? maps.find((m) => m.name === pick || m.id === pick) : maps.length === 1 ? maps[0] : undefined;
    if (!chosen) {
      throw new UnreadableFileError(
        maps.length === 0 ? 'the project has no tag maps' : pick !== undefined ? `the project has no tag map "${pick}"; it has: ${names.join(', ')}` : `the project has ${maps.length} tag maps (${names.join(', ')}); choose one with --sheet NAME`,
      );
    }
    return { tags: Array.isArray(chosen.tags) ? chosen.tags : [] };
  }
  if (Array.isArray(doc.tags)) return typeof doc.devicePath === 'string' ? { tags: doc.tags, devicePath: doc.devicePath } : { tags: doc.tags };
  return undefined;
}

export interface JsonContext {
  file: string;
  problems: ProblemList;
  devicePath: string;
  knownTypes: ReadonlySet<string>;
}

/** One element of the tag list to a tag; row is its 1-based position, column the key at fault. */
export function jsonTag(item: unknown, row: number, ctx: JsonContext): RowOutcome {
  const found: ImportProblem[] = [];
  const err = (code: ProblemCode, column: string, message: string) => found.push(ctx.problems.make('error', code, message, { row, column }));
  const reject = (): RowOutcome => {
    const cells: Record<string, string> = isObj(item) ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : { value: JSON.stringify(item) };
    return { kind: 'rejected', rejected: { row, cells, problems: found } };
  };
  if (!isObj(item)) {
    err('bad-value', 'tag', `tag #${row} is not an object`);
    return reject();
  }
  const str = (k: string): string | undefined => (typeof item[k] === 'string' ? (item[k] as string) : item[k] === undefined ? undefined : String(item[k]));
  const num = (k: string, fallback: number): number => {
    const v = item[k];
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    err('unparseable-number', k, `${k} ${JSON.stringify(v)} is not a number`);
    return fallback;
  };

  const tableText = str('table');
  const table = tableText !== undefined ? parseTableCell(tableText) : undefined;
  if (tableText !== undefined && !table) err('bad-value', 'table', `"${tableText}" is not a Modbus table`);
  let address = -1;
  let addressTable: typeof table;
  let bit = item.bit === undefined ? undefined : num('bit', -1);
  if (typeof item.address === 'number') {
    address = item.address;
    if (!Number.isInteger(address) || address < 0 || address > 65535) err('address-out-of-range', 'address', `address ${address} is not 0..65535`);
  } else if (typeof item.address === 'string') {
    const a = parseAddress(item.address, { table });
    if (!a.ok) err(a.code, 'address', a.message);
    else {
      address = a.value.address;
      if (a.value.bit !== undefined) bit = a.value.bit;
      addressTable = a.value.table;
    }
  } else err('missing-value', 'address', 'no address');
  const finalTable = table ?? addressTable ?? 'holding';
  if (bit !== undefined && (!Number.isInteger(bit) || bit < 0 || bit > 15)) err('address-out-of-range', 'bit', `bit ${bit} is not 0..15`);

  let type = str('type') ?? (TABLE_INFO[finalTable].bits ? 'bool' : 'uint16');
  if (!ctx.knownTypes.has(type)) {
    const t = resolveTypeName(type);
    if (t.kind === 'type' && ctx.knownTypes.has(t.type)) type = t.type;
    else err('unknown-type', 'type', t.kind === 'unknown' ? t.reason : `the codec does not decode ${t.type}`);
  }
  if (type === 'bit' && bit === undefined) err('missing-value', 'bit', 'a bit tag needs its bit number 0..15');
  const order = parseOrderCell(str('order') ?? 'ABCD');
  if (!order) err('bad-value', 'order', `"${str('order')}" is not a byte order`);
  const access = parseAccessCell(str('access') ?? 'read');
  if (!access) err('bad-value', 'access', `"${str('access')}" is not read or read-write`);
  const scale = num('scale', 1);
  if (scale === 0) err('bad-value', 'scale', 'a scale of 0');
  const offset = num('offset', 0);
  const length = item.length === undefined ? undefined : num('length', 0);
  if (type === 'string' && !(length !== undefined && Number.isInteger(length) && length >= 1)) err('missing-value', 'length', 'a string needs its length in registers');
  if (!SCALABLE.has(type) && (scale !== 1 || offset !== 0)) err('bad-value', 'scale', `${type} values cannot be scaled`);
  const name = str('name');
  if (name === undefined) err('missing-value', 'name', 'no name');
  if (found.length) return reject();

  const np = nameAndPath(name!, ctx.devicePath, row, 'name', undefined, ctx.problems, found);
  const tag: ImportedTag = {
    name: np.name,
    path: np.path,
    table: finalTable,
    address,
    type: type === 'bool' && bit !== undefined ? 'bit' : type,
    order: order!,
    scale,
    offset,
    units: (str('units') ?? '').slice(0, 32),
    access: access!,
    description: str('description') ?? '',
    source: { file: ctx.file, row },
  };
  if (bit !== undefined) tag.bit = bit;
  if (type === 'string') tag.length = length;
  if (typeof item.scanClassMs === 'number') tag.scanClassMs = item.scanClassMs;
  if (isObj(item.clamp)) {
    const { min, max } = item.clamp;
    const clamp: NonNullable<ImportedTag['clamp']> = {};
    if (typeof min === 'number') clamp.min = min;
    if (typeof max === 'number') clamp.max = max;
    if (clamp.min !== undefined || clamp.max !== undefined) tag.clamp = clamp;
  }
  if (typeof item.sfAddress === 'number' && Number.isInteger(item.sfAddress) && item.sfAddress >= 0 && item.sfAddress <= 65535) tag.sfAddress = item.sfAddress;
  if (typeof item.sfPoint === 'string') tag.sfPoint = item.sfPoint;
  const names = (x: unknown) => (isObj(x) && Object.values(x).every((v) => typeof v === 'string') ? (x as Record<string, string>) : undefined);
  const labels = names(item.labels);
  const flags = names(item.flags);
  if (labels) tag.labels = labels;
  if (flags) tag.flags = flags;
  if (item.sentinel === 'none' || item.sentinel === 'sunspec' || item.sentinel === 'sunspec-acc') tag.sentinel = item.sentinel;
  return { kind: 'tag', tag, problems: found };
}
