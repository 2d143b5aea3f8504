import { useMemo } from 'react';
import type { CipTagRow } from '../../../../shared/contract';
import { VirtualList } from '../../components/VirtualList';
import { useCip } from '../../store/cip';
import { indexTags, isPickable, treeLines, type TreeLine } from './tagTree';

const ROW_HEIGHT = 24;
const noFollow = () => undefined;

/** The tag list as a virtualized tree table: arrays open into elements, UDTs into members; single values can be ticked. */
export function TagTable({ tags }: { tags: CipTagRow[] }) {
  const open = useCip((s) => s.open);
  const filter = useCip((s) => s.filter);
  const index = useMemo(() => indexTags(tags), [tags]);
  const lines = useMemo(() => treeLines(index, open, filter), [index, open, filter]);
  const topCount = index.top.length;
  const renderRow = (i: number, style: { top: number; height: number }) => <Line key={lineKey(lines[i]!)} line={lines[i]!} style={style} />;
  return (
    <div className="cip-tags" data-testid="cip-tags" data-rows={lines.length}>
      <div className="cip-tag-head" role="presentation">
        <span className="cip-col-name">Name</span>
        <span className="cip-col-type">Type</span>
        <span className="cip-col-dims">Dimensions</span>
        <span className="cip-col-scope">Scope</span>
      </div>
      {lines.length ? (
        <VirtualList count={lines.length} rowHeight={ROW_HEIGHT} renderRow={renderRow} follow={false} onFollowChange={noFollow} ariaLabel="Controller tags" className="cip-tag-list" />
      ) : (
        <p className="empty">{filter.trim() ? `No tag or member matches "${filter.trim()}".` : 'The controller lists no tags.'}</p>
      )}
      <p className="muted small cip-tag-foot" data-testid="cip-tag-count">
        {topCount.toLocaleString('en')} tag{topCount === 1 ? '' : 's'}, {(tags.length - topCount).toLocaleString('en')} UDT members
        {filter.trim() ? ` · ${lines.length.toLocaleString('en')} rows match` : ''} · tick a single value (an atomic tag, an array element or a UDT member) to add it
      </p>
    </div>
  );
}

function lineKey(l: TreeLine): string {
  return l.kind === 'node' ? l.node.key : l.key;
}

function Line({ line, style }: { line: TreeLine; style: { top: number; height: number } }) {
  const toggle = useCip((s) => s.toggle);
  const check = useCip((s) => s.check);
  const checked = useCip((s) => (line.kind === 'node' ? !!s.checked[line.node.key] : false));
  if (line.kind === 'note') {
    return (
      <div className="cip-tag-row note" style={{ ...style, paddingLeft: 8 + line.depth * 16 }} role="listitem">
        {line.text}
      </div>
    );
  }
  const n = line.node;
  const pickable = isPickable(n);
  return (
    <div className={`cip-tag-row ${checked ? 'checked' : ''}`} style={style} role="listitem" data-testid="cip-tag" data-name={n.key} aria-expanded={line.hasChildren ? line.open : undefined}>
      <span className="cip-col-name" style={{ paddingLeft: 4 + n.depth * 16 }}>
        <button type="button" className="caret" disabled={!line.hasChildren} aria-label={line.open ? 'Close' : 'Open'} data-testid="cip-tag-toggle" onClick={() => toggle(n.key)}>
          {line.hasChildren ? (line.open ? '▾' : '▸') : ''}
        </button>
        {pickable ? <input type="checkbox" checked={checked} onChange={() => check(n)} aria-label={`Add ${n.key} as a tag`} data-testid="cip-tag-tick" /> : <span className="tick-space" />}
        <span className="cip-tag-name mono" title={n.needsElement ? `${n.key}: a member of an array; open ${n.tagPath} to pick an element` : n.key} onDoubleClick={() => line.hasChildren && toggle(n.key)}>
          {n.label}
        </span>
      </span>
      <span className="cip-col-type mono" data-testid="cip-tag-type">
        {n.dataType}
      </span>
      <span className="cip-col-dims mono" data-testid="cip-tag-dims">
        {n.dims.length ? `[${n.dims.join(',')}]` : ''}
      </span>
      <span className="cip-col-scope">{n.scope === 'controller' ? 'controller' : `program ${n.scope}`}</span>
    </div>
  );
}
