import type { JsonTagValue } from '../../shared/codec/json';
import { FieldbenchError } from '../../shared/errors';
import type { CipSource } from '../../shared/project/schema';
import type { CipWriteDetail } from '../../shared/schemas/writes';
import type { PreparedWrite } from '../drivers/driver';
import { encodeTagPath, formatSegments, sourceSegments } from './epath';
import { encodeRequest, SERVICE } from './messages';
import { readResult, readTagRequest } from './reader';
import type { CipSession } from './session';
import { cipStatusName } from './status';
import { ATOMIC, TYPE_CODE, decodeValue, encodeValue, encodeWireType, typeName, type WireType } from './types';

const ticketValue = (v: JsonTagValue | null): number | boolean | string | null => (Array.isArray(v) ? v.join(',') : v);

/** Read one element: its type and value, or why not. */
async function readElement(session: CipSession, source: CipSource): Promise<{ type: WireType; value: JsonTagValue | null; problem: string | null } | { type: null; problem: string }> {
  const segs = sourceSegments(source);
  const r = readResult(await session.request(readTagRequest(segs)));
  if (!r.ok) return { type: null, problem: r.reason };
  try {
    return { type: r.type, value: decodeValue(r.type, r.data), problem: null };
  } catch (err) {
    return { type: r.type, value: null, problem: (err as Error).message };
  }
}

/**
 * The EtherNet/IP part of a confirmed write: read the element's current value and type, coerce the operator's value to
 * that type (or refuse, saying why), and say exactly what Write Tag will send. execute() sends one Write Tag; a CIP
 * error status fails it, named. readBack() reads the element again and compares.
 */
export async function prepareCipWrite(session: CipSession, source: CipSource, value: number | boolean | string): Promise<PreparedWrite> {
  const segs = sourceSegments(source);
  const name = formatSegments(segs);
  const where = `${name} on ${session.address}`;
  const current = await readElement(session, source);
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
  const count = Buffer.alloc(2);
  count.writeUInt16LE(1, 0);
  const request = encodeRequest(SERVICE.WRITE_TAG, encodeTagPath(segs), Buffer.concat([encodeWireType(type), count, coerced.data]));
  const oldValue = 'value' in current ? current.value : null;
  const detail: CipWriteDetail = {
    protocol: 'cip',
    address: session.address,
    routePath: session.connection.routePath,
    tagPath: name,
    dataType: typeName(type),
    value: coerced.value,
    oldValue,
    dataHex: coerced.data.toString('hex'),
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
      if (reply.general !== 0) throw new FieldbenchError('protocol_error', `Write Tag of ${where} refused: ${cipStatusName(reply)}`);
    },
    async readBack() {
      const back = await readElement(session, source).catch(() => null);
      if (!back || back.type === null || back.problem) return null;
      return { value: ticketValue(back.value), matches: back.value === wanted };
    },
  };
}
