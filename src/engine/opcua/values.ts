import type { JsonTagValue } from '../../shared/codec/json';

/** The OPC UA built-in types by their DataType NodeId in namespace 0 (Part 6, 5.1.2), the ids node-opcua uses too. */
export const BuiltIn = {
  Boolean: 1,
  SByte: 2,
  Byte: 3,
  Int16: 4,
  UInt16: 5,
  Int32: 6,
  UInt32: 7,
  Int64: 8,
  UInt64: 9,
  Float: 10,
  Double: 11,
  String: 12,
  DateTime: 13,
  Guid: 14,
  ByteString: 15,
  XmlElement: 16,
  NodeId: 17,
  ExpandedNodeId: 18,
  StatusCode: 19,
  QualifiedName: 20,
  LocalizedText: 21,
  ExtensionObject: 22,
  DataValue: 23,
  Variant: 24,
  DiagnosticInfo: 25,
} as const;

const NAMES = new Map<number, string>(Object.entries(BuiltIn).map(([k, v]) => [v, k]));

/** The name of a built-in type ("Double"), or null for any other id. */
export function builtInName(id: number): string | null {
  return NAMES.get(id) ?? null;
}

/** The built-in type id of a name ("Double"), or null. */
export function builtInId(name: string): number | null {
  return (BuiltIn as Record<string, number>)[name] ?? null;
}

const INT_RANGES: Record<number, [number, number]> = {
  [BuiltIn.SByte]: [-128, 127],
  [BuiltIn.Byte]: [0, 255],
  [BuiltIn.Int16]: [-32768, 32767],
  [BuiltIn.UInt16]: [0, 65535],
  [BuiltIn.Int32]: [-2147483648, 2147483647],
  [BuiltIn.UInt32]: [0, 4294967295],
};
const FLOAT32_MAX = 3.4028234663852886e38;

/** A float32 in the fewest digits that read back as the same float32 (1.2, not 1.2000000476837158). */
export function shortFloat32(v: number): number {
  if (!Number.isFinite(v)) return v;
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const n = Number(f.toPrecision(p));
    if (Math.fround(n) === f) return n;
  }
  return f;
}

/** node-opcua carries Int64 / UInt64 as [high, low] 32-bit words. */
export function int64ToBigInt(v: unknown, signed: boolean): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
    const u = (BigInt(v[0] >>> 0) << 32n) | BigInt(v[1] >>> 0);
    return signed ? BigInt.asIntN(64, u) : u;
  }
  return null;
}

export function bigIntToWords(v: bigint): [number, number] {
  const u = BigInt.asUintN(64, v);
  return [Number(u >> 32n), Number(u & 0xffffffffn)];
}

function bigIntJson(v: bigint): number | string {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v.toString();
}

function numberJson(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

interface TextLike {
  text?: string | null;
  toString(): string;
}

/** One scalar of a built-in type as JSON: numbers, booleans, or text for everything JSON cannot carry exactly. */
export function scalarToJson(type: number, v: unknown): number | boolean | string {
  if (v === null || v === undefined) return '';
  switch (type) {
    case BuiltIn.Boolean:
      return Boolean(v);
    case BuiltIn.Float:
      return numberJson(shortFloat32(Number(v)));
    case BuiltIn.SByte:
    case BuiltIn.Byte:
    case BuiltIn.Int16:
    case BuiltIn.UInt16:
    case BuiltIn.Int32:
    case BuiltIn.UInt32:
    case BuiltIn.Double:
      return numberJson(Number(v));
    case BuiltIn.Int64:
    case BuiltIn.UInt64: {
      const b = int64ToBigInt(v, type === BuiltIn.Int64);
      return b === null ? String(v) : bigIntJson(b);
    }
    case BuiltIn.DateTime:
      return v instanceof Date ? (Number.isNaN(v.getTime()) ? '' : v.toISOString()) : String(v);
    case BuiltIn.ByteString:
      return Buffer.isBuffer(v) ? v.toString('base64') : String(v);
    case BuiltIn.LocalizedText:
      return (v as TextLike).text ?? '';
    case BuiltIn.StatusCode:
      return (v as { name?: string }).name ?? String(v);
    case BuiltIn.ExtensionObject: {
      const o = v as { toJSON?: () => unknown };
      try {
        return JSON.stringify(typeof o.toJSON === 'function' ? o.toJSON() : o);
      } catch {
        return String(v);
      }
    }
    default:
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  }
}

/** The parts of a Variant the conversion reads. */
export interface VariantLike {
  dataType: number;
  /** 0 scalar, 1 array, 2 matrix. */
  arrayType: number;
  value: unknown;
}

/**
 * A Variant as a JSON-safe tag value: a scalar as number, boolean or string; an array (or a matrix, flattened) as an
 * array of strings, one per element. Null for an empty Variant.
 */
export function variantToJson(variant: VariantLike | null | undefined): JsonTagValue | null {
  if (!variant || variant.dataType === 0) return null;
  if (variant.arrayType === 0) return scalarToJson(variant.dataType, variant.value);
  const items = variant.value as ArrayLike<unknown> | null;
  if (!items) return [];
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) out.push(String(scalarToJson(variant.dataType, items[i])));
  return out;
}

