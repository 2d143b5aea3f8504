/**
 * Modbus TCP framing: the 7-byte MBAP header (transaction id, protocol id 0, length, unit id) before each PDU.
 */
export const MBAP_LENGTH = 7;
/** Largest PDU the spec allows (253 bytes) plus the unit id. */
export const MAX_MBAP_LENGTH_FIELD = 254;

export function encodeMbap(transactionId: number, unitId: number, pdu: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(MBAP_LENGTH + pdu.length);
  frame.writeUInt16BE(transactionId & 0xffff, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(pdu.length + 1, 4);
  frame[6] = unitId & 0xff;
  pdu.copy(frame, MBAP_LENGTH);
  return frame;
}

export interface MbapFrame {
  transactionId: number;
  unitId: number;
  pdu: Buffer;
}

/**
 * Splits a TCP byte stream into MBAP frames. A header that cannot be Modbus (protocol id not 0, length out of
 * range) makes the stream unusable: onError is called and the caller drops the connection, as the spec says.
 */
export class MbapSplitter {
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onFrame: (frame: MbapFrame) => void,
    private readonly onError: (reason: string) => void,
  ) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let off = 0;
    while (this.buf.length - off >= MBAP_LENGTH) {
      const protocol = this.buf.readUInt16BE(off + 2);
      const len = this.buf.readUInt16BE(off + 4);
      if (protocol !== 0 || len < 2 || len > MAX_MBAP_LENGTH_FIELD) {
        this.buf = Buffer.alloc(0);
        this.onError(protocol !== 0 ? `protocol id ${protocol} is not Modbus (0)` : `MBAP length ${len} out of range`);
        return;
      }
      const total = 6 + len;
      if (this.buf.length - off < total) break;
      this.onFrame({
        transactionId: this.buf.readUInt16BE(off),
        unitId: this.buf[off + 6]!,
        pdu: this.buf.subarray(off + MBAP_LENGTH, off + total),
      });
      off += total;
    }
    this.buf = off === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(off);
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }
}
