import type { BrokerMessage } from '../../../../shared/contract/broker';
import { csvCell } from '../../../../shared/import/csv';
import type { TrackedSparkplug } from './sparkplugTracker';

/** One message of a recorded session: as it came, with the page's Sparkplug reading of it (names from births, issues). */
export interface RecordedMessage {
  time: string;
  topic: string;
  qos: number;
  retain: boolean;
  size: number;
  text: string | null;
  truncated: boolean;
  sparkplug: {
    type: string;
    seq: number | null;
    bdSeq: number | null;
    timestamp: number | null;
    metrics: { name: string | null; alias: string | null; datatype: string | null; value: string | number | boolean | null; units: string | null; timestamp: number | null }[];
    error: string | null;
  } | null;
  issues: string[];
}

export function recordOf(m: BrokerMessage, sp: TrackedSparkplug | null): RecordedMessage {
  return {
    time: new Date(m.time).toISOString(),
    topic: m.topic,
    qos: m.qos,
    retain: m.retain,
    size: m.size,
    text: m.text,
    truncated: m.truncated,
    sparkplug: sp
      ? {
          type: sp.view.type,
          seq: sp.view.seq,
          bdSeq: sp.view.bdSeq,
          timestamp: sp.view.timestamp,
          metrics: sp.metrics.map((x) => ({ name: x.resolvedName, alias: x.alias, datatype: x.datatype, value: x.value, units: x.units, timestamp: x.timestamp })),
          error: sp.view.error,
        }
      : null,
    issues: sp?.issues.map((i) => `${i.kind}: ${i.text}`) ?? [],
  };
}

/** The session as JSON lines: one message per line. */
export function toJsonLines(records: readonly RecordedMessage[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

const CSV_HEAD = ['time', 'topic', 'qos', 'retain', 'size', 'sparkplug_type', 'seq', 'metric', 'alias', 'datatype', 'value', 'units', 'metric_time', 'text', 'issues'];

/** The session as CSV: a row per Sparkplug metric (a message without metrics still has its row), text as text. */
export function toCsv(records: readonly RecordedMessage[]): string {
  const lines = [CSV_HEAD.join(',')];
  const row = (cells: (string | number | boolean | null)[]) => lines.push(cells.map((c) => csvCell(c === null ? '' : String(c))).join(','));
  for (const r of records) {
    const base = [r.time, r.topic, r.qos, r.retain, r.size];
    const issues = r.issues.join('; ');
    const sp = r.sparkplug;
    if (!sp || sp.metrics.length === 0) {
      row([...base, sp?.type ?? null, sp?.seq ?? null, null, null, null, null, null, null, r.text, issues]);
      continue;
    }
    for (const m of sp.metrics) {
      row([...base, sp.type, sp.seq, m.name, m.alias, m.datatype, m.value, m.units, m.timestamp === null ? null : new Date(m.timestamp).toISOString(), null, issues]);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
