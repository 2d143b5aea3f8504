import type { Variant } from 'node-opcua';
import type { JsonTagValue } from '../../shared/codec/json';
import { FieldbenchError } from '../../shared/errors';
import type { OpcUaCallDetail } from '../../shared/schemas/writes';
import type { PreparedWrite } from '../drivers/driver';
import { builtInOf, dataTypeName } from './data-types';
import { opcua } from './lib';
import { nodeIdProblem } from './readings';
import { request } from './request';
import type { OpcUaSession } from './session';
import { severityOf, statusName } from './status';
import { builtInId, builtInName, coerceArray, coerceScalar, ticketValue, variantToJson } from './values';

const ATTR = { NodeClass: 2, DisplayName: 4, Value: 13, Executable: 21, UserExecutable: 22 } as const;
const HAS_PROPERTY = 'i=46';
const HAS_COMPONENT = 'i=47';
const METHOD_CLASS = 4;

/** One argument of a method, as its InputArguments or OutputArguments property defines it. */
export interface MethodArgument {
  name: string;
  /** The DataType by name (Double, UtcTime, a structure's name). */
  dataType: string;
  /** The built-in type it travels as (UtcTime: DateTime); null when it is a structure Fieldbench cannot enter. */
  builtIn: string | null;
  valueRank: number;
  arrayDimensions: number[] | null;
  description: string;
}

export interface MethodSignature {
  methodId: string;
  /** The object the method is called on: the node it is a component of. */
  objectId: string;
  displayName: string;
  /** UserExecutable: this session may call it. */
  executable: boolean;
  inputs: MethodArgument[];
  outputs: MethodArgument[];
}

interface ArgumentLike {
  name?: string | null;
  dataType?: { toString(): string } | null;
  valueRank?: number;
  arrayDimensions?: number[] | null;
  description?: { text?: string | null } | null;
}

async function describeArguments(session: OpcUaSession, raw: unknown): Promise<MethodArgument[]> {
  const list = (Array.isArray(raw) ? raw : []) as ArgumentLike[];
  const out: MethodArgument[] = [];
  for (const a of list) {
    const typeId = a.dataType?.toString() ?? 'i=24';
    const base = await builtInOf(session, typeId);
    out.push({
      name: a.name ?? '',
      dataType: await dataTypeName(session, typeId),
      builtIn: base === null ? null : builtInName(base),
      valueRank: a.valueRank ?? -1,
      arrayDimensions: a.arrayDimensions?.length ? [...a.arrayDimensions] : null,
      description: a.description?.text ?? '',
    });
  }
  return out;
}

/** A method's signature: its InputArguments and OutputArguments properties read and their types resolved. */
export async function methodSignature(session: OpcUaSession, methodId: string): Promise<MethodSignature> {
  const problem = await nodeIdProblem(methodId);
  if (problem) throw new FieldbenchError('invalid_input', problem.reason ?? `"${methodId}" is not a NodeId`);
  const [cls, name, exec] = await request(session, `Read of ${methodId}`, (s) =>
    s.read([ATTR.NodeClass, ATTR.DisplayName, ATTR.UserExecutable].map((attributeId) => ({ nodeId: methodId, attributeId }))),
  );
  if (!cls?.statusCode.isGood()) throw new FieldbenchError('not_found', `${methodId} on ${session.url}: ${cls ? statusName(cls.statusCode) : 'no answer'}`);
  if (cls.value.value !== METHOD_CLASS) throw new FieldbenchError('invalid_input', `${methodId} on ${session.url} is not a method`);
  const [props, owners] = await request(session, `Browse of ${methodId}`, (s) =>
    s.browse([
      { nodeId: methodId, referenceTypeId: HAS_PROPERTY, browseDirection: 0, includeSubtypes: true, nodeClassMask: 0, resultMask: 63 },
      { nodeId: methodId, referenceTypeId: HAS_COMPONENT, browseDirection: 1, includeSubtypes: true, nodeClassMask: 1 | 8, resultMask: 63 },
    ]),
  );
  const objectId = owners?.references?.[0]?.nodeId.toString().replace(/^ns=0;/, '');
  if (!objectId) throw new FieldbenchError('not_found', `${methodId} on ${session.url} is not a component of any object, so it cannot be called`);
  const prop = (n: string) => props?.references?.find((r) => r.browseName.name === n)?.nodeId.toString();
  const ids = [prop('InputArguments'), prop('OutputArguments')];
  const present = ids.filter((x): x is string => !!x);
  // A method without arguments has neither property: nothing to read (a Read of no nodes is BadNothingToDo).
  const values = present.length ? await request(session, `Read of the arguments of ${methodId}`, (s) => s.read(present.map((nodeId) => ({ nodeId, attributeId: ATTR.Value })))) : [];
  let k = 0;
  const [inRaw, outRaw] = ids.map((id) => (id ? values[k++]?.value.value : []));
  return {
    methodId,
    objectId,
    displayName: (name?.value.value as { text?: string } | null)?.text ?? methodId,
    executable: exec?.statusCode.isGood() ? exec.value.value === true : true,
    inputs: await describeArguments(session, inRaw),
    outputs: await describeArguments(session, outRaw),
  };
}

