import { crc32 } from 'node:zlib';

/** Bytes before each record's body: its length (u32 LE) and the CRC-32 of the body (u32 LE). */
export const RECORD_HEADER = 8;

export function encodeRecord(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, RECORD_HEADER);
  return out;
}

/**
 * The record at `at` in `buf`: its body and where the next one starts; 'short' when `buf` ends inside it (read more,
 * or a torn tail); 'corrupt' when the checksum does not match (a torn or damaged write).
 */
export function decodeRecord(buf: Buffer, at: number): { body: Buffer; next: number } | 'short' | 'corrupt' {
  if (at + RECORD_HEADER > buf.length) return 'short';
  const len = buf.readUInt32LE(at);
  const end = at + RECORD_HEADER + len;
  if (end > buf.length) return 'short';
  const body = buf.subarray(at + RECORD_HEADER, end);
  return crc32(body) === buf.readUInt32LE(at + 4) ? { body, next: end } : 'corrupt';
}
