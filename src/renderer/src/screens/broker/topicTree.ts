import type { BrokerMessage } from '../../../../shared/contract/broker';
import type { SparkplugIssue, TrackedSparkplug } from './sparkplugTracker';

/** Seconds over which a topic's message rate is averaged. */
export const RATE_WINDOW_MS = 10_000;
/** Receive times a topic keeps for its rate. */
const TIMES_CAP = 256;

/** One level of the topic tree, as MQTT Explorer draws it: a topic level, its messages and its last payload. */
export interface TopicNode {
  /** The full topic up to this level ("" for the root). */
  path: string;
  name: string;
  depth: number;
  /** Child level names to their nodes, sorted when drawn. */
  children: Map<string, TopicNode>;
  /** Messages on exactly this topic. */
  count: number;
  /** Messages on this topic and every topic under it. */
  total: number;
  last: BrokerMessage | null;
  /** The last message decoded as Sparkplug with aliases resolved and its issues. */
  lastSparkplug: TrackedSparkplug | null;
  /** Issues of messages on this topic and under it. */
  issues: number;
  lastIssue: SparkplugIssue | null;
  /** Recent receive times, for the rate. */
  times: number[];
}

export function newNode(path: string, name: string, depth: number): TopicNode {
  return { path, name, depth, children: new Map(), count: 0, total: 0, last: null, lastSparkplug: null, issues: 0, lastIssue: null, times: [] };
}

/** Put one message in the tree: every level on its way counts it (and its issues). */
export function addMessage(root: TopicNode, m: BrokerMessage, sp: TrackedSparkplug | null): TopicNode {
  const issues = sp?.issues ?? [];
  let node = root;
  node.total++;
  node.issues += issues.length;
  const parts = m.topic.split('/');
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    let next = node.children.get(name);
    if (!next) node.children.set(name, (next = newNode(parts.slice(0, i + 1).join('/'), name, i)));
    node = next;
    node.total++;
    node.issues += issues.length;
    if (issues.length) node.lastIssue = issues[issues.length - 1]!;
  }
  node.count++;
  node.last = m;
  node.lastSparkplug = sp;
  node.times.push(m.time);
  if (node.times.length > TIMES_CAP) node.times.splice(0, node.times.length - TIMES_CAP);
  return node;
}

/** Messages per second on exactly this topic over the last RATE_WINDOW_MS before `now`. */
export function topicRate(node: TopicNode, now: number): number {
  let n = 0;
  for (let i = node.times.length - 1; i >= 0 && node.times[i]! > now - RATE_WINDOW_MS; i--) n++;
  return n / (RATE_WINDOW_MS / 1000);
}

/** The visible rows depth first; a node is open unless the operator closed it. */
export function visibleRows(root: TopicNode, closed: ReadonlySet<string>): TopicNode[] {
  const rows: TopicNode[] = [];
  const walk = (n: TopicNode) => {
    for (const child of [...n.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      rows.push(child);
      if (!closed.has(child.path)) walk(child);
    }
  };
  walk(root);
  return rows;
}

export function findNode(root: TopicNode, path: string): TopicNode | null {
  let node: TopicNode | undefined = root;
  for (const part of path.split('/')) {
    node = node.children.get(part);
    if (!node) return null;
  }
  return node;
}

/** A short line for a tree row: the payload's gist. */
export function gist(m: BrokerMessage): string {
  if (m.sparkplug) {
    const s = m.sparkplug;
    if (s.error) return 'not a Sparkplug payload';
    const seq = s.seq === null ? '' : ` seq ${s.seq}`;
    return `${s.type}${seq} · ${s.metrics.length + s.moreMetrics} metric${s.metrics.length + s.moreMetrics === 1 ? '' : 's'}`;
  }
  if (m.text !== null) return m.text.length > 80 ? `${m.text.slice(0, 80)}…` : m.text;
  return `${m.size} bytes (binary)`;
}
