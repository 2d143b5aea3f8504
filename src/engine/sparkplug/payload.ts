import { bitsOf, isInt32Type, isLongType, isSigned32, SpType, type SpValue } from './datatypes';
import { ProtoWriter, readFields, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, type ProtoField } from './protobuf';

/** A property of a metric (only the scalar kinds: Quality and its like). */
export interface SpProperty {
  key: string;
  type: SpType;
  value: SpValue | null;
}

export interface SpMetric {
  name?: string;
  alias?: bigint;
  /** ms since the epoch. */
  timestamp?: number;
  datatype?: SpType;
  isHistorical?: boolean;
  isTransient?: boolean;
  isNull?: boolean;
  properties?: SpProperty[];
  value?: SpValue;
}

export interface SpPayload {
  timestamp?: number;
  metrics: SpMetric[];
  seq?: number;
  uuid?: string;
  body?: Buffer;
}

/* Field numbers of the Sparkplug B payload schema (sparkplug_b.proto, specification 3.0). */
const P = { timestamp: 1, metrics: 2, seq: 3, uuid: 4, body: 5 };
const M = { name: 1, alias: 2, timestamp: 3, datatype: 4, isHistorical: 5, isTransient: 6, isNull: 7, metadata: 8, properties: 9, int: 10, long: 11, float: 12, double: 13, boolean: 14, string: 15, bytes: 16 };
const PS = { keys: 1, values: 2 };
const PV = { type: 1, isNull: 2, int: 3, long: 4, float: 5, double: 6, boolean: 7, string: 8 };

/** Write a typed value in its field: 32-bit and smaller integers as uint32 (two's complement), 64-bit as uint64. */
function writeValue(w: ProtoWriter, type: number, value: SpValue, f: { int: number; long: number; float: number; double: number; boolean: number; string: number }): void {
  if (isInt32Type(type)) w.tag(f.int, WIRE_VARINT).varint(BigInt.asUintN(32, BigInt(value as number | bigint)));
  else if (isLongType(type)) w.tag(f.long, WIRE_VARINT).varint(BigInt.asUintN(64, BigInt(value as number | bigint)));
  else if (type === SpType.Float) w.tag(f.float, WIRE_FIXED32).fixed32Float(Number(value));
  else if (type === SpType.Double) w.tag(f.double, WIRE_FIXED64).fixed64Double(Number(value));
  else if (type === SpType.Boolean) w.tag(f.boolean, WIRE_VARINT).uvarint(value ? 1 : 0);
  else if (type === SpType.String || type === SpType.Text) w.tag(f.string, WIRE_LEN).string(String(value));
  else throw new Error(`datatype ${type} is not supported`);
}

function encodeProperties(props: SpProperty[]): Buffer {
  const w = new ProtoWriter();
  for (const p of props) w.tag(PS.keys, WIRE_LEN).string(p.key);
  for (const p of props) {
    const v = new ProtoWriter();
    v.tag(PV.type, WIRE_VARINT).uvarint(p.type);
    if (p.value === null) v.tag(PV.isNull, WIRE_VARINT).uvarint(1);
    else writeValue(v, p.type, p.value, PV);
    w.tag(PS.values, WIRE_LEN).bytes(v.finish());
  }
  return w.finish();
}

function encodeMetric(m: SpMetric): Buffer {
  const w = new ProtoWriter();
  if (m.name !== undefined) w.tag(M.name, WIRE_LEN).string(m.name);
  if (m.alias !== undefined) w.tag(M.alias, WIRE_VARINT).varint(m.alias);
  if (m.timestamp !== undefined) w.tag(M.timestamp, WIRE_VARINT).varint(BigInt(m.timestamp));
  if (m.datatype !== undefined) w.tag(M.datatype, WIRE_VARINT).uvarint(m.datatype);
  if (m.isHistorical) w.tag(M.isHistorical, WIRE_VARINT).uvarint(1);
  if (m.isTransient) w.tag(M.isTransient, WIRE_VARINT).uvarint(1);
  if (m.isNull) w.tag(M.isNull, WIRE_VARINT).uvarint(1);
  if (m.properties?.length) w.tag(M.properties, WIRE_LEN).bytes(encodeProperties(m.properties));
  if (!m.isNull && m.value !== undefined) {
    if (m.datatype === undefined) throw new Error(`metric ${m.name ?? String(m.alias)} has a value and no datatype`);
    writeValue(w, m.datatype, m.value, M);
  }
  return w.finish();
}