/** An output argument as the UI shows it. */
export interface CallOutput {
  name: string;
  dataType: string;
  value: JsonTagValue | null;
}

/** A prepared call and, once sent, what it answered. */
export interface PreparedCall {
  prepared: PreparedWrite;
  result(): { status: string; outputs: CallOutput[] } | null;
}

/**
 * A method call prepared as a write: the inputs are coerced to the method's argument types (or refused, saying
 * why); nothing is sent until the write service's confirmation calls execute(). A call changes the device, so it
 * takes the same confirmation and audit as a write. A Bad StatusCode, or a Bad input argument result, fails it.
 */
export async function prepareOpcUaCall(session: OpcUaSession, methodId: string, objectId: string | undefined, inputs: readonly (number | boolean | string)[]): Promise<PreparedCall> {
  const ua = await opcua();
  const sig = await methodSignature(session, methodId);
  const object = objectId ?? sig.objectId;
  if (!sig.executable) throw new FieldbenchError('forbidden', `${sig.displayName} (${methodId}) on ${session.url} may not be called by this session (UserExecutable is false)`);
  if (inputs.length !== sig.inputs.length) throw new FieldbenchError('invalid_input', `${sig.displayName} takes ${sig.inputs.length} input argument(s), ${inputs.length} given`);
  const variants: Variant[] = [];
  const shown: OpcUaCallDetail['inputs'] = [];
  sig.inputs.forEach((arg, i) => {
    const type = arg.builtIn ? builtInId(arg.builtIn) : null;
    if (type === null) throw new FieldbenchError('unsupported', `input ${arg.name} of ${sig.displayName} is a ${arg.dataType}, which Fieldbench cannot enter`);
    const isArray = arg.valueRank >= 0;
    let c;
    try {
      c = isArray ? coerceArray(inputs[i]!, type) : coerceScalar(inputs[i]!, type);
    } catch (err) {
      throw new FieldbenchError('invalid_input', `input ${arg.name}: ${(err as Error).message}`, [{ path: `inputs.${i}`, message: (err as Error).message }]);
    }
    variants.push(new ua.Variant({ dataType: type, arrayType: isArray ? ua.VariantArrayType.Array : ua.VariantArrayType.Scalar, value: c.wire }));
    shown.push({ name: arg.name, dataType: arg.dataType, value: c.json });
  });
  const detail: OpcUaCallDetail = { protocol: 'opcua-call', endpointUrl: session.url, objectId: object, methodId, inputs: shown };
  const summary = `${sig.displayName}(${shown.map((a) => `${a.name}=${JSON.stringify(a.value)}`).join(', ')})`;
  let answer: { status: string; outputs: CallOutput[] } | null = null;
  const prepared: PreparedWrite = {
    target: `method "${sig.displayName}" ${methodId} of ${object} on ${session.url}`,
    oldValue: null,
    oldQuality: null,
    newValue: summary,
    detail,
    broadcast: false,
    async execute() {
      const r = await request(session, `Call of ${methodId}`, (s) => s.call({ objectId: object, methodId, inputArguments: variants }));
      const badInput = (r.inputArgumentResults ?? []).findIndex((code) => severityOf(code) === 'bad');
      if (badInput >= 0) throw new FieldbenchError('protocol_error', `the server refused input ${sig.inputs[badInput]?.name ?? badInput}: ${statusName(r.inputArgumentResults![badInput]!)}`);
      if (severityOf(r.statusCode) === 'bad') throw new FieldbenchError('protocol_error', `the server refused the call of ${sig.displayName}: ${statusName(r.statusCode)}`);
      answer = {
        status: statusName(r.statusCode),
        outputs: (r.outputArguments ?? []).map((v, i) => ({ name: sig.outputs[i]?.name ?? `output ${i + 1}`, dataType: sig.outputs[i]?.dataType ?? builtInName(v.dataType) ?? '', value: variantToJson(v) })),
      };
    },
    // A method has no value to read back: the audit's outcome line carries what it answered instead.
    readBack: () => Promise.resolve(null),
    outcomeNote: () => (answer ? `called (${answer.status}), outputs ${answer.outputs.map((o) => `${o.name}=${JSON.stringify(ticketValue(o.value))}`).join(', ') || 'none'}` : 'called'),
  };
  return { prepared, result: () => answer };
}
