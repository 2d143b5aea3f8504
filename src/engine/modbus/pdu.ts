import type { ModbusTable } from '../../shared/modbus/tables';
import { TABLE_INFO } from '../../shared/modbus/tables';
import { ModbusException } from './exceptions';

/**
 * Modbus PDUs (function code + data), independent of framing: the same bytes travel inside an MBAP header (TCP)
 * or between a unit id and a CRC (RTU).
 */

export function readRequest(table: ModbusTable, address: number, count: number): Buffer {
  const pdu = Buffer.allocUnsafe(5);
  pdu[0] = TABLE_INFO[table].readFc;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(count, 3);
  return pdu;
}

export function writeSingleRegisterRequest(address: number, value: number): Buffer {
  const pdu = Buffer.allocUnsafe(5);
  pdu[0] = 6;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(value & 0xffff, 3);
  return pdu;
}

export function writeMultipleRegistersRequest(address: number, values: readonly number[]): Buffer {
  const pdu = Buffer.allocUnsafe(6 + values.length * 2);
  pdu[0] = 16;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(values.length, 3);
  pdu[5] = values.length * 2;
  values.forEach((v, i) => pdu.writeUInt16BE(v & 0xffff, 6 + i * 2));
  return pdu;
}

/** Throws ModbusException for an exception response, or Error('protocol: ...') for a malformed one. */
export function checkResponse(requestFc: number, pdu: Buffer): void {
  if (pdu.length < 1) throw new Error('protocol: empty response PDU');
  const fc = pdu[0]!;
  if (fc === (requestFc | 0x80)) {
    if (pdu.length < 2) throw new Error('protocol: exception response without a code');
    throw new ModbusException(requestFc, pdu[1]!);
  }
  if (fc !== requestFc) throw new Error(`protocol: response function ${fc} does not match request ${requestFc}`);
}

/** Parse a response to FC 3/4: the register words. */
export function parseRegisters(pdu: Buffer, count: number, fc: number): number[] {
  checkResponse(fc, pdu);
  const byteCount = pdu[1];
  if (byteCount !== count * 2 || pdu.length < 2 + count * 2) {
    throw new Error(`protocol: expected ${count * 2} data bytes, got ${byteCount ?? 0}`);
  }
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = pdu.readUInt16BE(2 + i * 2);
  return out;
}

/** Parse a response to FC 1/2: the bits, 0 or 1. */
export function parseBits(pdu: Buffer, count: number, fc: number): number[] {
  checkResponse(fc, pdu);
  const need = Math.ceil(count / 8);
  const byteCount = pdu[1];
  if (byteCount !== need || pdu.length < 2 + need) throw new Error(`protocol: expected ${need} data bytes, got ${byteCount ?? 0}`);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = (pdu[2 + (i >> 3)]! >> (i & 7)) & 1;
  return out;
}

export function writeSingleCoilRequest(address: number, on: boolean): Buffer {
  const pdu = Buffer.allocUnsafe(5);
  pdu[0] = 5;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(on ? 0xff00 : 0x0000, 3);
  return pdu;
}

/** FC 43 / MEI 14: read device identification, basic objects (vendor, product code, revision). */
export function readDeviceIdRequest(readCode = 1, objectId = 0): Buffer {
  return Buffer.from([0x2b, 0x0e, readCode, objectId]);
}

/** Parse an FC 43/14 response into object id -> text. */
export function parseDeviceId(pdu: Buffer): { objects: Map<number, string>; moreFollows: boolean; nextObjectId: number } {
  checkResponse(0x2b, pdu);
  if (pdu.length < 7 || pdu[1] !== 0x0e) throw new Error('protocol: not a device identification response');
  const moreFollows = pdu[4] === 0xff;
  const nextObjectId = pdu[5]!;
  const count = pdu[6]!;
  const objects = new Map<number, string>();
  let off = 7;
  for (let i = 0; i < count; i++) {
    if (off + 2 > pdu.length) throw new Error('protocol: device identification object list is cut short');
    const id = pdu[off]!;
    const len = pdu[off + 1]!;
    if (off + 2 + len > pdu.length) throw new Error('protocol: device identification object is cut short');
    objects.set(id, pdu.subarray(off + 2, off + 2 + len).toString('latin1'));
    off += 2 + len;
  }
  return { objects, moreFollows, nextObjectId };
}

export function writeMultipleCoilsRequest(address: number, bits: readonly boolean[]): Buffer {
  const n = Math.ceil(bits.length / 8);
  const pdu = Buffer.alloc(6 + n);
  pdu[0] = 15;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(bits.length, 3);
  pdu[5] = n;
  bits.forEach((b, i) => {
    if (b) pdu[6 + (i >> 3)]! |= 1 << (i & 7);
  });
  return pdu;
}
