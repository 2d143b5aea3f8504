import { decodeTag } from '../../../shared/codec/decode';
import { encodeTag } from '../../../shared/codec/encode';
import { toJsonValue } from '../../../shared/codec/json';
import { decodeRegisters, encodeValue } from '../../../shared/codec/registers';
import { tagWidth } from '../../../shared/codec/spec';
import { DataType, normalizeOrder } from '../../../shared/codec/types';
import { FieldbenchError } from '../../../shared/errors';
import { toConventional } from '../../../shared/modbus/tables';
import { codecOf, type ModbusDevice, type ModbusSource } from '../../../shared/project/schema';
import type { ModbusWriteDetail } from '../../../shared/schemas/writes';
import type { PreparedWrite } from '../../drivers/driver';
import { answerMismatch, checkResponse, writeMultipleCoilsRequest, writeMultipleRegistersRequest, writeSingleCoilRequest, writeSingleRegisterRequest } from '../pdu';
import { qualityOfError, readRaw, type PduChannel } from '../read';

const INT_RANGES: Partial<Record<string, [number, number]>> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  bool: [0, 1],
};

/** Refuse a value the register cannot hold, naming the type and its range. */
export function checkFits(value: number | boolean | string, type: string): void {
  if (typeof value !== 'number') return;
  const range = INT_RANGES[type];
  if (range) {
    if (!Number.isInteger(value)) throw new FieldbenchError('invalid_input', `${value} is not a whole number, and ${type} holds only whole numbers`);
    if (value < range[0] || value > range[1]) throw new FieldbenchError('invalid_input', `${value} does not fit ${type} (${range[0]} to ${range[1]})`);
  }
  if (type === 'float32' && Math.abs(value) > 3.4028234663852886e38) throw new FieldbenchError('invalid_input', `${value} does not fit float32`);
}

export interface ModbusWriteOptions {
  /** FC 15 / 16 even for one coil or register. */
  multiple: boolean;
  /** Unit 0 on a serial line is a broadcast: every device acts on it, none answers. */
  broadcastCapable: boolean;
}

type Value = number | boolean | string;

/** A plain fixed-width value: written as the register codec's raw type, as Modbus Poll does. */
function isPlain(source: ModbusSource): boolean {
  return DataType.safeParse(source.type).success && source.scale === 1 && source.offset === 0 && source.sfAddress === undefined && source.sentinel === 'none';
}

/**
 * The Modbus part of a confirmed write: read the current value, encode the new one, build the exact PDU, and on
 * execute send it once and hold the answer against the request (an echo of another address or value fails).
 */
