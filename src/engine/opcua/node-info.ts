import type { DataValue, ReferenceDescription } from 'node-opcua';
import { FieldbenchError } from '../../shared/errors';
import { accessLevelText, ATTRIBUTES, eventNotifierText, samplingIntervalText, valueRankText, writeMaskText, type AttributeName } from './attribute-text';
import { nodeClassName } from './browse';
import { dataTypeName } from './data-types';
import { nodeIdProblem } from './readings';
import { request } from './request';
import type { OpcUaSession } from './session';
import { severityOf, statusName } from './status';
import { variantToJson } from './values';

export interface NodeAttribute {
  id: number;
  name: AttributeName;
  /** Decoded for the operator: DataType by name, access levels in words, units beside numbers. */
  text: string;
}

export interface NodeReference {
  /** The reference type by name (HasComponent, Organizes...). */
  referenceType: string;
  referenceTypeId: string;
  direction: 'forward' | 'inverse';
  targetNodeId: string;
  targetBrowseName: string;
  targetNodeClass: string;
}

export interface NodeInfo {
  nodeId: string;
  /** Every attribute the node has (those the server answers Good for), in attribute id order. */
  attributes: NodeAttribute[];
  references: NodeReference[];
}

const ALL_REFERENCES = 'i=31';
const BOTH = 2;
const MAX_REFERENCES = 5000;

const text = (v: unknown): string => (v && typeof v === 'object' && 'text' in v ? String((v as { text?: string | null }).text ?? '') : String(v ?? ''));
const qualified = (v: unknown): string => {
  const q = v as { namespaceIndex?: number; name?: string | null } | null;
  return q ? `${q.namespaceIndex ? `${q.namespaceIndex}:` : ''}${q.name ?? ''}` : '';
};

async function attributeText(session: OpcUaSession, name: AttributeName, dv: DataValue): Promise<string> {
  const v = dv.value.value as unknown;
  switch (name) {
    case 'NodeClass':
      return nodeClassName(Number(v));
    case 'BrowseName':
      return qualified(v);
    case 'DisplayName':
    case 'Description':
    case 'InverseName':
      return text(v);
    case 'WriteMask':
    case 'UserWriteMask':
      return writeMaskText(Number(v));
    case 'EventNotifier':
      return eventNotifierText(Number(v));
    case 'AccessLevel':
    case 'UserAccessLevel':
    case 'AccessLevelEx':
      return accessLevelText(Number(v));
    case 'ValueRank':
      return valueRankText(Number(v));
    case 'ArrayDimensions':
      return v ? `[${Array.from(v as ArrayLike<number>).join(', ')}]` : '—';
    case 'MinimumSamplingInterval':
      return samplingIntervalText(Number(v));
    case 'DataType': {
      const id = String((v as { toString(): string }).toString()).replace(/^ns=0;/, '');
      const n = await dataTypeName(session, id);
      return n === id ? id : `${n} (${id})`;
    }
    case 'Value': {
      const j = variantToJson(dv.value);
      return j === null ? '—' : Array.isArray(j) ? `[${j.join(', ')}]` : String(j);
    }
    case 'DataTypeDefinition':
      return (v as { fields?: unknown[] } | null)?.fields ? `structure of ${(v as { fields: unknown[] }).fields.length} field(s)` : 'defined';
    case 'NodeId':
      return String((v as { toString(): string }).toString());
    default:
      if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return String(v);
      return Array.isArray(v) ? `${v.length} entr${v.length === 1 ? 'y' : 'ies'}` : JSON.stringify(v) ?? '—';
  }
}

/** Every attribute of a node (one Read) and every reference to and from it (Browse both ways, BrowseNext to the end). */
export async function nodeInfo(session: OpcUaSession, nodeId: string): Promise<NodeInfo> {
  const problem = await nodeIdProblem(nodeId);
  if (problem) throw new FieldbenchError('invalid_input', problem.reason ?? `"${nodeId}" is not a NodeId`);
  const values = await request(session, `Read of ${nodeId}`, (s) => s.read(ATTRIBUTES.map((_, i) => ({ nodeId, attributeId: i + 1 }))));
  if (values[0] && severityOf(values[0].statusCode) === 'bad') throw new FieldbenchError('not_found', `${nodeId} on ${session.url}: ${statusName(values[0].statusCode)}`);
  const attributes: NodeAttribute[] = [];
  for (let i = 0; i < ATTRIBUTES.length; i++) {
    const dv = values[i];
    // A Bad Value is still an attribute the node has: shown with its StatusCode, never as a value.
    if (!dv) continue;
    const name = ATTRIBUTES[i]!;
    if (severityOf(dv.statusCode) === 'bad') {
      if (name === 'Value' && dv.statusCode.name !== 'BadAttributeIdInvalid') attributes.push({ id: i + 1, name, text: `— (${statusName(dv.statusCode)})` });
      continue;
    }
    attributes.push({ id: i + 1, name, text: await attributeText(session, name, dv) });
  }
  const refs: ReferenceDescription[] = [];
  const [first] = await request(session, `Browse of ${nodeId}`, (s) => {
    s.requestedMaxReferencesPerNode = 1000;
    return s.browse([{ nodeId, referenceTypeId: ALL_REFERENCES, browseDirection: BOTH, includeSubtypes: true, nodeClassMask: 0, resultMask: 63 }]);
  });
  refs.push(...(first?.references ?? []));
  let cp = first?.continuationPoint;
  while (cp?.length && refs.length < MAX_REFERENCES) {
    const c = cp;
    const [next] = await request(session, `BrowseNext of ${nodeId}`, (s) => s.browseNext([c], false));
    refs.push(...(next?.references ?? []));
    cp = next?.continuationPoint;
  }
  if (cp?.length) await request(session, `BrowseNext of ${nodeId}`, (s) => s.browseNext([cp!], true)).catch(() => undefined);
  const typeIds = [...new Set(refs.map((r) => r.referenceTypeId.toString()))];
  const typeNames = new Map<string, string>();
  for (const id of typeIds) typeNames.set(id, await dataTypeName(session, id.replace(/^ns=0;/, '')));
  return {
    nodeId,
    attributes,
    references: refs.map((r) => ({
      referenceType: typeNames.get(r.referenceTypeId.toString()) ?? r.referenceTypeId.toString(),
      referenceTypeId: r.referenceTypeId.toString(),
      direction: r.isForward ? 'forward' : 'inverse',
      targetNodeId: r.nodeId.toString(),
      targetBrowseName: qualified(r.browseName),
      targetNodeClass: nodeClassName(r.nodeClass as number),
    })),
  };
}
