import { useEffect, useState } from 'react';
import type { RequestOutput } from '../../../../shared/contract';
import { api } from '../../api';
import { errorText } from '../../store/notices';

type Info = RequestOutput<'opcua.node'>;
type Quick = { nodeId: string; nodeClass: string; browseName: string; dataType: string | null; valueRank: number | null };

/** Attributes whose rows keep the test ids the browse-time details had. */
const TEST_IDS: Record<string, string> = { NodeId: 'opcua-node-id', NodeClass: 'opcua-node-class', DataType: 'opcua-node-datatype' };
const MONO = new Set(['NodeId', 'BrowseName', 'Value', 'ArrayDimensions']);

/** Every attribute and reference of a node, fetched when it is focused; a later focus wins over an earlier answer. */
function useNodeInfo(deviceId: string, nodeId: string) {
  const [state, setState] = useState<{ nodeId: string; info: Info | null; error: string | null }>({ nodeId, info: null, error: null });
  useEffect(() => {
    let live = true;
    setState({ nodeId, info: null, error: null });
    api()
      .opcuaNode({ deviceId, nodeId })
      .then((info) => live && setState({ nodeId, info, error: null }))
      .catch((err: unknown) => live && setState({ nodeId, info: null, error: errorText(err) }));
    return () => {
      live = false;
    };
  }, [deviceId, nodeId]);
  return state.nodeId === nodeId ? state : { nodeId, info: null, error: null };
}

function Attributes({ info, quick }: { info: Info | null; quick: Quick }) {
  const rows = info
    ? info.attributes.map((a) => ({ name: a.name, text: a.text }))
    : [
        { name: 'NodeId', text: quick.nodeId },
        { name: 'NodeClass', text: quick.nodeClass },
        { name: 'BrowseName', text: quick.browseName },
        ...(quick.dataType ? [{ name: 'DataType', text: quick.dataType }] : []),
      ];
  return (
    <dl className="attr-list" data-testid="opcua-attributes" data-loaded={!!info}>
      {rows.map((r) => (
        <div key={r.name} className="attr-row" data-testid={`opcua-attr-${r.name}`}>
          <dt>{r.name}</dt>
          <dd className={MONO.has(r.name) ? 'mono' : undefined} data-testid={TEST_IDS[r.name]}>
            {r.text || <span className="muted">—</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function References({ info, onOpen }: { info: Info; onOpen: (nodeId: string) => void }) {
  return (
    <table className="grid dense ref-table" data-testid="opcua-references">
      <thead>
        <tr>
          <th>Reference</th>
          <th title="forward: from this node; inverse: to this node">Dir</th>
          <th>Target</th>
        </tr>
      </thead>
      <tbody>
        {info.references.map((r, i) => (
          <tr key={i} data-testid="opcua-reference" data-direction={r.direction}>
            <td>{r.referenceType}</td>
            <td className={r.direction === 'forward' ? '' : 'muted'}>{r.direction === 'forward' ? '→ fwd' : '← inv'}</td>
            <td>
              <button type="button" className="link" title={`${r.targetNodeClass} ${r.targetNodeId}: copy the NodeId`} onClick={() => onOpen(r.targetNodeId)}>
                {r.targetBrowseName}
              </button>{' '}
              <span className="mono muted small">{r.targetNodeId}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Attributes and References panels of the focused node, as two tabs. */
export function NodeInfoPanels({ deviceId, node }: { deviceId: string; node: Quick }) {
  const { info, error } = useNodeInfo(deviceId, node.nodeId);
  const [tab, setTab] = useState<'attributes' | 'references'>('attributes');
  const copy = (nodeId: string) => void navigator.clipboard?.writeText(nodeId).catch(() => undefined);
  return (
    <div className="node-info">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'attributes'} data-testid="opcua-tab-attributes" onClick={() => setTab('attributes')}>
          Attributes{info ? ` (${info.attributes.length})` : ''}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'references'} data-testid="opcua-tab-references" onClick={() => setTab('references')}>
          References{info ? ` (${info.references.length})` : ''}
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {tab === 'attributes' ? <Attributes info={info} quick={node} /> : info ? <References info={info} onOpen={copy} /> : <p className="muted">Reading references…</p>}
    </div>
  );
}