export async function prepareModbusWrite(channel: PduChannel, device: ModbusDevice, source: ModbusSource, value: Value, opts: ModbusWriteOptions): Promise<PreparedWrite> {
  const { table, address } = source;
  if (table !== 'holding' && table !== 'coil') throw new FieldbenchError('invalid_input', `${table === 'input' ? 'input registers' : 'discrete inputs'} are read-only; only holding registers and coils can be written`);
  const unitId = device.unitId;
  const broadcast = unitId === 0 && opts.broadcastCapable;
  if (unitId === 0 && !opts.broadcastCapable) throw new FieldbenchError('invalid_input', 'unit 0 is a broadcast address on a serial line; on Modbus TCP give the device\'s own unit id');
  const isCoil = table === 'coil';
  const spec = codecOf(source);
  const width = isCoil ? 1 : tagWidth(spec);
  if (address + width - 1 > 65535) throw new FieldbenchError('invalid_input', 'the value runs past address 65535');
  const readCurrent = (count: number) => readRaw(channel, { unitId, table, address, count });

  let oldRaw: number[] | null = null;
  let oldValue: Value | null = null;
  let oldQuality: string | null = null;
  if (broadcast) oldQuality = 'not read: unit 0 is a broadcast, which no device answers';
  else {
    try {
      oldRaw = await readCurrent(width);
      oldValue = decodeValue(source, oldRaw, isCoil);
    } catch (err) {
      oldQuality = qualityOfError(err).reason ?? 'unreadable';
    }
  }

  let raw: number[];
  let type: ModbusWriteDetail['type'] = spec.type;
  if (isCoil) {
    if (typeof value === 'string') throw new FieldbenchError('invalid_input', `a coil is on or off, not "${value}"`);
    raw = [value ? 1 : 0];
    type = 'bool';
  } else if (isPlain(source)) {
    if (typeof value === 'string') throw new FieldbenchError('invalid_input', `${spec.type} takes a number, not "${value}"`);
    checkFits(value, spec.type);
    raw = encodeValue(value, spec.type as DataType, normalizeOrder(spec.order));
  } else {
    let sf: number | undefined;
    if (spec.sfAddress !== undefined) {
      try {
        sf = (await readRaw(channel, { unitId, table, address: spec.sfAddress, count: 1 }))[0];
      } catch (err) {
        throw new FieldbenchError('io_error', `the scale factor at ${toConventional(table, spec.sfAddress)} could not be read: ${qualityOfError(err).reason}`);
      }
    }
    try {
      raw = encodeTag(value, spec, { sf, current: oldRaw ?? undefined });
    } catch (err) {
      throw new FieldbenchError('invalid_input', (err as Error).message);
    }
  }

  const functionCode = isCoil ? (opts.multiple ? 15 : 5) : raw.length === 1 && !opts.multiple ? 6 : 16;
  const pdu =
    functionCode === 5 ? writeSingleCoilRequest(address, raw[0] === 1)
    : functionCode === 15 ? writeMultipleCoilsRequest(address, raw.map((b) => b === 1))
    : functionCode === 6 ? writeSingleRegisterRequest(address, raw[0]!)
    : writeMultipleRegistersRequest(address, raw);
  const register = toConventional(table, address);
  const detail: ModbusWriteDetail = { protocol: 'modbus', unitId, table, address, register, type, order: spec.order, functionCode, oldRaw, raw };
  const newValue: Value = isCoil ? Boolean(value) : typeof value === 'string' && isPlain(source) ? Number(value) : value;

  return {
    target: `${isCoil ? 'coil' : 'holding register'} ${register} of unit ${unitId}${broadcast ? ' (broadcast to every unit on the line)' : ''}`,
    oldValue,
    oldQuality,
    newValue,
    detail,
    broadcast,
    async execute() {
      let res: Buffer;
      try {
        res = await channel.request(unitId, pdu);
      } catch (err) {
        throw asWriteError(err);
      }
      if (broadcast) return;
      try {
        checkResponse(functionCode, res);
      } catch (err) {
        throw asWriteError(err);
      }
      // The echo must name what was sent: a device that took another address or value has not done this write.
      const problem = answerMismatch(pdu, res);
      if (problem) throw new FieldbenchError('protocol_error', `not confirmed: the device sent ${problem}`);
    },
    async readBack() {
      if (broadcast) return null;
      let words: number[];
      try {
        words = await readCurrent(raw.length);
      } catch {
        return null;
      }
      return { value: decodeValue(source, words, isCoil), raw: words, matches: words.length === raw.length && words.every((w, i) => w === raw[i] || (spec.type === 'bit' && ((w ^ raw[i]!) & (1 << (spec.bit ?? 0))) === 0)) };
    },
  };
}

function decodeValue(source: ModbusSource, words: number[], isCoil: boolean): Value | null {
  if (isCoil) return words[0] === 1;
  if (isPlain(source)) return decodeRegisters(words, source.type as DataType, normalizeOrder(source.order));
  const r = decodeTag(words, codecOf(source));
  if (r.kind !== 'value') return null;
  const v = toJsonValue(r.value);
  return v === null || typeof v === 'object' ? JSON.stringify(v) : v;
}

/** What went wrong, in the words the audit and the operator see after "write to … failed:". */
function asWriteError(err: unknown): FieldbenchError {
  // No answer is not "not written": the request may have been carried out and only the answer lost.
  if (err instanceof FieldbenchError && err.code === 'timeout') {
    return new FieldbenchError('timeout', `${err.message}: the device may or may not have carried out the write; read it before writing again`);
  }
  const reason = qualityOfError(err).reason ?? String(err);
  return new FieldbenchError(err instanceof FieldbenchError ? err.code : 'modbus_exception', reason);
}