/** What a written value is for the write ticket and the audit: the ticket's scalar (arrays as their JSON text). */
export function ticketValue(v: JsonTagValue | null): number | boolean | string | null {
  return Array.isArray(v) ? JSON.stringify(v) : v;
}

const TRUE = new Set(['true', '1', 'on']);
const FALSE = new Set(['false', '0', 'off']);

/** A value the operator typed, coerced to one element of a built-in type; an Error names what does not fit. */
export function coerceScalar(value: number | boolean | string, type: number): { wire: unknown; json: number | boolean | string } {
  const name = builtInName(type) ?? `DataType i=${type}`;
  const asNumber = (): number => {
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    const t = value.trim();
    if (t === '' || Number.isNaN(Number(t))) throw new Error(`"${value}" is not a number, and the node holds ${name}`);
    return Number(t);
  };
  switch (type) {
    case BuiltIn.Boolean: {
      if (typeof value === 'boolean') return { wire: value, json: value };
      const t = String(value).trim().toLowerCase();
      if (TRUE.has(t)) return { wire: true, json: true };
      if (FALSE.has(t)) return { wire: false, json: false };
      throw new Error(`${JSON.stringify(value)} is not a Boolean (true/false, 1/0)`);
    }
    case BuiltIn.SByte:
    case BuiltIn.Byte:
    case BuiltIn.Int16:
    case BuiltIn.UInt16:
    case BuiltIn.Int32:
    case BuiltIn.UInt32: {
      const n = asNumber();
      const [min, max] = INT_RANGES[type]!;
      if (!Number.isInteger(n)) throw new Error(`${n} is not a whole number, and ${name} holds only whole numbers`);
      if (n < min || n > max) throw new Error(`${n} does not fit ${name} (${min} to ${max})`);
      return { wire: n, json: n };
    }
    case BuiltIn.Int64:
    case BuiltIn.UInt64: {
      const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : String(value).trim();
      if (!/^-?\d+$/.test(text)) throw new Error(`${JSON.stringify(value)} is not a whole number that ${name} can hold exactly (give large values as text)`);
      const b = BigInt(text);
      const [min, max] = type === BuiltIn.Int64 ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
      if (b < min || b > max) throw new Error(`${text} does not fit ${name} (${min} to ${max})`);
      return { wire: bigIntToWords(b), json: bigIntJson(b) };
    }
    case BuiltIn.Float: {
      const n = asNumber();
      if (Number.isFinite(n) && Math.abs(n) > FLOAT32_MAX) throw new Error(`${n} does not fit Float (at most ±${FLOAT32_MAX})`);
      return { wire: n, json: numberJson(shortFloat32(n)) };
    }
    case BuiltIn.Double: {
      const n = asNumber();
      return { wire: n, json: numberJson(n) };
    }
    case BuiltIn.String:
    case BuiltIn.XmlElement:
      return { wire: String(value), json: String(value) };
    case BuiltIn.LocalizedText:
      return { wire: { text: String(value) }, json: String(value) };
    case BuiltIn.DateTime: {
      const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
      if (typeof value === 'boolean' || Number.isNaN(d.getTime())) throw new Error(`${JSON.stringify(value)} is not a date and time (give ISO 8601, such as 2026-01-31T08:00:00Z)`);
      return { wire: d, json: d.toISOString() };
    }
    case BuiltIn.Guid: {
      const t = String(value).trim();
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) throw new Error(`"${t}" is not a Guid (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
      return { wire: t.toUpperCase(), json: t.toUpperCase() };
    }
    case BuiltIn.ByteString: {
      const t = String(value).trim();
      if (!/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) throw new Error('a ByteString is written as base64 text');
      return { wire: Buffer.from(t, 'base64'), json: t };
    }
    default:
      throw new Error(`writing ${name} values is not supported`);
  }
}

/**
 * The operator's value for an array node: a JSON array ("[1, 2, 3]") whose elements are coerced one by one, all or
 * nothing.
 */
export function coerceArray(value: number | boolean | string, type: number): { wire: unknown[]; json: string[] } {
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' ? JSON.parse(value) : null;
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed)) throw new Error(`the node holds an array of ${builtInName(type) ?? 'values'}: give a JSON array such as [1, 2, 3]`);
  const wire: unknown[] = [];
  const json: string[] = [];
  parsed.forEach((el: unknown, i) => {
    if (typeof el !== 'number' && typeof el !== 'boolean' && typeof el !== 'string') throw new Error(`element ${i} is not a number, boolean or text`);
    try {
      const c = coerceScalar(el, type);
      wire.push(c.wire);
      json.push(String(c.json));
    } catch (err) {
      throw new Error(`element ${i}: ${(err as Error).message}`);
    }
  });
  return { wire, json };
}
