import type { JsonTagValue } from '../../shared/codec/json';

/** Logix atomic data types by CIP type code, with their size on the wire. */
export const ATOMIC: Record<number, { name: string; size: number }> = {
  0xc1: { name: 'BOOL', size: 1 },
  0xc2: { name: 'SINT', size: 1 },
  0xc3: { name: 'INT', size: 2 },
  0xc4: { name: 'DINT', size: 4 },
  0xc5: { name: 'LINT', size: 8 },
  0xc6: { name: 'USINT', size: 1 },
  0xc7: { name: 'UINT', size: 2 },
  0xc8: { name: 'UDINT', size: 4 },
  0xc9: { name: 'ULINT', size: 8 },
  0xca: { name: 'REAL', size: 4 },
  0xcb: { name: 'LREAL', size: 8 },
  0xd1: { name: 'BYTE', size: 1 },
  0xd2: { name: 'WORD', size: 2 },
  0xd3: { name: 'DWORD', size: 4 },
  0xd4: { name: 'LWORD', size: 8 },
};

export const TYPE_CODE: Record<string, number> = Object.fromEntries(Object.entries(ATOMIC).map(([code, t]) => [t.name, Number(code)]));

/** A structure on the wire: 0x02A0 followed by its template's handle. */
export const STRUCT_TYPE = 0x02a0;
/** The handle of Logix's built-in STRING (DINT LEN, SINT DATA[82]). */
export const STRING_HANDLE = 0x0fce;
/** libplctag's ab_server reports STRING tags with this code instead of the structure handle. */
export const CIP_STRING = 0x00d0;
export const STRING_CAPACITY = 82;
/** A Logix STRING element: LEN (DINT), DATA (SINT[82]), padded to 88 bytes. */
export const STRING_SIZE = 88;
/** DWORD: how Logix stores a BOOL array (element i is bit i % 32 of DWORD i / 32). */
export const BIT_ARRAY = 0xd3;

/** The type of a value as a Read Tag reply gives it. */
export interface WireType {
  code: number;
  /** The template handle of a structure. */
  handle?: number;
}

export function typeName(t: WireType): string {
  if (t.code === STRUCT_TYPE) return t.handle === STRING_HANDLE ? 'STRING' : `STRUCT 0x${(t.handle ?? 0).toString(16).padStart(4, '0')}`;
  if (t.code === CIP_STRING) return 'STRING';
  return ATOMIC[t.code]?.name ?? `type 0x${t.code.toString(16).padStart(4, '0')}`;
}

export function isString(t: WireType): boolean {
  return (t.code === STRUCT_TYPE && t.handle === STRING_HANDLE) || t.code === CIP_STRING;
}

/** The type field of a reply (2 bytes, or 4 for a structure) and how long it was. */
export function readWireType(buf: Buffer, at: number): { type: WireType; size: number } {
  if (buf.length < at + 2) throw new Error('reply ends before its data type');
  const code = buf.readUInt16LE(at);
  if (code !== STRUCT_TYPE) return { type: { code }, size: 2 };
  if (buf.length < at + 4) throw new Error('reply ends before its structure handle');
  return { type: { code, handle: buf.readUInt16LE(at + 2) }, size: 4 };
}

export function encodeWireType(t: WireType): Buffer {
  const b = Buffer.alloc(t.code === STRUCT_TYPE ? 4 : 2);
  b.writeUInt16LE(t.code, 0);
  if (t.code === STRUCT_TYPE) b.writeUInt16LE(t.handle ?? 0, 2);
  return b;
}

/** Bytes of one element of an atomic or STRING type; null for another structure (its template says). */
export function elementSize(t: WireType): number | null {
  if (isString(t)) return STRING_SIZE;
  return ATOMIC[t.code]?.size ?? null;
}

/** `count` elements of `data` as JSON text values (a tag value's array form); throws when data is short. */
export function decodeElements(t: WireType, data: Buffer, count: number): string[] {
  const size = elementSize(t);
  if (size === null) throw new Error(`${typeName(t)} elements are read one member at a time`);
  if (data.length < size * count && !(isString(t) && count === 1)) throw new Error(`${count} ${typeName(t)} elements need ${size * count} bytes; the reply has ${data.length}`);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(String(decodeValue(t, data.subarray(i * size))));
  return out;
}

/** Bits `first` .. `first + count - 1` of a BOOL array, from its DWORDs starting at DWORD floor(first / 32). */
export function decodeBits(data: Buffer, first: number, count: number): boolean[] {
  const out: boolean[] = [];
  const base = Math.floor(first / 32) * 32;
  for (let i = first; i < first + count; i++) {
    const word = Math.floor((i - base) / 32);
    if (data.length < word * 4 + 4) throw new Error(`BOOL array reply has ${data.length} bytes, too few for bit ${i}`);
    out.push(((data.readUInt32LE(word * 4) >>> i % 32) & 1) === 1);
  }
  return out;
}

const big = (v: bigint): JsonTagValue => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

