import type { ReadResult, DecodedValue } from '../../shared/contract';
import { decodeRegisters } from '../../shared/codec/registers';
import { REGISTERS_PER_TYPE, type ByteOrder, type DataType } from '../../shared/codec/types';
import { TABLE_INFO, type ModbusTable } from '../../shared/modbus/tables';
import { GOOD, bad, type Quality } from '../../shared/quality';
import { FieldbenchError } from '../../shared/errors';
import { ModbusException } from './exceptions';
import { parseBits, parseRegisters, readRequest } from './pdu';

/** Anything that carries a PDU to a unit and back: TCP master today, the RTU bus queue next. */
export interface PduChannel {
  request(unitId: number, pdu: Buffer): Promise<Buffer>;
}

export interface RangeRequest {
  unitId: number;
  table: ModbusTable;
  address: number;
  count: number;
}

/** Read raw words (register tables) or bits (coil tables). Throws typed errors. */
export async function readRaw(channel: PduChannel, req: RangeRequest): Promise<number[]> {
  const pdu = readRequest(req.table, req.address, req.count);
  const res = await channel.request(req.unitId, pdu);
  const fc = TABLE_INFO[req.table].readFc;
  try {
    return TABLE_INFO[req.table].bits ? parseBits(res, req.count, fc) : parseRegisters(res, req.count, fc);
  } catch (err) {
    if (err instanceof ModbusException) throw err;
    throw new FieldbenchError('protocol_error', (err as Error).message);
  }
}

/** The quality a failed read leaves on its values. */
export function qualityOfError(err: unknown): Quality {
  if (err instanceof ModbusException) return bad(err.message);
  if (err instanceof FieldbenchError) {
    if (err.code === 'timeout') return bad('timeout');
    if (err.code === 'connection_failed') return bad(/^(comm|port) lost/.test(err.message) ? err.message : `comm lost: ${err.message}`);
    return bad(err.message);
  }
  return bad(err instanceof Error ? err.message : String(err));
}

/** Split raw words into decoded values of one type; a trailing partial value is reported Bad, not guessed. */
export function decodeRange(
  table: ModbusTable,
  address: number,
  raw: readonly number[],
  type: DataType,
  order: ByteOrder,
): DecodedValue[] {
  const n = raw.length;
  if (TABLE_INFO[table].bits) {
    const bits = new Array<DecodedValue>(n);
    for (let i = 0; i < n; i++) bits[i] = { address: address + i, registers: [raw[i]!], value: raw[i] === 1, quality: GOOD };
    return bits;
  }
  const width = REGISTERS_PER_TYPE[type];
  if ((type === 'uint16' || type === 'int16') && (order === 'ABCD' || order === 'CDAB')) {
    // The common case, a register per value: no slicing, no scratch buffer, one pass.
    const words = new Array<DecodedValue>(n);
    const signed = type === 'int16';
    for (let i = 0; i < n; i++) {
      const w = raw[i]!;
      words[i] = { address: address + i, registers: [w], value: signed ? (w << 16) >> 16 : w, quality: GOOD };
    }
    return words;
  }
  const out: DecodedValue[] = [];
  for (let i = 0; i < raw.length; i += width) {
    const regs = raw.slice(i, i + width);
    if (regs.length < width) {
      out.push({ address: address + i, registers: regs, value: null, quality: bad(`${type} needs ${width} registers; the range ends after ${regs.length}`) });
    } else {
      out.push({ address: address + i, registers: regs, value: decodeRegisters(regs, type, order), quality: GOOD });
    }
  }
  return out;
}

export async function readDecoded(
  channel: PduChannel,
  deviceId: string,
  req: RangeRequest & { type: DataType; order: ByteOrder },
): Promise<ReadResult> {
  const started = performance.now();
  // One literal per result, no `{ ...base, raw, ... }`: V8 (Node 20) defines the properties that follow a spread
  // one by one at run time, which made this function 6.2 µs per call against 1.6 µs written out, decode included.
  try {
    const raw = await readRaw(channel, req);
    return {
      deviceId,
      table: req.table,
      address: req.address,
      count: req.count,
      raw,
      values: decodeRange(req.table, req.address, raw, req.type, req.order),
      quality: GOOD,
      receivedAt: Date.now(),
      durationMs: performance.now() - started,
    };
  } catch (err) {
    return {
      deviceId,
      table: req.table,
      address: req.address,
      count: req.count,
      raw: [],
      values: [],
      quality: qualityOfError(err),
      receivedAt: Date.now(),
      durationMs: performance.now() - started,
    };
  }
}
