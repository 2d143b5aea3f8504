/**
 * The few protobuf wire rules a Sparkplug payload needs: varints (as bigint, so 64-bit values keep every bit),
 * fixed 32/64-bit floats, and length-delimited fields. Written here rather than taken from protobufjs so that the
 * bytes are exactly what the Sparkplug B schema says and 64-bit values never pass through a Long or a double.
 */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export class ProtoWriter {
  private chunks: Buffer[] = [];
  private cur = Buffer.allocUnsafe(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.cur.length) return;
    this.chunks.push(this.cur.subarray(0, this.pos));
    this.cur = Buffer.allocUnsafe(Math.max(256, n));
    this.pos = 0;
  }

  varint(v: bigint | number): this {
    let x = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (x >= 0x80n) {
      this.cur[this.pos++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.cur[this.pos++] = Number(x);
    return this;
  }

  /** A small non-negative number as a varint, without bigint (tags and lengths). */
  uvarint(v: number): this {
    this.ensure(5);
    while (v >= 0x80) {
      this.cur[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.cur[this.pos++] = v;
    return this;
  }

  tag(field: number, wire: number): this {
    return this.uvarint((field << 3) | wire);
  }

  fixed32Float(v: number): this {
    this.ensure(4);
    this.cur.writeFloatLE(v, this.pos);
    this.pos += 4;
    return this;
  }

  fixed64Double(v: number): this {
    this.ensure(8);
    this.cur.writeDoubleLE(v, this.pos);
    this.pos += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.uvarint(b.length);
    this.ensure(b.length);
    this.cur.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  string(s: string): this {
    return this.bytes(Buffer.from(s, 'utf8'));
  }

  finish(): Buffer {
    return Buffer.concat([...this.chunks, this.cur.subarray(0, this.pos)]);
  }
}

export interface ProtoField {
  field: number;
  wire: number;
  /** Varint fields. */
  int?: bigint;
  /** Fixed fields and length-delimited bytes. */
  bytes?: Buffer;
}

/** Every field of one message, in order; throws on truncated or malformed bytes. */
export function readFields(buf: Buffer): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  const take = (n: number): Buffer => {
    if (pos + n > buf.length) throw new Error('truncated field');
    const b = buf.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new Error('field number 0');
    if (wire === WIRE_VARINT) out.push({ field, wire, int: varint() });
    else if (wire === WIRE_FIXED64) out.push({ field, wire, bytes: take(8) });
    else if (wire === WIRE_FIXED32) out.push({ field, wire, bytes: take(4) });
    else if (wire === WIRE_LEN) out.push({ field, wire, bytes: take(Number(varint())) });
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}
