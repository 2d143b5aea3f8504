import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CipTagRow } from '../../../../shared/contract';
import { VirtualList } from '../../components/VirtualList';
import { useCip } from '../../store/cip';
import { indexTags, isPickable, isWritable, treeLines, type TreeLine } from './tagTree';

const ROW_HEIGHT = 24;
const noFollow = () => undefined;

/**
 * The tag list as a virtualized tree table: arrays open into elements, UDTs into members; single values can be ticked.
 * Keys: ↑ ↓ move, → opens or goes in, ← closes or goes up, Space ticks, Home and End jump.
 */
export function TagTable({ tags }: { tags: CipTagRow[] }) {
  const open = useCip((s) => s.open);
  const filter = useCip((s) => s.filter);
  const toggle = useCip((s) => s.toggle);
  const check = useCip((s) => s.check);
  const index = useMemo(() => indexTags(tags), [tags]);
  const lines = useMemo(() => treeLines(index, open, filter), [index, open, filter]);
  const [focused, setFocused] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const topCount = index.top.length;

  useEffect(() => {
    if (focused) box.current?.querySelector(`[data-name="${CSS.escape(focused)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focused]);

  const onKey = useCallback(
    (e: KeyboardEvent) => {
      const at = lines.findIndex((l) => l.kind === 'node' && l.node.key === focused);
      const line = lines[at];
      const moveTo = (i: number) => {
        const l = lines[Math.max(0, Math.min(lines.length - 1, i))];
        if (l?.kind === 'node') setFocused(l.node.key);
      };
      let handled = true;
      if (e.key === 'ArrowDown') moveTo(at + 1);
      else if (e.key === 'ArrowUp') moveTo(at < 0 ? 0 : at - 1);
      else if (e.key === 'Home') moveTo(0);
      else if (e.key === 'End') moveTo(lines.length - 1);
      else if (e.key === 'ArrowRight' && line?.kind === 'node') {
        if (line.hasChildren && !line.open) toggle(line.node.key, true);
        else if (line.open) moveTo(at + 1);
      } else if (e.key === 'ArrowLeft' && line?.kind === 'node') {
        if (line.open) toggle(line.node.key, false);
        else moveTo(parentAt(lines, at));
      } else if (e.key === ' ' && line?.kind === 'node' && isPickable(line.node)) check(line.node);
      else handled = false;
      if (handled) e.preventDefault();
    },
    [lines, focused, toggle, check],
  );

  const renderRow = (i: number, style: { top: number; height: number }) => <Line key={lineKey(lines[i]!)} line={lines[i]!} style={style} focused={focused} onFocus={setFocused} />;
  return (
    <div className="cip-tags" data-testid="cip-tags" data-rows={lines.length} ref={box} onKeyDown={onKey}>
      <div className="cip-tag-head" role="presentation">
        <span className="cip-col-name">Name</span>
        <span className="cip-col-type">Type</span>
        <span className="cip-col-dims">Dimensions</span>
        <span className="cip-col-scope">Scope</span>
        <span className="cip-col-write" />
      </div>
      {lines.length ? (
        <VirtualList count={lines.length} rowHeight={ROW_HEIGHT} renderRow={renderRow} follow={false} onFollowChange={noFollow} ariaLabel="Controller tags" className="cip-tag-list" />
      ) : (
        <p className="empty">{filter.trim() ? `No tag or member matches "${filter.trim()}".` : 'The controller lists no tags.'}</p>
      )}
      <p className="muted small cip-tag-foot" data-testid="cip-tag-count">
        {topCount.toLocaleString('en')} tag{topCount === 1 ? '' : 's'}, {(tags.length - topCount).toLocaleString('en')} UDT members
        {filter.trim() ? ` · ${lines.length.toLocaleString('en')} rows match` : ''} · tick a value (an atomic tag, an array element, a UDT member, or a whole UDT read as its members) to add it, or Write… it
      </p>
    </div>
  );
}

/** The line of the row that holds line `at` (the nearest one above it with less depth); `at` itself at the top. */
function parentAt(lines: readonly TreeLine[], at: number): number {
  const l = lines[at];
  if (l?.kind !== 'node') return at;
  for (let i = at - 1; i >= 0; i--) {
    const p = lines[i]!;
    if (p.kind === 'node' && p.node.depth < l.node.depth) return i;
  }
  return at;
}

function lineKey(l: TreeLine): string {
  return l.kind === 'node' ? l.node.key : l.key;
}

function Line({ line, style, focused, onFocus }: { line: TreeLine; style: { top: number; height: number }; focused: string | null; onFocus: (key: string) => void }) {
  const toggle = useCip((s) => s.toggle);
  const check = useCip((s) => s.check);
  const checked = useCip((s) => (line.kind === 'node' ? !!s.checked[line.node.key] : false));
  const startWrite = useCip((s) => s.startWrite);
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
    <div
      className={`cip-tag-row ${checked ? 'checked' : ''} ${focused === n.key ? 'focused' : ''}`}
      style={style}
      role="listitem"
      data-testid="cip-tag"
      data-name={n.key}
      aria-selected={focused === n.key}
      aria-expanded={line.hasChildren ? line.open : undefined}
      onMouseDown={() => onFocus(n.key)}
    >
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
      <span className="cip-col-write">
        {isWritable(n) ? (
          <button type="button" data-testid="cip-tag-write" aria-label={`Write ${n.key}`} title={`Write ${n.key} (confirmed, in the write log)`} onClick={() => void startWrite(n)}>
            Write…
          </button>
        ) : null}
      </span>
    </div>
  );
}
