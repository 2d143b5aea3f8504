import type { Quality } from '../../shared/quality';
import type { JsonTagValue } from '../../shared/codec/json';
import { FieldbenchError } from '../../shared/errors';
import { nodeIdProblem } from './readings';
import { request } from './request';
import type { OpcUaSession } from './session';
import { qualityOf, severityOf, statusName } from './status';
import { builtInName, variantToJson } from './values';

const VALUE = 13;

/** One node's Value now, as the browser shows it after "Read". */
export interface NodeValue {
  nodeId: string;
  /** Null when the StatusCode is Bad: a Bad value is never shown as if it were one. */
  value: JsonTagValue | null;
  /** The Variant's built-in type (Double, Int32...), null for an empty one. */
  dataType: string | null;
  array: boolean;
  quality: Quality;
  statusCode: string;
  sourceTimestamp: string | null;
  serverTimestamp: string | null;
}

const iso = (d: Date | null | undefined): string | null => (d && d.getTime() > 0 ? d.toISOString() : null);

/** Read the Value attribute of one node with one Read request. */
export async function readNodeValue(session: OpcUaSession, nodeId: string): Promise<NodeValue> {
  const problem = await nodeIdProblem(nodeId);
  if (problem) throw new FieldbenchError('invalid_input', problem.reason ?? `"${nodeId}" is not a NodeId`);
  const [dv] = await request(session, `Read of ${nodeId}`, (s) => s.read([{ nodeId, attributeId: VALUE }], 0));
  if (!dv) throw new FieldbenchError('protocol_error', `Read of ${nodeId} on ${session.url}: the server answered with no value`);
  const bad = severityOf(dv.statusCode) === 'bad';
  const v = dv.value;
  return {
    nodeId,
    value: bad ? null : variantToJson(v),
    dataType: v && v.dataType > 0 ? builtInName(v.dataType) : null,
    array: !!v && v.arrayType !== 0,
    quality: qualityOf(dv.statusCode),
    statusCode: statusName(dv.statusCode),
    sourceTimestamp: iso(dv.sourceTimestamp),
    serverTimestamp: iso(dv.serverTimestamp),
  };
}