/** The first element of `data` as a JSON value; throws naming what is missing or unknown. */
export function decodeValue(t: WireType, data: Buffer): JsonTagValue {
  if (isString(t)) {
    if (data.length < 4) throw new Error('STRING reply shorter than its length field');
    const len = data.readUInt32LE(0);
    if (len > STRING_CAPACITY || data.length < 4 + len) throw new Error(`STRING length ${len} beyond its data`);
    return data.toString('latin1', 4, 4 + len);
  }
  const a = ATOMIC[t.code];
  if (!a) throw new Error(`${typeName(t)} is not an atomic type; read a member of it (Tag.Member)`);
  if (data.length < a.size) throw new Error(`${a.name} reply has ${data.length} of ${a.size} bytes`);
  switch (a.name) {
    case 'BOOL':
      return data[0] !== 0;
    case 'SINT':
      return data.readInt8(0);
    case 'USINT':
    case 'BYTE':
      return data.readUInt8(0);
    case 'INT':
      return data.readInt16LE(0);
    case 'UINT':
    case 'WORD':
      return data.readUInt16LE(0);
    case 'DINT':
      return data.readInt32LE(0);
    case 'UDINT':
    case 'DWORD':
      return data.readUInt32LE(0);
    case 'LINT':
      return big(data.readBigInt64LE(0));
    case 'ULINT':
    case 'LWORD':
      return big(data.readBigUInt64LE(0));
    case 'REAL': {
      const v = data.readFloatLE(0);
      return Number.isFinite(v) ? Number(v.toPrecision(9)) : String(v);
    }
    default: {
      const v = data.readDoubleLE(0);
      return Number.isFinite(v) ? v : String(v);
    }
  }
}

const RANGES: Record<string, [bigint, bigint]> = {
  SINT: [-128n, 127n],
  USINT: [0n, 255n],
  BYTE: [0n, 255n],
  INT: [-32768n, 32767n],
  UINT: [0n, 65535n],
  WORD: [0n, 65535n],
  DINT: [-2147483648n, 2147483647n],
  UDINT: [0n, 4294967295n],
  DWORD: [0n, 4294967295n],
  LINT: [-(2n ** 63n), 2n ** 63n - 1n],
  ULINT: [0n, 2n ** 64n - 1n],
  LWORD: [0n, 2n ** 64n - 1n],
};

function toBigInt(value: number | boolean | string, name: string): bigint {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`${name} takes a whole number, not "${value}"`);
  return BigInt(text);
}

/**
 * The operator's value as the bytes of one element of type `t`, with the value as it will read back. Throws naming
 * why a value does not fit (out of range, not a number, text too long).
 */
export function encodeValue(t: WireType, value: number | boolean | string): { data: Buffer; value: JsonTagValue } {
  if (isString(t)) {
    const text = String(value);
    const bytes = Buffer.from(text, 'latin1');
    if (bytes.length > STRING_CAPACITY) throw new Error(`a STRING holds at most ${STRING_CAPACITY} characters, not ${bytes.length}`);
    const data = Buffer.alloc(4 + STRING_CAPACITY + 2);
    data.writeUInt32LE(bytes.length, 0);
    bytes.copy(data, 4);
    return { data, value: text };
  }
  const a = ATOMIC[t.code];
  if (!a) throw new Error(`cannot write ${typeName(t)}: write its members one by one`);
  const data = Buffer.alloc(a.size);
  if (a.name === 'BOOL') {
    let on: boolean;
    if (typeof value === 'boolean') on = value;
    else if (/^(1|on|true)$/i.test(String(value).trim())) on = true;
    else if (/^(0|off|false)$/i.test(String(value).trim())) on = false;
    else throw new Error(`BOOL takes on/off, 1/0 or true/false, not "${value}"`);
    data[0] = on ? 1 : 0;
    return { data, value: on };
  }
  if (a.name === 'REAL' || a.name === 'LREAL') {
    const n = typeof value === 'boolean' ? Number(value) : Number(String(value).trim().replace(',', '.'));
    if (String(value).trim() === '' || Number.isNaN(n)) throw new Error(`${a.name} takes a number, not "${value}"`);
    if (a.name === 'REAL') {
      if (Number.isFinite(n) && Math.abs(n) > 3.4028234663852886e38) throw new Error(`${n} is beyond the range of a REAL`);
      data.writeFloatLE(n, 0);
      const back = data.readFloatLE(0);
      return { data, value: Number.isFinite(back) ? Number(back.toPrecision(9)) : String(back) };
    }
    data.writeDoubleLE(n, 0);
    return { data, value: Number.isFinite(n) ? n : String(n) };
  }
  const v = toBigInt(value, a.name);
  const [lo, hi] = RANGES[a.name]!;
  if (v < lo || v > hi) throw new Error(`${v} is beyond the range of a ${a.name} (${lo} to ${hi})`);
  if (a.size === 8) {
    if (lo < 0n) data.writeBigInt64LE(v, 0);
    else data.writeBigUInt64LE(v, 0);
  } else if (lo < 0n) data.writeIntLE(Number(v), 0, a.size);
  else data.writeUIntLE(Number(v), 0, a.size);
  return { data, value: big(v) };
}