/** The protobuf bytes of a Sparkplug B payload. */
export function encodePayload(p: SpPayload): Buffer {
  const w = new ProtoWriter();
  if (p.timestamp !== undefined) w.tag(P.timestamp, WIRE_VARINT).varint(BigInt(p.timestamp));
  for (const m of p.metrics) w.tag(P.metrics, WIRE_LEN).bytes(encodeMetric(m));
  if (p.seq !== undefined) w.tag(P.seq, WIRE_VARINT).varint(BigInt(p.seq));
  if (p.uuid !== undefined) w.tag(P.uuid, WIRE_LEN).string(p.uuid);
  if (p.body !== undefined) w.tag(P.body, WIRE_LEN).bytes(p.body);
  return w.finish();
}

/** A value field read back by the type it was sent with: signed types sign-extended, 64-bit as bigint. */
function readValue(type: number | undefined, f: ProtoField): SpValue {
  if (f.wire === WIRE_FIXED32) return f.bytes!.readFloatLE(0);
  if (f.wire === WIRE_FIXED64) return f.bytes!.readDoubleLE(0);
  if (f.wire === WIRE_LEN) return f.bytes!.toString('utf8');
  const raw = f.int!;
  if (type === undefined) return raw;
  if (type === SpType.Boolean) return raw !== 0n;
  if (isInt32Type(type)) {
    const v = BigInt.asUintN(32, raw);
    return Number(isSigned32(type) ? BigInt.asIntN(bitsOf(type), v) : BigInt.asUintN(bitsOf(type), v));
  }
  if (type === SpType.Int64) return BigInt.asIntN(64, raw);
  return raw;
}

function decodeProperties(buf: Buffer): SpProperty[] {
  const keys: string[] = [];
  const values: { type: SpType; value: SpValue | null }[] = [];
  for (const f of readFields(buf)) {
    if (f.field === PS.keys) keys.push(f.bytes!.toString('utf8'));
    else if (f.field === PS.values) {
      let type = 0;
      let value: SpValue | null = null;
      for (const g of readFields(f.bytes!)) {
        if (g.field === PV.type) type = Number(g.int);
        else if (g.field >= PV.int && g.field <= PV.string) value = readValue(type, g);
      }
      values.push({ type: type as SpType, value });
    }
  }
  return keys.map((key, i) => ({ key, ...(values[i] ?? { type: 0 as SpType, value: null }) }));
}

function decodeMetric(buf: Buffer): SpMetric {
  const m: SpMetric = {};
  let valueField: ProtoField | undefined;
  for (const f of readFields(buf)) {
    switch (f.field) {
      case M.name: m.name = f.bytes!.toString('utf8'); break;
      case M.alias: m.alias = f.int!; break;
      case M.timestamp: m.timestamp = Number(f.int); break;
      case M.datatype: m.datatype = Number(f.int) as SpType; break;
      case M.isHistorical: m.isHistorical = f.int !== 0n; break;
      case M.isTransient: m.isTransient = f.int !== 0n; break;
      case M.isNull: m.isNull = f.int !== 0n; break;
      case M.properties: m.properties = decodeProperties(f.bytes!); break;
      default:
        if (f.field >= M.int && f.field <= M.string) valueField = f;
    }
  }
  // The value is read after the datatype, which may come later in the bytes.
  if (valueField) m.value = readValue(m.datatype, valueField);
  return m;
}

/** A Sparkplug B payload from its protobuf bytes; throws on malformed bytes. */
export function decodePayload(buf: Buffer): SpPayload {
  const p: SpPayload = { metrics: [] };
  for (const f of readFields(buf)) {
    if (f.field === P.timestamp) p.timestamp = Number(f.int);
    else if (f.field === P.metrics) p.metrics.push(decodeMetric(f.bytes!));
    else if (f.field === P.seq) p.seq = Number(f.int);
    else if (f.field === P.uuid) p.uuid = f.bytes!.toString('utf8');
    else if (f.field === P.body) p.body = Buffer.from(f.bytes!);
  }
  return p;
}
