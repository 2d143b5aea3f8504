import type { DataValue } from 'node-opcua';
import type { JsonTagValue } from '../../shared/codec/json';
import { FieldbenchError } from '../../shared/errors';
import type { OpcUaSource } from '../../shared/project/schema';
import type { OpcUaWriteDetail } from '../../shared/schemas/writes';
import type { PreparedWrite } from '../drivers/driver';
import { opcuaError } from './errors';
import { opcua } from './lib';
import { nodeIdProblem } from './readings';
import type { OpcUaSession } from './session';
import { withTimeout } from './session';
import { severityOf, statusName } from './status';
import { builtInName, coerceArray, coerceScalar, ticketValue, variantToJson } from './values';

const ATTR = { DisplayName: 4, Value: 13, DataType: 14, ValueRank: 15, AccessLevel: 17, UserAccessLevel: 18 } as const;
const CURRENT_WRITE = 0x02;

/** Two JSON values the same: arrays element by element. */
function sameJson(a: JsonTagValue | null, b: JsonTagValue | null): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The built-in type to write: the type of the value the node holds now, else its DataType when that is built in. */
function builtInType(current: DataValue, dataTypeAttr: DataValue): number | null {
  const v = current.value;
  if (severityOf(current.statusCode) !== 'bad' && v && v.dataType > 0 && v.dataType <= 25) return v.dataType;
  const id = dataTypeAttr.statusCode.isGood() ? String(dataTypeAttr.value.value?.toString() ?? '') : '';
  const m = /^i=(\d+)$/.exec(id);
  return m && builtInName(Number(m[1])) ? Number(m[1]) : null;
}

/**
 * The OPC UA part of a confirmed write: read the node's current value, DataType, ValueRank and access levels, coerce
 * the operator's value to the node's built-in type (or refuse, saying why), and say exactly what Write will send. On
 * execute, one Write service call; a Bad StatusCode fails it. readBack() reads the Value again and compares.
 */
export async function prepareOpcUaWrite(session: OpcUaSession, source: OpcUaSource, value: number | boolean | string): Promise<PreparedWrite> {
  const ua = await opcua();
  const { nodeId } = source;
  const problem = await nodeIdProblem(nodeId);
  if (problem) throw new FieldbenchError('invalid_input', problem.reason ?? `"${nodeId}" is not a NodeId`);
  const url = session.url;
  const s = await session.open();
  const timeoutMs = session.connection.requestTimeoutMs;
  const read = async (attributeIds: number[]): Promise<DataValue[]> => {
    if (session.state !== 'connected') throw new FieldbenchError('connection_failed', `Read of ${nodeId} on ${url}: ${session.detail ?? 'not connected'}`);
    try {
      return await withTimeout(s.read(attributeIds.map((attributeId) => ({ nodeId, attributeId }))), timeoutMs, `Read of ${nodeId} on ${url}`);
    } catch (err) {
      throw opcuaError(err, `Read of ${nodeId} on ${url}`);
    }
  };
  const [current, dataTypeAttr, valueRankAttr, userAccess, displayName] = await read([ATTR.Value, ATTR.DataType, ATTR.ValueRank, ATTR.UserAccessLevel, ATTR.DisplayName]);
  const nodeClassProblem = [current, dataTypeAttr].find((dv) => dv!.statusCode.name === 'BadNodeIdUnknown' || dv!.statusCode.name === 'BadAttributeIdInvalid');
  if (nodeClassProblem) throw new FieldbenchError('not_found', `${nodeId} on ${url} is not a variable that can be written (${nodeClassProblem.statusCode.name})`);
  const access = userAccess!.statusCode.isGood() ? Number(userAccess!.value.value) : null;
  if (access !== null && (access & CURRENT_WRITE) === 0) throw new FieldbenchError('forbidden', `${nodeId} on ${url} is read-only for this session (its UserAccessLevel has no CurrentWrite)`);
  const type = builtInType(current!, dataTypeAttr!);
  if (type === null) throw new FieldbenchError('unsupported', `cannot tell which type to write to ${nodeId}: its DataType is ${dataTypeAttr!.value.value?.toString() ?? 'unknown'} and it holds no value to go by`);
  const valueRank = valueRankAttr!.statusCode.isGood() && typeof valueRankAttr!.value.value === 'number' ? valueRankAttr!.value.value : null;
  const isArray = (current!.value && current!.value.arrayType !== 0 && severityOf(current!.statusCode) !== 'bad') || (valueRank !== null && valueRank >= 1);
  let wire: unknown;
  let json: JsonTagValue;
  try {
    ({ wire, json } = isArray ? coerceArray(value, type) : coerceScalar(value, type));
  } catch (err) {
    throw new FieldbenchError('invalid_input', `${nodeId}: ${(err as Error).message}`);
  }
  const oldBad = severityOf(current!.statusCode) === 'bad';
  const oldJson = oldBad ? null : variantToJson(current!.value);
  const typeName = builtInName(type)!;
  const detail: OpcUaWriteDetail = { protocol: 'opcua', endpointUrl: url, nodeId, dataType: typeName, valueRank, array: isArray, value: json, oldValue: oldJson };
  const name = displayName!.statusCode.isGood() ? (displayName!.value.value as { text?: string } | null)?.text : undefined;
  const newValue = ticketValue(json)!;

  return {
    target: `${name ? `"${name}" ` : ''}${nodeId} (${typeName}${isArray ? ' array' : ''}) on ${url}`,
    oldValue: ticketValue(oldJson),
    oldQuality: oldBad ? statusName(current!.statusCode) : null,
    newValue,
    detail,
    broadcast: false,
    async execute() {
      if (session.state !== 'connected') throw new FieldbenchError('connection_failed', `not sent: ${session.detail ?? `not connected to ${url}`}`);
      let status;
      try {
        status = await withTimeout(
          s.write({ nodeId, attributeId: ATTR.Value, value: { value: { dataType: type, arrayType: isArray ? ua.VariantArrayType.Array : ua.VariantArrayType.Scalar, value: wire } } }),
          timeoutMs,
          `Write of ${nodeId} on ${url}`,
        );
      } catch (err) {
        throw opcuaError(err, `Write of ${nodeId}`);
      }
      if (severityOf(status) === 'bad') throw new FieldbenchError('protocol_error', `the server refused the write of ${nodeId}: ${statusName(status)}`);
    },
    async readBack() {
      let dv: DataValue;
      try {
        [dv] = (await read([ATTR.Value])) as [DataValue];
      } catch {
        return null;
      }
      if (severityOf(dv.statusCode) === 'bad') return null;
      const back = variantToJson(dv.value);
      return { value: ticketValue(back), matches: sameJson(back, json) };
    },
  };
}
