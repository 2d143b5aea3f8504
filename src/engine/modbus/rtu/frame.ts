import { crc16 } from './crc';

/** Modbus RTU framing: unit id, PDU, CRC (low byte first). */
export function encodeRtu(unitId: number, pdu: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(pdu.length + 3);
  frame[0] = unitId & 0xff;
  frame.set(pdu, 1);
  const crc = crc16(frame, 0, pdu.length + 1);
  frame[pdu.length + 1] = crc & 0xff;
  frame[pdu.length + 2] = crc >> 8;
  return frame;
}

/** Largest RTU frame the spec allows: 256 bytes. */
export const MAX_RTU_FRAME = 256;

/**
 * Length of the RTU RESPONSE frame at the start of buf (unit + PDU + CRC), from its function code;
 * 0 when more bytes are needed to tell; -1 when the bytes cannot start a response to `requestFc`.
 */
export function responseLength(buf: Uint8Array, requestFc: number): number {
  if (buf.length < 2) return 0;
  const fc = buf[1]!;
  if (fc !== requestFc && fc !== (requestFc | 0x80)) return -1;
  return anyResponseLength(buf);
}

/**
 * Length of the RTU response frame at the start of buf, whatever function it carries (a late answer to another
 * request, a reply with another function): 0 when more bytes are needed, -1 when no response starts like this
 * (unknown function, or longer than an RTU frame may be).
 */
export function anyResponseLength(buf: Uint8Array): number {
  if (buf.length < 2) return 0;
  const fc = buf[1]!;
  if (fc & 0x80) return 5;
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 0x17:
      return buf.length < 3 ? 0 : 5 + buf[2]!;
    case 5:
    case 6:
    case 15:
    case 16:
      return 8;
    case 0x2b:
      return meiLength(buf);
    default:
      return -1;
  }
}

/** FC 43 / MEI 14 (read device identification) response: walk the object list to find the end. */
function meiLength(buf: Uint8Array): number {
  // unit, 2B, 0E, readCode, conformity, more, nextId, count, then count x (id, len, bytes), then CRC
  if (buf.length < 8) return 0;
  if (buf[2] !== 0x0e) return -1;
  let off = 8;
  const count = buf[7]!;
  for (let i = 0; i < count; i++) {
    if (buf.length < off + 2) return 0;
    off += 2 + buf[off + 1]!;
    if (off > MAX_RTU_FRAME) return -1;
  }
  return off + 2;
}

/**
 * Length of the RTU REQUEST frame at the start of buf (what a slave receives);
 * 0 when more bytes are needed; -1 for a function code whose length it cannot know.
 */
export function requestLength(buf: Uint8Array): number {
  if (buf.length < 2) return 0;
  switch (buf[1]!) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
      return 8;
    case 15:
    case 16:
      return buf.length < 7 ? 0 : 9 + buf[6]!;
    case 0x2b:
      return 7;
    default:
      return -1;
  }
}
