import type { StatusCode, UAVariable } from 'node-opcua';
import type { OpcUa } from '../engine/opcua/lib';
import type { Tag } from '../shared/project/schema';
import type { TagReading } from '../shared/schemas/tags';

/** How a tag's values are typed on the OPC UA server: fixed by a Modbus codec, else from each value (BaseDataType). */
export type UaKind = 'Boolean' | 'String' | 'Double' | 'BaseDataType';

export function uaKindOf(tag: Tag): UaKind {
  if (tag.source.kind !== 'modbus') return 'BaseDataType';
  const { type, table } = tag.source;
  if (table === 'coil' || table === 'discrete' || type === 'bool' || type === 'bit') return 'Boolean';
  if (type === 'string') return 'String';
  // Every numeric codec as Double (int64 beyond 2^53 arrives as a decimal string and is rounded here).
  return 'Double';
}

/** A reading's value as a Variant of the variable's kind. */
export function variantOf(ua: OpcUa, kind: UaKind, value: TagReading['value']) {
  const { DataType, Variant, VariantArrayType } = ua;
  if (value === null) return new Variant({ dataType: DataType.Null });
  if (Array.isArray(value)) return new Variant({ dataType: DataType.String, arrayType: VariantArrayType.Array, value });
  if (kind === 'Boolean') return new Variant({ dataType: DataType.Boolean, value: value === true || value === 1 || value === '1' });
  if (kind === 'String') return new Variant({ dataType: DataType.String, value: String(value) });
  if (kind === 'Double') return new Variant({ dataType: DataType.Double, value: Number(value) });
  if (typeof value === 'boolean') return new Variant({ dataType: DataType.Boolean, value });
  if (typeof value === 'number') return new Variant({ dataType: DataType.Double, value });
  return new Variant({ dataType: DataType.String, value });
}

/**
 * A reading's quality as a StatusCode: Good; an OPC UA source's own StatusCode name where it carries one; otherwise
 * Uncertain, BadTimeout or BadCommunicationError — Bad stays Bad. No reading yet: BadWaitingForInitialData.
 */
export function statusOf(ua: OpcUa, r: TagReading | undefined): StatusCode {
  const codes = ua.StatusCodes as unknown as Record<string, StatusCode | undefined>;
  if (!r) return ua.StatusCodes.BadWaitingForInitialData;
  const q = r.quality;
  if (q.status === 'good') return ua.StatusCodes.Good;
  const named = q.reason ? codes[q.reason] : undefined;
  if (named && named.name.toLowerCase().startsWith(q.status)) return named;
  if (q.status === 'uncertain') return ua.StatusCodes.UncertainLastUsableValue;
  return /timeout|timed out/i.test(q.reason ?? '') ? ua.StatusCodes.BadTimeout : ua.StatusCodes.BadCommunicationError;
}

/** Put a reading on its variable: its value (none when Bad: Bad stays Bad), its StatusCode, its source timestamp. */
export function publishReading(ua: OpcUa, v: UAVariable, kind: UaKind, r: TagReading | undefined): void {
  const status = statusOf(ua, r);
  const usable = r && r.quality.status !== 'bad';
  const at = r ? new Date(r.sourceTimestamp ?? r.receivedAt) : new Date();
  v.setValueFromSource(usable ? variantOf(ua, kind, r.value) : new ua.Variant({ dataType: ua.DataType.Null }), status, at);
}
