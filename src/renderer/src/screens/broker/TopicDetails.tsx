import { useInspector } from '../../store/inspector';
import { findNode, topicRate } from './topicTree';
import { SparkplugDetails } from './SparkplugDetails';
import { formatClockMs } from '../../lib/format';

/** The selected topic: its last message (Sparkplug decoded with metrics, or text), counts and rate. */
export function TopicDetails() {
  const selected = useInspector((s) => s.selected);
  const root = useInspector((s) => s.root);
  useInspector((s) => s.version);
  const node = selected === null ? null : findNode(root, selected);
  if (!node) {
    return (
      <aside className="node-details broker-details" data-testid="broker-details">
        <p className="muted">Select a topic to see its last message.</p>
      </aside>
    );
  }
  const m = node.last;
  return (
    <aside className="node-details broker-details" data-testid="broker-details" data-topic={node.path}>
      <h3 className="mono">{node.path}</h3>
      <dl>
        <dt>Messages</dt>
        <dd>
          <span data-testid="broker-details-count">{node.count}</span> on this topic{node.total > node.count ? `, ${node.total} with the topics under it` : ''} · {topicRate(node, Date.now()).toFixed(1)}/s
        </dd>
        {m ? (
          <>
            <dt>Last</dt>
            <dd>
              {formatClockMs(m.time)} · {m.size} bytes · QoS {m.qos}
              {m.retain ? ' · retained' : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {!m ? (
        <p className="muted small">No message on exactly this topic; open it to see the topics under it.</p>
      ) : node.lastSparkplug ? (
        <SparkplugDetails tracked={node.lastSparkplug} />
      ) : m.text !== null ? (
        <>
          <pre className="broker-text" data-testid="broker-details-text">
            {pretty(m.text)}
          </pre>
          {m.truncated ? <p className="muted small">First {m.text.length} characters of {m.size} bytes.</p> : null}
        </>
      ) : (
        <p className="muted" data-testid="broker-details-binary">
          Binary payload ({m.size} bytes), not UTF-8 text.
        </p>
      )}
    </aside>
  );
}

/** JSON indented when it parses, else the text as it came. */
function pretty(text: string): string {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return text;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return text;
  }
}
