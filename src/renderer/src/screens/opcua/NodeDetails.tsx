import { useOpcUa } from '../../store/opcua';
import { NodeActions } from './NodeActions';
import { NodeInfoPanels } from './NodeInfoPanels';
import { pathOf } from './treeRows';
import { useBookmarks } from './bookmarkStore';

/** The focused node: read, write or call it, every attribute and every reference, and tick it as a tag. */
export function NodeDetails() {
  const node = useOpcUa((s) => (s.tree?.focused ? s.tree.nodes[s.tree.focused] : undefined));
  const checked = useOpcUa((s) => (node ? !!s.tree?.checked[node.nodeId] : false));
  const check = useOpcUa((s) => s.check);
  const deviceId = useOpcUa((s) => s.tree?.deviceId);
  const tree = useOpcUa((s) => s.tree);
  const marked = useBookmarks((s) => (node ? s.list.some((b) => b.nodeId === node.nodeId) : false));
  const toggleMark = useBookmarks((s) => s.toggle);
  if (!node) {
    return (
      <aside className="node-details" data-testid="opcua-node-details">
        <p className="muted">Select a node to see its attributes.</p>
      </aside>
    );
  }
  return (
    <aside className="node-details" data-testid="opcua-node-details" data-node-id={node.nodeId}>
      <h3>
        {node.displayName || node.browseName}{' '}
        {deviceId && tree ? (
          <button
            type="button"
            className="icon-btn star"
            data-testid="opcua-bookmark-toggle"
            aria-pressed={marked}
            title={marked ? 'Remove the bookmark' : 'Bookmark this node (kept for this server)'}
            onClick={() => void toggleMark(deviceId, { nodeId: node.nodeId, name: node.displayName || node.browseName, path: pathOf(tree, node.nodeId) })}
          >
            {marked ? '★' : '☆'}
          </button>
        ) : null}
      </h3>
      {deviceId ? <NodeActions deviceId={deviceId} node={node} /> : null}
      {node.nodeClass === 'Variable' ? (
        <label className="check-line">
          <input type="checkbox" checked={checked} onChange={() => check(node.nodeId)} data-testid="opcua-node-check" /> add as a tag
        </label>
      ) : (
        <p className="muted small">{node.hasChildren ? 'Open it to see what it holds.' : 'Only variables become tags.'}</p>
      )}
      {deviceId ? <NodeInfoPanels deviceId={deviceId} node={node} /> : null}
    </aside>
  );
}
