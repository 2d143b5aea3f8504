import { SCALABLE_TYPES, TAG_WIDTH, TagType } from '../codec/types';
import type { WordOrder } from './types';

/** Type names the codec decodes (its TagType); a type outside `knownTypes` (default this) is an "unknown type". */
export const KNOWN_TAG_TYPES: readonly string[] = TagType.options;

/** Registers per value (strings: their length). */
export const TYPE_WIDTH: Readonly<Record<string, number>> = TAG_WIDTH;

/** Types that take scale and offset. */
export const SCALABLE: ReadonlySet<string> = SCALABLE_TYPES;

export function typeWidth(type: string, length?: number): number {
  return type === 'string' ? (length ?? 1) : (TYPE_WIDTH[type] ?? 1);
}

/** Vendor spellings (lower case, no spaces, dashes, underscores or brackets) to the codec's names. */
const SYNONYMS: Record<string, readonly string[]> = {
  bool: ['bool', 'boolean', 'bit', 'binary', 'digital', 'coil', 'flag', 'onoff', 'di', 'do', 'discrete', 'b'],
  int16: ['int16', 'int', 'short', 'sint16', 's16', 'i16', 'signed', 'signed16', 'integer', 'signedint', 'signedshort', 'integer16', 'word signed', 'signedword', 'sword', 'int16t', 'sunssf'],
  uint16: ['uint16', 'uint', 'word', 'u16', 'unsigned', 'unsigned16', 'ushort', 'unsignedshort', 'unsignedint', 'unsignedinteger', 'uinteger', 'uint16t', 'register', 'count', 'raw16', 'ui16'],
  int32: ['int32', 'dint', 'long', 'sint32', 's32', 'i32', 'signed32', 'integer32', 'signedlong', 'sdword', 'int32t', 'long32'],
  uint32: ['uint32', 'udint', 'dword', 'ulong', 'u32', 'unsigned32', 'unsignedlong', 'uinteger32', 'uint32t', 'ui32', 'ipaddr'],
  int64: ['int64', 'lint', 'llong', 'longlong', 'sint64', 's64', 'i64', 'signed64', 'int64t'],
  uint64: ['uint64', 'ulint', 'qword', 'lword', 'ulonglong', 'u64', 'unsigned64', 'uint64t'],
  float32: ['float32', 'float', 'real', 'single', 'fp32', 'f32', 'flt', 'floatingpoint', 'ieee754', 'ieeefloat', 'float32ieee', 'floatieee', 'real32', 'singleprecision', 'ieee'],
  float64: ['float64', 'double', 'lreal', 'fp64', 'f64', 'float64ieee', 'doubleieee', 'real64', 'doubleprecision', 'longfloat'],
  string: ['string', 'str', 'ascii', 'text', 'chars', 'charstring', 'asciistring', 'visiblestring', 'char[]'],
  bcd16: ['bcd16', 'bcd', 'wordbcd'],
  bcd32: ['bcd32', 'lbcd', 'dbcd', 'longbcd', 'dwordbcd'],
  unix32s: ['unix32s', 'unixtime', 'unix', 'epoch', 'timestamp', 'unix32', 'timet', 'unixtimestamp', 'epochseconds', 'posixtime'],
  unix64ms: ['unix64ms', 'unixms', 'epochms', 'timestampms', 'unixmillis', 'epochmillis'],
  enum16: ['enum16', 'enum', 'enumeration', 'enumerated'],
  enum32: ['enum32'],
  bitfield16: ['bitfield16', 'bitfield', 'bitmap', 'bitmap16', 'bitmask', 'status', 'statusword', 'flags', 'bits'],
  bitfield32: ['bitfield32', 'bitmap32', 'bitmask32', 'statusdword'],
};

const LOOKUP = new Map<string, string>();
for (const [type, names] of Object.entries(SYNONYMS)) for (const n of names) LOOKUP.set(n.replace(/[\s_\-()[\]]/g, ''), type);

/** Words in a type name that give the word order: "Float (swapped)", "FLOAT32_CDAB", "float little endian". */
const ORDER_WORDS: [RegExp, WordOrder][] = [
  [/(abcdefgh|abcd|big[\s_-]*endian|motorola|\bbe\b)/, 'ABCD'],
  [/(badcfehg|badc|byte[\s_-]*swap(ped)?|\bbs\b)/, 'BADC'],
  [/(ghefcdab|cdab|word[\s_-]*swap(ped)?|swapped|inverse|inverted|\bws\b|\bsw\b)/, 'CDAB'],
  [/(hgfedcba|dcba|little[\s_-]*endian|intel|\ble\b)/, 'DCBA'],
];

const EIGHT_BIT = new Set(['byte', 'char', 'uint8', 'int8', 'sint', 'usint', 'u8', 's8', 'i8', 'sint8', 'uchar']);
const SUNSPEC_ACC: Record<string, string> = { acc16: 'uint16', acc32: 'uint32', acc64: 'uint64' };

export type TypeMatch =
  | { kind: 'type'; type: string; order?: WordOrder; chars?: number; sentinel?: 'sunspec-acc' }
  | { kind: 'unknown'; reason: string };

/**
 * A vendor's type name to the codec's: "FLOAT", "Float32", "REAL" -> float32; "Word", "UINT16", "unsigned" -> uint16;
 * "Long" -> int32 ... An order written into the name ("float32 CDAB", "Float swapped") comes back as `order`; a length
 * in characters ("STRING(20)", "char[16]") as `chars`.
 */
const CACHE = new Map<string, TypeMatch>();

export function resolveTypeName(raw: string): TypeMatch {
  // A map repeats a handful of type names thousands of times.
  const hit = CACHE.get(raw);
  if (hit) return hit;
  const m = resolveUncached(raw);
  if (CACHE.size < 4096) CACHE.set(raw, m);
  return m;
}

function resolveUncached(raw: string): TypeMatch {
  const lower = raw.trim().toLowerCase();
  let order: WordOrder | undefined;
  let rest = lower.replace(/[_-]/g, ' ');
  for (const [re, o] of ORDER_WORDS) {
    if (re.test(rest)) {
      order = o;
      rest = rest.replace(re, ' ');
      break;
    }
  }
  let chars: number | undefined;
  const sized = /^(string|str|char|ascii|text)\s*[([]\s*(\d+)\s*[)\]]$/.exec(rest.trim());
  if (sized) {
    chars = Number(sized[2]);
    rest = sized[1]!;
  }
  const key = rest.replace(/[\s_\-()[\],/]/g, '');
  if (key === '') return { kind: 'unknown', reason: `"${raw}" names no data type` };
  if (Object.hasOwn(SUNSPEC_ACC, key)) return { kind: 'type', type: SUNSPEC_ACC[key]!, sentinel: 'sunspec-acc', ...(order ? { order } : {}) };
  const type = LOOKUP.get(key);
  if (type) return { kind: 'type', type, ...(order ? { order } : {}), ...(chars !== undefined ? { chars } : {}) };
  if (EIGHT_BIT.has(key)) return { kind: 'unknown', reason: `"${raw}" is an 8-bit type; the codec reads whole 16-bit registers (use uint16 and a bit field, or int16)` };
  if (key === 'float16' || key === 'half') return { kind: 'unknown', reason: `"${raw}" (16-bit float) is not a type the codec decodes` };
  return { kind: 'unknown', reason: `unknown data type "${raw}"` };
}
