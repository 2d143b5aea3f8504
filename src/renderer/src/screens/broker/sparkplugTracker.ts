import type { BrokerMessage, SparkplugMetricView, SparkplugView } from '../../../../shared/contract/broker';

/** Something a Sparkplug message broke: a seq gap, data before a birth, an NDEATH whose bdSeq is not the NBIRTH's. */
export interface SparkplugIssue {
  kind: 'seq-gap' | 'no-birth' | 'bdseq-mismatch';
  text: string;
}

/** A metric with its name resolved from the births' aliases. */
export interface ResolvedMetric extends SparkplugMetricView {
  /** The name the births gave this alias (or the metric's own name). */
  resolvedName: string | null;
}

export interface TrackedSparkplug {
  view: SparkplugView;
  metrics: ResolvedMetric[];
  issues: SparkplugIssue[];
  /** For an NDEATH: the bdSeq of the NBIRTH it ends, when the page saw that birth. */
  birthBdSeq: number | null;
}

interface AliasDef {
  name: string | null;
  datatype: string | null;
  units: string | null;
}

/** What the page knows of one edge node (and its devices) from the messages it saw. */
interface EdgeNodeState {
  born: boolean;
  bdSeq: number | null;
  /** The seq of the last message that carries one (NBIRTH, NDATA, DBIRTH, DDATA, DDEATH); null when unknown. */
  lastSeq: number | null;
  /** Aliases are unique over an edge node and its devices. */
  aliases: Map<string, AliasDef>;
  devicesBorn: Set<string>;
}

const SEQUENCED = new Set(['NBIRTH', 'NDATA', 'DBIRTH', 'DDATA', 'DDEATH']);
const NEEDS_NODE_BIRTH = new Set(['NDATA', 'DBIRTH', 'DDATA', 'DDEATH']);
const NEEDS_DEVICE_BIRTH = new Set(['DDATA', 'DDEATH']);

/**
 * The Sparkplug B state the Broker screen keeps per edge node, fed every message in order: resolves aliases from the
 * births, and flags a seq that is not the previous one + 1 (mod 256), data before any birth, and an NDEATH whose
 * bdSeq is not the one of the NBIRTH it ends.
 */
export class SparkplugTracker {
  private readonly nodes = new Map<string, EdgeNodeState>();

  /** Messages were lost on the way to the page: no seq can be judged until the next one. */
  lostMessages(): void {
    for (const n of this.nodes.values()) n.lastSeq = null;
  }

  clear(): void {
    this.nodes.clear();
  }

  track(m: BrokerMessage): TrackedSparkplug | null {
    const v = m.sparkplug;
    if (!v) return null;
    const key = `${v.group}/${v.node}`;
    let n = this.nodes.get(key);
    if (!n) this.nodes.set(key, (n = { born: false, bdSeq: null, lastSeq: null, aliases: new Map(), devicesBorn: new Set() }));
    const issues: SparkplugIssue[] = [];
    if (v.error) return { view: v, metrics: [], issues, birthBdSeq: null };
    const birthBdSeq = v.type === 'NDEATH' && n.born ? n.bdSeq : null;

    if (v.type === 'NBIRTH') {
      n.born = true;
      n.bdSeq = v.bdSeq;
      n.aliases.clear();
      n.devicesBorn.clear();
      n.lastSeq = null;
    } else if (NEEDS_NODE_BIRTH.has(v.type) && !n.born) {
      issues.push({ kind: 'no-birth', text: `${v.type} from ${v.node} before any NBIRTH of it` });
    } else if (NEEDS_DEVICE_BIRTH.has(v.type) && v.device !== null && !n.devicesBorn.has(v.device)) {
      issues.push({ kind: 'no-birth', text: `${v.type} from ${v.node}/${v.device} before any DBIRTH of it` });
    }

    if (SEQUENCED.has(v.type) && v.seq !== null) {
      if (n.lastSeq !== null && v.type !== 'NBIRTH') {
        const expected = (n.lastSeq + 1) % 256;
        if (v.seq !== expected) issues.push({ kind: 'seq-gap', text: `seq ${v.seq} after ${n.lastSeq} from ${v.node} (expected ${expected})` });
      }
      n.lastSeq = v.seq;
    }

    if (v.type === 'NBIRTH' || v.type === 'DBIRTH') {
      for (const metric of v.metrics) if (metric.alias !== null) n.aliases.set(metric.alias, { name: metric.name, datatype: metric.datatype, units: metric.units });
      if (v.type === 'DBIRTH' && v.device !== null) n.devicesBorn.add(v.device);
    } else if (v.type === 'DDEATH' && v.device !== null) {
      n.devicesBorn.delete(v.device);
    } else if (v.type === 'NDEATH') {
      if (n.born && v.bdSeq !== null && n.bdSeq !== null && v.bdSeq !== n.bdSeq) {
        issues.push({ kind: 'bdseq-mismatch', text: `NDEATH of ${v.node} has bdSeq ${v.bdSeq}, its NBIRTH had ${n.bdSeq}` });
      }
      n.born = false;
      n.lastSeq = null;
      n.devicesBorn.clear();
    }

    const metrics = v.metrics.map((metric): ResolvedMetric => {
      const def = metric.alias !== null ? n.aliases.get(metric.alias) : undefined;
      return {
        ...metric,
        resolvedName: metric.name ?? def?.name ?? null,
        datatype: metric.datatype ?? def?.datatype ?? null,
        units: metric.units ?? def?.units ?? null,
      };
    });
    return { view: v, metrics, issues, birthBdSeq };
  }

  /** The bdSeq of the edge node's last NBIRTH, if the page saw one. */
  birthBdSeq(group: string, node: string): number | null {
    return this.nodes.get(`${group}/${node}`)?.bdSeq ?? null;
  }
}
