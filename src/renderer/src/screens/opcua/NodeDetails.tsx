import { useOpcUa } from '../../store/opcua';
import { NodeActions } from './NodeActions';

const RANK: Record<string, string> = { '-3': 'scalar or 1-D array', '-2': 'any', '-1': 'scalar', '0': 'array (any dimensions)', '1': '1-D array', '2': '2-D array' };

/** The focused node: NodeId, class, browse name, data type and value rank. */
export function NodeDetails() {
  const node = useOpcUa((s) => (s.tree?.focused ? s.tree.nodes[s.tree.focused] : undefined));
  const checked = useOpcUa((s) => (node ? !!s.tree?.checked[node.nodeId] : false));
  const check = useOpcUa((s) => s.check);
  const deviceId = useOpcUa((s) => s.tree?.deviceId);
  if (!node) {
    return (
      <aside className="node-details" data-testid="opcua-node-details">
        <p className="muted">Select a node to see its attributes.</p>
      </aside>
    );
  }
  return (
    <aside className="node-details" data-testid="opcua-node-details" data-node-id={node.nodeId}>
      <h3>{node.displayName || node.browseName}</h3>
      <dl>
        <dt>NodeId</dt>
        <dd className="mono" data-testid="opcua-node-id">
          {node.nodeId}
        </dd>
        <dt>Node class</dt>
        <dd data-testid="opcua-node-class">{node.nodeClass}</dd>
        <dt>Browse name</dt>
        <dd className="mono">{node.browseName}</dd>
        {node.nodeClass === 'Variable' || node.nodeClass === 'VariableType' ? (
          <>
            <dt>Data type</dt>
            <dd data-testid="opcua-node-datatype">{node.dataType ?? '—'}</dd>
            <dt>Value rank</dt>
            <dd>{node.valueRank === null ? '—' : (RANK[String(node.valueRank)] ?? `${node.valueRank}-D array`)}</dd>
          </>
        ) : null}
      </dl>
      {deviceId ? <NodeActions deviceId={deviceId} node={node} /> : null}
      {node.nodeClass === 'Variable' ? (
        <label className="check-line">
          <input type="checkbox" checked={checked} onChange={() => check(node.nodeId)} data-testid="opcua-node-check" /> add as a tag
        </label>
      ) : (
        <p className="muted small">{node.hasChildren ? 'Open it to see what it holds.' : 'Only variables become tags.'}</p>
      )}
    </aside>
  );
}
