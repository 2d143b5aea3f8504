import type { BrokerMessage, SparkplugMetricView, SparkplugView } from '../../shared/contract/broker';
import { SP_TYPE_NAMES, type SpValue } from '../sparkplug/datatypes';
import { decodePayload, type SpMetric } from '../sparkplug/payload';
import { parseSparkplugTopic } from '../sparkplug/topics';

/** Characters of a text payload a message carries to the page. */
export const TEXT_EXCERPT = 2048;
/** Metrics of one Sparkplug payload a message carries to the page. */
export const METRICS_CAP = 500;

const UNIT_KEYS = new Set(['engUnit', 'EngUnit', 'engUnits', 'units', 'Units', 'unit']);

function plainValue(v: SpValue | undefined): string | number | boolean | null {
  if (v === undefined) return null;
  return typeof v === 'bigint' ? v.toString() : v;
}

function metricView(m: SpMetric): SparkplugMetricView {
  const units = m.properties?.find((p) => UNIT_KEYS.has(p.key) && typeof p.value === 'string')?.value;
  return {
    name: m.name ?? null,
    alias: m.alias === undefined ? null : m.alias.toString(),
    datatype: m.datatype === undefined ? null : (SP_TYPE_NAMES[m.datatype] ?? `type ${m.datatype}`),
    value: m.isNull ? null : plainValue(m.value),
    timestamp: m.timestamp ?? null,
    units: typeof units === 'string' ? units : null,
  };
}

/**
 * A spBv1.0 message decoded by the engine's own codec; a payload that is not Sparkplug B says why. A bridge may have
 * put the namespace under a prefix upstream ("site1/spBv1.0/..."): it is found there too.
 */
export function sparkplugView(topic: string, payload: Buffer): SparkplugView | null {
  const under = topic.indexOf('/spBv1.0/');
  const t = parseSparkplugTopic(under > 0 ? topic.slice(under + 1) : topic);
  if (!t) return null;
  const base = { group: t.group, type: t.type, node: t.node, device: t.device ?? null };
  try {
    const p = decodePayload(payload);
    const bd = p.metrics.find((m) => m.name === 'bdSeq')?.value;
    return {
      ...base,
      seq: p.seq ?? null,
      timestamp: p.timestamp ?? null,
      bdSeq: bd === undefined || typeof bd === 'boolean' || typeof bd === 'string' ? null : Number(bd),
      metrics: p.metrics.slice(0, METRICS_CAP).map(metricView),
      moreMetrics: Math.max(0, p.metrics.length - METRICS_CAP),
      error: null,
    };
  } catch (err) {
    return { ...base, seq: null, timestamp: null, bdSeq: null, metrics: [], moreMetrics: 0, error: `not a Sparkplug B payload: ${(err as Error).message}` };
  }
}

/** A payload as text when it is valid UTF-8 without control bytes (JSON, plain text), else null. */
function textOf(payload: Buffer): { text: string | null; truncated: boolean } {
  const head = payload.subarray(0, TEXT_EXCERPT * 4);
  const cutShort = head.length < payload.length;
  let text: string;
  try {
    // Streaming: a character cut at the end of the excerpt is left out, not taken for binary.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: cutShort });
  } catch {
    return { text: null, truncated: false };
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { text: null, truncated: false };
  if (text.length <= TEXT_EXCERPT) return { text, truncated: cutShort };
  // Not half of a surrogate pair at the cut.
  const end = /[\uD800-\uDBFF]/.test(text[TEXT_EXCERPT - 1]!) ? TEXT_EXCERPT - 1 : TEXT_EXCERPT;
  return { text: text.slice(0, end), truncated: true };
}

/** One message as the Broker screen sees it. */
export function messageView(m: { topic: string; payload: Buffer; qos: number; retain: boolean }, time: number): BrokerMessage {
  const sparkplug = sparkplugView(m.topic, m.payload);
  const { text, truncated } = sparkplug ? { text: null, truncated: false } : textOf(m.payload);
  return { topic: m.topic, size: m.payload.length, time, qos: m.qos, retain: m.retain, text, truncated, sparkplug };
}
