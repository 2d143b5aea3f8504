/**
 * EtherNet/IP encapsulation (Vol. 2, ch. 2): the 24-byte header every TCP and UDP message carries, and the Common
 * Packet Format items that follow it in SendRRData / SendUnitData / ListIdentity.
 */

export const ENCAP = {
  NOP: 0x00,
  LIST_IDENTITY: 0x63,
  REGISTER_SESSION: 0x65,
  UNREGISTER_SESSION: 0x66,
  SEND_RR_DATA: 0x6f,
  SEND_UNIT_DATA: 0x70,
} as const;

export const CPF = {
  NULL_ADDRESS: 0x0000,
  IDENTITY: 0x000c,
  CONNECTED_ADDRESS: 0x00a1,
  CONNECTED_DATA: 0x00b1,
  UNCONNECTED_DATA: 0x00b2,
} as const;

export const ENCAP_HEADER = 24;

export interface EncapMessage {
  command: number;
  session: number;
  status: number;
  context: Buffer;
  data: Buffer;
}

export function encodeEncap(command: number, session: number, data: Buffer, context: Buffer = Buffer.alloc(8), status = 0): Buffer {
  const h = Buffer.alloc(ENCAP_HEADER);
  h.writeUInt16LE(command, 0);
  h.writeUInt16LE(data.length, 2);
  h.writeUInt32LE(session >>> 0, 4);
  h.writeUInt32LE(status >>> 0, 8);
  context.copy(h, 12, 0, 8);
  return Buffer.concat([h, data]);
}

/**
 * The first whole message in `buf`, and how many bytes it took; null while it is incomplete. Its context and data are
 * views of `buf` (never copied: a scan of 500 tags decodes them once per packet), so `buf` must not be written after.
 */
export function decodeEncap(buf: Buffer): { message: EncapMessage; size: number } | null {
  if (buf.length < ENCAP_HEADER) return null;
  const length = buf.readUInt16LE(2);
  if (buf.length < ENCAP_HEADER + length) return null;
  return {
    message: {
      command: buf.readUInt16LE(0),
      session: buf.readUInt32LE(4),
      status: buf.readUInt32LE(8),
      context: buf.subarray(12, 20),
      data: buf.subarray(ENCAP_HEADER, ENCAP_HEADER + length),
    },
    size: ENCAP_HEADER + length,
  };
}

export interface CpfItem {
  type: number;
  data: Buffer;
}

export function encodeCpf(items: CpfItem[]): Buffer {
  const parts: Buffer[] = [];
  const count = Buffer.alloc(2);
  count.writeUInt16LE(items.length, 0);
  parts.push(count);
  for (const it of items) {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(it.type, 0);
    h.writeUInt16LE(it.data.length, 2);
    parts.push(h, it.data);
  }
  return Buffer.concat(parts);
}

/** CPF items from `buf` at `offset`; throws on a truncated list. */
export function decodeCpf(buf: Buffer, offset = 0): CpfItem[] {
  if (buf.length < offset + 2) throw new Error('truncated item count');
  const n = buf.readUInt16LE(offset);
  let at = offset + 2;
  const items: CpfItem[] = [];
  for (let i = 0; i < n; i++) {
    if (buf.length < at + 4) throw new Error('truncated item header');
    const type = buf.readUInt16LE(at);
    const len = buf.readUInt16LE(at + 2);
    if (buf.length < at + 4 + len) throw new Error(`item 0x${type.toString(16)} is truncated`);
    items.push({ type, data: buf.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return items;
}

/** SendRRData / SendUnitData payload: interface handle 0, timeout, then the items. */
export function encodeSendData(items: CpfItem[], timeout = 0): Buffer {
  const h = Buffer.alloc(6);
  h.writeUInt16LE(timeout, 4);
  return Buffer.concat([h, encodeCpf(items)]);
}

export function decodeSendData(data: Buffer): CpfItem[] {
  if (data.length < 6) throw new Error('truncated send-data header');
  return decodeCpf(data, 6);
}

const ENCAP_STATUS: Record<number, string> = {
  0x0001: 'invalid or unsupported encapsulation command',
  0x0002: 'insufficient memory in the target',
  0x0003: 'poorly formed or incorrect data',
  0x0064: 'invalid session handle',
  0x0065: 'invalid length',
  0x0069: 'unsupported encapsulation protocol revision',
};

export function encapStatusName(status: number): string {
  return `encapsulation status 0x${status.toString(16).padStart(4, '0')} (${ENCAP_STATUS[status] ?? 'unknown'})`;
}
