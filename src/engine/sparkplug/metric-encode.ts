import type { QualityStatus } from '../../shared/quality';
import type { TagReading } from '../../shared/schemas/tags';
import { SpType, toSpValue } from './datatypes';
import type { MetricDef } from './metric-catalog';
import type { SpMetric } from './payload';

/**
 * The "Quality" property of a metric, with the OPC quality codes Sparkplug hosts (Ignition and others) read:
 * 192 Good, 64 Uncertain, 0 Bad.
 */
export const QUALITY_CODE: Record<QualityStatus, number> = { good: 192, uncertain: 64, bad: 0 };

/** What of a reading a metric carries: enough to store it and publish it later. */
export interface MetricSample {
  key: string;
  value: TagReading['value'];
  status: QualityStatus;
  /** From the source where it says so, else when the engine received it (ms). */
  at: number;
}

export function sampleOf(r: TagReading): MetricSample {
  return { key: r.key, value: r.value, status: r.quality.status, at: r.sourceTimestamp ?? r.receivedAt };
}

/**
 * A tag sample as a metric. Bad quality is never published as a value: the metric is null (is_null) with Quality 0.
 * Uncertain values go out with Quality 64; a Good one carries Quality 192 only when asked (births, and the first
 * good value after a bad or uncertain one), since a value without the property is Good to a host.
 */
/**
 * The property a replayed (historical) metric carries: its id in the store-and-forward queue. A record re-sent after a
 * crash carries the same id, so a host drops ids at or below the highest it has had from the edge node.
 */
export const STORE_ID_PROPERTY = 'Fieldbench/StoreId';

export function metricOf(
  def: MetricDef,
  s: MetricSample | undefined,
  opts: { withName: boolean; alias?: boolean; quality: boolean; historical?: boolean; storeId?: bigint },
): SpMetric {
  const m: SpMetric = { datatype: def.datatype, timestamp: s?.at ?? Date.now() };
  if (opts.withName) m.name = def.name;
  if (opts.alias) m.alias = def.alias;
  if (opts.historical) m.isHistorical = true;
  const status: QualityStatus = s ? s.status : 'bad';
  const value = s && status !== 'bad' && s.value !== null ? toSpValue(def.datatype, s.value) : null;
  if (value === null) m.isNull = true;
  else m.value = value;
  const effective = value === null ? 'bad' : status;
  if (opts.quality || effective !== 'good') m.properties = [{ key: 'Quality', type: SpType.Int32, value: QUALITY_CODE[effective] }];
  if (opts.storeId !== undefined) (m.properties ??= []).push({ key: STORE_ID_PROPERTY, type: SpType.UInt64, value: opts.storeId });
  return m;
}
