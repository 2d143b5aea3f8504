import type { JsonTagValue } from '../../shared/codec/json';
import { FieldbenchError } from '../../shared/errors';
import type { CipSource } from '../../shared/project/schema';
import type { CipWriteDetail } from '../../shared/schemas/writes';
import type { PreparedWrite } from '../drivers/driver';
import { cipElement, type CipElement } from './element';
import { encodeTagPath, type TagSegment } from './epath';
import { encodeRequest, SERVICE } from './messages';
import { readResult, readTagRequest } from './reader';
import type { CipSession } from './session';
import { cipStatusName } from './status';
import { ATOMIC, TYPE_CODE, decodeBits, decodeValue, encodeValue, encodeWireType, typeName, type WireType } from './types';

const ticketValue = (v: JsonTagValue | null): number | boolean | string | null => (Array.isArray(v) ? v.join(',') : v);

/** Read one element (one BOOL of a BOOL array: its DWORD): its type and value, or why not. */
async function readElement(session: CipSession, el: CipElement): Promise<{ type: WireType; value: JsonTagValue | null; problem: string | null } | { type: null; problem: string }> {
  const r = readResult(await session.request(readTagRequest(el.segs)));
  if (!r.ok) return { type: null, problem: r.reason };
  try {
    if (el.shape.kind === 'bits') return { type: { code: TYPE_CODE.BOOL! }, value: decodeBits(r.data, el.shape.first, 1)[0]!, problem: null };
    return { type: r.type, value: decodeValue(r.type, r.data), problem: null };
  } catch (err) {
    return { type: r.type, value: null, problem: (err as Error).message };
  }
}

function writeRequest(segs: readonly TagSegment[], type: WireType, data: Buffer): Buffer {
  const count = Buffer.alloc(2);
  count.writeUInt16LE(1, 0);
  return encodeRequest(SERVICE.WRITE_TAG, encodeTagPath(segs), Buffer.concat([encodeWireType(type), count, data]));
}

/**
 * One BOOL of a BOOL array: Read-Modify-Write Tag on the DWORD that holds it, so the other 31 bits are left as the
 * controller has them (a read, then a Write Tag of the DWORD, would undo any that changed in between).
 */
function bitRequest(segs: readonly TagSegment[], bit: number, on: boolean): Buffer {
  const mask = 1 << bit % 32;
  const data = Buffer.alloc(2 + 8);
  data.writeUInt16LE(4, 0);
  data.writeUInt32LE(on ? mask >>> 0 : 0, 2);
  data.writeUInt32LE(on ? 0xffffffff : ~mask >>> 0, 6);
  return encodeRequest(SERVICE.READ_MODIFY_WRITE_TAG, encodeTagPath(segs), data);
}

/**
 * The EtherNet/IP part of a confirmed write: read the element's current value and type, coerce the operator's value to
 * that type (or refuse, saying why), and say exactly what Write Tag will send. execute() sends one Write Tag; a CIP
 * error status fails it, named. readBack() reads the element again and compares.
 */
export async function prepareCipWrite(session: CipSession, source: CipSource, value: number | boolean | string): Promise<PreparedWrite> {
  const el = cipElement(source);
  const { segs, name } = el;
  const where = `${name} on ${session.address}`;
  if (el.shape.kind !== 'one' && el.shape.count > 1) throw new FieldbenchError('unsupported', `cannot write ${where}: it is ${el.shape.count} elements; write one at a time`);
  const current = await readElement(session, el);
  let type: WireType | null = current.type;
  if (!type && source.dataType && TYPE_CODE[source.dataType] !== undefined) type = { code: TYPE_CODE[source.dataType]! };
  if (!type) throw new FieldbenchError(/0x0[45]/.test(current.problem ?? '') ? 'not_found' : 'protocol_error', `cannot write ${where}: reading its type failed: ${current.problem}`);
  if (!ATOMIC[type.code] && typeName(type) !== 'STRING') throw new FieldbenchError('unsupported', `cannot write ${where}: it is a ${typeName(type)}; write its members one by one (${name}.Member)`);
  let coerced: { data: Buffer; value: JsonTagValue };
  try {
    coerced = encodeValue(type, value);
  } catch (err) {
    throw new FieldbenchError('invalid_input', `${where}: ${(err as Error).message}`);
  }
  const request = el.shape.kind === 'bits' ? bitRequest(el.segs, el.shape.first, coerced.value === true) : writeRequest(segs, type, coerced.data);
  const oldValue = 'value' in current ? current.value : null;
  const detail: CipWriteDetail = {
    protocol: 'cip',
    address: session.address,
    routePath: session.connection.routePath,
    tagPath: name,
    dataType: typeName(type),
    value: coerced.value,
    oldValue,
    // For one BOOL of a BOOL array: the mask size, OR and AND masks Read-Modify-Write Tag sends.
    dataHex: (el.shape.kind === 'bits' ? request.subarray(request.length - 10) : coerced.data).toString('hex'),
  };
  const wanted = coerced.value;
  return {
    target: `${name} (${typeName(type)}) on ${session.address}`,
    oldValue: ticketValue(oldValue),
    oldQuality: current.problem,
    newValue: ticketValue(wanted)!,
    detail,
    broadcast: false,
    async execute() {
      const reply = await session.request(request);
      if (reply.general !== 0) throw new FieldbenchError('protocol_error', `${el.shape.kind === 'bits' ? 'Read-Modify-Write Tag' : 'Write Tag'} of ${where} refused: ${cipStatusName(reply)}`);
    },
    async readBack() {
      const back = await readElement(session, el).catch(() => null);
      if (!back || back.type === null || back.problem) return null;
      return { value: ticketValue(back.value), matches: back.value === wanted };
    },
  };
}
