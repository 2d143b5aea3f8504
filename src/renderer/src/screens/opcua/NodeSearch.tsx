import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { OpcUaSearchStatus } from '../../../../shared/contract';
import { api } from '../../api';
import { errorText } from '../../store/notices';
import { useOpcUa, type BrowseTree } from '../../store/opcua';
import { pathOf } from './treeRows';

type Hit = { nodeId: string; displayName: string; browseName: string; nodeClass: string; path: string[] };


/**
 * Find by browse name: as you type, among the nodes browsed so far; "Search server" walks the server from Objects
 * (bounded, with progress, cancellable). A hit opens the tree down to it.
 */
export function NodeSearch({ tree }: { tree: BrowseTree }) {
  const reveal = useOpcUa((s) => s.reveal);
  const [text, setText] = useState('');
  const [deep, setDeep] = useState<OpcUaSearchStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const stopPolling = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stopPolling, []);
  useEffect(() => {
    stopPolling();
    setDeep(null);
  }, [tree.deviceId]);

  const needle = text.trim().toLowerCase();
  const local: Hit[] = useMemo(() => {
    if (!needle) return [];
    return Object.values(tree.nodes)
      .filter((n) => n.browseName.toLowerCase().includes(needle) || n.displayName.toLowerCase().includes(needle))
      .slice(0, 100)
      .map((n) => ({ ...n, path: pathOf(tree, n.nodeId) }));
  }, [needle, tree]);

  const start = async () => {
    if (!needle) return;
    stopPolling();
    setError(null);
    try {
      const s = await api().opcuaSearch({ deviceId: tree.deviceId, text: text.trim() });
      setDeep(s);
      timer.current = setInterval(() => {
        api()
          .opcuaSearchStatus({ searchId: s.searchId })
          .then((now) => {
            setDeep(now);
            if (now.state !== 'running') stopPolling();
          })
          .catch((err: unknown) => (setError(errorText(err)), stopPolling()));
      }, 250);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const cancel = () => deep && void api().opcuaSearchCancel({ searchId: deep.searchId }).catch(() => undefined);
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void start();
    } else if (e.key === 'Escape') setText('');
  };

  const hits: Hit[] = deep && deep.text.toLowerCase() === needle ? deep.hits : local;
  const running = deep?.state === 'running';
  return (
    <div className="node-search">
      <div className="node-search-bar">
        <input type="search" data-testid="opcua-search" placeholder="Find by browse name…" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} aria-label="Find by browse name" />
        <button type="button" data-testid="opcua-search-deep" disabled={!needle || running} onClick={() => void start()} title="Walk the server from Objects (Enter)">
          Search server
        </button>
        {running ? (
          <button type="button" data-testid="opcua-search-cancel" onClick={cancel}>
            Cancel
          </button>
        ) : null}
        <span className="muted small" data-testid="opcua-search-status">
          {deep && deep.text.toLowerCase() === needle
            ? `${deep.state === 'running' ? 'searching' : deep.state}: ${deep.visited.toLocaleString()} nodes, depth ${deep.level}, ${deep.hits.length} found${deep.note ? ` · ${deep.note}` : ''}`
            : needle
              ? `${local.length} among the ${Object.keys(tree.nodes).length} nodes browsed · Enter searches the server`
              : ''}
        </span>
      </div>
      {error ? <p className="form-error">{error}</p> : null}
      {needle && hits.length ? (
        <ul className="search-hits" data-testid="opcua-search-hits">
          {hits.slice(0, 200).map((h) => (
            <li key={h.nodeId}>
              <button type="button" className="link" data-testid="opcua-search-hit" data-node-id={h.nodeId} onClick={() => void reveal(h.path)}>
                {h.displayName || h.browseName}
              </button>{' '}
              <span className="muted small">{h.nodeClass}</span> <span className="mono muted small">{h.nodeId}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
