import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { VirtualList } from '../../components/VirtualList';
import { OBJECTS, useOpcUa } from '../../store/opcua';
import { treeRows, visibleNodes, type TreeRow } from './treeRows';

const ROW_HEIGHT = 22;
const CLASS_MARK: Record<string, string> = { Object: '▣', Variable: '◆', Method: 'ƒ', View: '◫' };
const noFollow = () => undefined;

/**
 * The lazy browse tree: a node's children are browsed when it is first opened. Arrow keys move (↑ ↓), open or go in
 * (→), close or go up (←); Space ticks a variable; Home and End jump. Only the rows in view are in the page.
 */
export function BrowseTree() {
  const tree = useOpcUa((s) => s.tree)!;
  const toggle = useOpcUa((s) => s.toggle);
  const focus = useOpcUa((s) => s.focus);
  const check = useOpcUa((s) => s.check);
  const rows = useMemo(() => treeRows(tree), [tree]);
  const order = useMemo(() => visibleNodes(rows), [rows]);
  const box = useRef<HTMLDivElement>(null);

  // Keep the focused row in view as the keys move it; a row out of the rendered window (a search hit, a bookmark) is
  // scrolled to by its index, once, as soon as the tree has opened down to it.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    pending.current = tree.focused;
  }, [tree.focused]);
  useEffect(() => {
    const id = pending.current;
    if (!id) return;
    const el = box.current?.querySelector(`[data-node-id="${CSS.escape(id)}"]`);
    const i = rows.findIndex((r) => r.kind === 'node' && r.id === id);
    const list = box.current?.querySelector<HTMLElement>('.tree-list');
    if (el) el.scrollIntoView({ block: 'nearest' });
    else if (i >= 0 && list) list.scrollTop = Math.max(0, i * ROW_HEIGHT - list.clientHeight / 2);
    else return;
    pending.current = null;
  }, [tree.focused, rows]);

  const onKey = useCallback(
    (e: KeyboardEvent) => {
      const at = tree.focused ? order.indexOf(tree.focused) : -1;
      const node = tree.focused ? tree.nodes[tree.focused] : undefined;
      const moveTo = (i: number) => order.length && focus(order[Math.max(0, Math.min(order.length - 1, i))]!);
      let handled = true;
      if (e.key === 'ArrowDown') moveTo(at + 1);
      else if (e.key === 'ArrowUp') moveTo(at < 0 ? 0 : at - 1);
      else if (e.key === 'Home') moveTo(0);
      else if (e.key === 'End') moveTo(order.length - 1);
      else if (e.key === 'ArrowRight' && node) {
        if (node.hasChildren && !tree.expanded[node.nodeId]) toggle(node.nodeId, true);
        else if (node.hasChildren && tree.kids[node.nodeId]?.length) focus(tree.kids[node.nodeId]![0]!);
      } else if (e.key === 'ArrowLeft' && node) {
        if (tree.expanded[node.nodeId]) toggle(node.nodeId, false);
        else if (node.parent !== OBJECTS) focus(node.parent);
      } else if ((e.key === ' ' || e.key === 'Enter') && node) {
        if (node.nodeClass === 'Variable' && e.key === ' ') check(node.nodeId);
        else if (node.hasChildren) toggle(node.nodeId);
      } else handled = false;
      if (handled) e.preventDefault();
    },
    [tree, order, focus, toggle, check],
  );

  const renderRow = (i: number, style: { top: number; height: number }) => <Row key={rowKey(rows[i]!, i)} row={rows[i]!} style={style} />;

  return (
    <div className="browse-tree" ref={box} onKeyDown={onKey} data-testid="opcua-tree" data-rows={rows.length}>
      <VirtualList count={rows.length} rowHeight={ROW_HEIGHT} renderRow={renderRow} follow={false} onFollowChange={noFollow} ariaLabel="Address space" className="tree-list" />
    </div>
  );
}

/** "Double", or "Double[]" for an array (any value rank of 0 or more). */
export function typeText(dataType: string, valueRank: number | null): string {
  return valueRank !== null && valueRank >= 0 ? `${dataType}[]` : dataType;
}

function rowKey(r: TreeRow, i: number): string {
  return r.kind === 'node' ? `${i}:${r.id}` : `${i}:note:${r.parent}`;
}

function Row({ row, style }: { row: TreeRow; style: { top: number; height: number } }) {
  const tree = useOpcUa((s) => s.tree)!;
  const toggle = useOpcUa((s) => s.toggle);
  const focus = useOpcUa((s) => s.focus);
  const check = useOpcUa((s) => s.check);
  const indent = { paddingLeft: 6 + row.depth * 16 };
  if (row.kind === 'note') {
    return (
      <div className={`tree-row note ${row.error ? 'error' : ''}`} style={{ ...style, ...indent }} role="listitem" data-testid={row.error ? 'opcua-tree-error' : 'opcua-tree-note'} title={row.text}>
        {row.text}
      </div>
    );
  }
  const n = tree.nodes[row.id]!;
  const open = !!tree.expanded[n.nodeId];
  const isVar = n.nodeClass === 'Variable';
  return (
    <div
      className={`tree-row ${tree.focused === n.nodeId ? 'focused' : ''} cls-${n.nodeClass}`}
      style={{ ...style, ...indent }}
      role="listitem"
      aria-selected={tree.focused === n.nodeId}
      aria-expanded={n.hasChildren ? open : undefined}
      data-testid="opcua-node"
      data-node-id={n.nodeId}
      data-name={n.displayName}
      onMouseDown={() => focus(n.nodeId)}
    >
      <button type="button" tabIndex={-1} className="caret" disabled={!n.hasChildren} aria-label={open ? 'Close' : 'Open'} data-testid="opcua-node-toggle" onClick={() => toggle(n.nodeId)}>
        {n.hasChildren ? (tree.loading[n.nodeId] ? '…' : open ? '▾' : '▸') : ''}
      </button>
      {isVar ? (
        <input type="checkbox" tabIndex={-1} checked={!!tree.checked[n.nodeId]} onChange={() => check(n.nodeId)} aria-label={`Add ${n.displayName} as a tag`} data-testid="opcua-node-tick" />
      ) : (
        <span className="tick-space" />
      )}
      <span className="cls-mark" title={n.nodeClass} aria-hidden="true">
        {CLASS_MARK[n.nodeClass] ?? '·'}
      </span>
      <span className="node-name" onDoubleClick={() => n.hasChildren && toggle(n.nodeId)}>
        {n.displayName || n.browseName}
      </span>
      {isVar && n.dataType ? <span className="node-type">{typeText(n.dataType, n.valueRank)}</span> : null}
    </div>
  );
}
