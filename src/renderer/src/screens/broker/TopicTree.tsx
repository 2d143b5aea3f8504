import { useMemo } from 'react';
import { VirtualList } from '../../components/VirtualList';
import { useInspector } from '../../store/inspector';
import { SessionActions } from './SessionActions';
import { gist, visibleRows, type TopicNode } from './topicTree';

const ROW_HEIGHT = 22;
const noFollow = () => undefined;

/** Every topic the broker carried, one level per row as MQTT Explorer draws it; only the rows in view are in the page. */
export function TopicTree() {
  const root = useInspector((s) => s.root);
  const version = useInspector((s) => s.version);
  const closed = useInspector((s) => s.closed);
  const clear = useInspector((s) => s.clearTree);
  const lost = useInspector((s) => s.lost);
  // The tree changes in place; `version` says when.
  const rows = useMemo(() => visibleRows(root, closed), [root, closed, version]);
  const renderRow = (i: number, style: { top: number; height: number }) => <Row key={rows[i]!.path} node={rows[i]!} style={style} />;
  return (
    <div className="broker-tree-box">
      <div className="broker-tree-head">
        <span className="strong">Topics</span>
        <span className="muted small" data-testid="broker-tree-total">
          {root.total} message{root.total === 1 ? '' : 's'} seen
        </span>
        {lost ? (
          <span className="tag-warn" title="The engine sends at most 1000 messages per batch to the page; seq checks restart after a loss" data-testid="broker-lost">
            {lost} not shown
          </span>
        ) : null}
        <span className="push-right" />
        <SessionActions />
        <button type="button" className="quiet small-btn" onClick={clear} disabled={root.total === 0} data-testid="broker-clear">
          Clear
        </button>
      </div>
      <div className="broker-tree" data-testid="broker-tree" data-rows={rows.length}>
        {rows.length ? (
          <VirtualList count={rows.length} rowHeight={ROW_HEIGHT} renderRow={renderRow} follow={false} onFollowChange={noFollow} ariaLabel="Topics" className="tree-list" />
        ) : (
          <p className="empty broker-tree-empty">No message yet. Messages show here as clients publish them while this screen is open.</p>
        )}
      </div>
    </div>
  );
}

function Row({ node, style }: { node: TopicNode; style: { top: number; height: number } }) {
  const closed = useInspector((s) => s.closed.has(node.path));
  const selected = useInspector((s) => s.selected === node.path);
  const toggle = useInspector((s) => s.toggle);
  const select = useInspector((s) => s.select);
  const parent = node.children.size > 0;
  return (
    <div
      className={`tree-row broker-row ${selected ? 'focused' : ''} ${node.issues ? 'has-issues' : ''}`}
      style={{ ...style, paddingLeft: 6 + node.depth * 16 }}
      role="listitem"
      aria-selected={selected}
      aria-expanded={parent ? !closed : undefined}
      data-testid="broker-topic"
      data-topic={node.path}
      data-count={node.total}
      data-issues={node.issues}
      onMouseDown={() => select(node.path)}
    >
      <button type="button" tabIndex={-1} className="caret" disabled={!parent} aria-label={closed ? 'Open' : 'Close'} onClick={() => toggle(node.path)}>
        {parent ? (closed ? '▸' : '▾') : ''}
      </button>
      <span className="node-name">{node.name || '(empty)'}</span>
      <span className="topic-count" title={`${node.total} message${node.total === 1 ? '' : 's'} on this topic and under it`}>
        {node.total}
      </span>
      {node.issues ? (
        <span className="tag-bad" title={node.lastIssue?.text} data-testid="broker-topic-issues">
          {node.issues} issue{node.issues === 1 ? '' : 's'}
        </span>
      ) : null}
      {node.last ? <span className="topic-gist">{gist(node.last)}</span> : null}
    </div>
  );
}
