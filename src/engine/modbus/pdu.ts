import { toHex16 } from '../../shared/codec/registers';
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
  if (fc !== requestFc) throw new Error(`protocol: the answer is function ${fc}, which does not match the request's function ${requestFc}`);
}

/**
 * What is wrong with the data part of a read answer, or null: the byte count must be what was asked, and exactly
 * that many bytes must follow it. The message names what was expected and what is present.
 */
function readDataProblem(pdu: Uint8Array, need: number, asked: string): string | null {
  const byteCount = pdu[1];
  const present = Math.max(0, pdu.length - 2);
  if (byteCount === need && present === need) return null;
  const expected = `expected ${need} data bytes (${asked})`;
  if (byteCount === undefined) return `${expected}, the answer ends before its byte count`;
  if (byteCount !== need) return `${expected}, the answer's byte count says ${byteCount}${present === byteCount ? '' : ` and ${present} follow it`}`;
  return `${expected}, the byte count says ${need} but ${present} ${present > need ? 'follow it' : 'arrived'}`;
}

/** Parse a response to FC 3/4: the register words. */
export function parseRegisters(pdu: Buffer, count: number, fc: number): number[] {
  checkResponse(fc, pdu);
  const problem = readDataProblem(pdu, count * 2, `${count} register${count === 1 ? '' : 's'}`);
  if (problem) throw new Error(`protocol: ${problem}`);
  const out = new Array<number>(count);
  // Byte arithmetic instead of readUInt16BE: 0.05 against 0.38 µs for 100 registers, on every read.
  for (let i = 0, at = 2; i < count; i++, at += 2) out[i] = (pdu[at]! << 8) | pdu[at + 1]!;
  return out;
}

/** Parse a response to FC 1/2: the bits, 0 or 1. */
export function parseBits(pdu: Buffer, count: number, fc: number): number[] {
  checkResponse(fc, pdu);
  const need = Math.ceil(count / 8);
  const problem = readDataProblem(pdu, need, `${count} bit${count === 1 ? '' : 's'}`);
  if (problem) throw new Error(`protocol: ${problem}`);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = (pdu[2 + (i >> 3)]! >> (i & 7)) & 1;
  return out;
}

/**
 * Why `response` cannot be the answer to `request` (both PDUs), or null when it can: the function (or its
 * exception), for reads the byte count of what was asked, for writes the echoed address and value or quantity.
 * Without a transaction id (RTU) this is what keeps a late answer to another request from being taken for this one.
 */
export function answerMismatch(request: Uint8Array, response: Uint8Array): string | null {
  const fc = request[0]!;
  const got = response[0];
  if (got === undefined) return 'an empty answer';
  if (got === (fc | 0x80)) return response.length === 2 ? null : `an exception answer of ${response.length} bytes (2 expected)`;
  if (got !== fc) return `a function ${got & 0x7f}${got & 0x80 ? ' exception' : ''} answer to a function ${fc} request`;
  const u16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4: {
      const qty = u16(request, 3);
      const bits = fc <= 2;
      const problem = readDataProblem(response, bits ? Math.ceil(qty / 8) : qty * 2, `${qty} ${bits ? 'bit' : 'register'}${qty === 1 ? '' : 's'}`);
      return problem && `an answer that does not fit the request: ${problem}`;
    }
    case 5:
    case 6: {
      if (response.length === 5 && u16(response, 1) === u16(request, 1) && u16(response, 3) === u16(request, 3)) return null;
      return `an answer to the write that names address ${u16(response, 1)} = 0x${toHex16(u16(response, 3))}${response.length === 5 ? '' : ` in ${response.length} bytes`}; the request was address ${u16(request, 1)} = 0x${toHex16(u16(request, 3))}`;
    }
    case 15:
    case 16: {
      if (response.length === 5 && u16(response, 1) === u16(request, 1) && u16(response, 3) === u16(request, 3)) return null;
      return `an answer to the write that names ${u16(response, 3)} values from address ${u16(response, 1)}${response.length === 5 ? '' : ` in ${response.length} bytes`}; the request was ${u16(request, 3)} from address ${u16(request, 1)}`;
    }
    case 0x17: {
      const qty = u16(request, 3);
      const problem = readDataProblem(response, qty * 2, `${qty} register${qty === 1 ? '' : 's'}`);
      return problem && `an answer that does not fit the request: ${problem}`;
    }
    case 0x2b:
      return response[1] === request[1] ? null : `an answer for MEI type ${response[1] ?? 'none'} to a request for MEI type ${request[1]}`;
    default:
      return null;
  }
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
