/**
 * An independent reading of Sparkplug B payload bytes for the conformance tests: raw protobuf fields interpreted by
 * the field numbers of sparkplug_b.proto, written apart from src/engine/sparkplug (and not through sparkplug-payload),
 * so the tests check the bytes, not the engine's own decoder.
 */
export interface WireMetric {
  name?: string;
  alias?: bigint;
  timestamp?: bigint;
  datatype?: number;
  historical: boolean;
  isNull: boolean;
  /** int_value (10) and long_value (11) as unsigned bigint, float (12) / double (13) as number, boolean, string. */
  value?: bigint | number | boolean | string;
  valueField?: number;
  /** Property keys to their raw value (scalars only). */
  props: Record<string, bigint | number | boolean | string | null>;
}

export interface WirePayload {
  timestamp?: bigint;
  seq?: bigint;
  metrics: WireMetric[];
}

type Field = [num: number, wire: number, v: bigint | Buffer];

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = () => {
    let v = 0n;
    for (let s = 0n; ; s += 7n) {
      const b = buf[i++];
      if (b === undefined) throw new Error('truncated');
      v |= BigInt(b & 0x7f) << s;
      if (b < 128) return v;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const wire = key & 7;
    const len = wire === 0 ? -1 : wire === 1 ? 8 : wire === 5 ? 4 : wire === 2 ? Number(varint()) : NaN;
    if (Number.isNaN(len)) throw new Error(`wire type ${wire}`);
    if (len < 0) out.push([key >> 3, wire, varint()]);
    else {
      out.push([key >> 3, wire, buf.subarray(i, i + len)]);
      i += len;
    }
  }
  return out;
}

function scalar(num: number, v: bigint | Buffer, base: number): bigint | number | boolean | string {
  const k = num - base; // 0 int, 1 long, 2 float, 3 double, 4 boolean, 5 string
  if (k === 2) return (v as Buffer).readFloatLE(0);
  if (k === 3) return (v as Buffer).readDoubleLE(0);
  if (k === 4) return v !== 0n;
  if (k === 5) return (v as Buffer).toString('utf8');
  return v as bigint;
}

function metric(buf: Buffer): WireMetric {
  const m: WireMetric = { historical: false, isNull: false, props: {} };
  for (const [n, , v] of fields(buf)) {
    if (n === 1) m.name = (v as Buffer).toString('utf8');
    else if (n === 2) m.alias = v as bigint;
    else if (n === 3) m.timestamp = v as bigint;
    else if (n === 4) m.datatype = Number(v);
    else if (n === 5) m.historical = v !== 0n;
    else if (n === 7) m.isNull = v !== 0n;
    else if (n === 9) {
      const keys: string[] = [];
      const vals: (bigint | number | boolean | string | null)[] = [];
      for (const [pn, , pv] of fields(v as Buffer)) {
        if (pn === 1) keys.push((pv as Buffer).toString('utf8'));
        if (pn === 2) {
          let val: bigint | number | boolean | string | null = null;
          for (const [qn, , qv] of fields(pv as Buffer)) if (qn >= 3 && qn <= 8) val = scalar(qn, qv, 3);
          vals.push(val);
        }
      }
      keys.forEach((k, i) => (m.props[k] = vals[i] ?? null));
    } else if (n >= 10 && n <= 15) {
      m.value = scalar(n, v, 10);
      m.valueField = n;
    }
  }
  return m;
}

export function readPayload(buf: Buffer): WirePayload {
  const p: WirePayload = { metrics: [] };
  for (const [n, , v] of fields(buf)) {
    if (n === 1) p.timestamp = v as bigint;
    else if (n === 2) p.metrics.push(metric(v as Buffer));
    else if (n === 3) p.seq = v as bigint;
  }
  return p;
}

/** An int_value read as the signed 32-bit number it carries. */
export function int32(v: unknown): number {
  return Number(BigInt.asIntN(32, v as bigint));
}
