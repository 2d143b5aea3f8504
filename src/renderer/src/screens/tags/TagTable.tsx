import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { focusOnArrival } from '../../lib/focusOnArrival';
import type { CheckoutMark } from '../../../../shared/project/schema';
import { VirtualList } from '../../components/VirtualList';
import { useNow } from '../../lib/useNow';
import type { TagDef } from '../../store/tagMaps';
import type { SortColumn, TagSort } from '../../store/tagTable';
import type { LiveTag } from '../../store/tagValues';
import { TAG_ROW_HEIGHT, TagRow } from './TagRow';

/** Keys the table hands to the screen: checkout marks, the note field, the solver, the write dialog. */
export type TableAction = 'verified' | 'failed' | 'note' | 'solve' | 'trend' | 'freeze' | 'write';

const HEAD: { column: SortColumn | null; label: string; cls: string; title?: string }[] = [
  { column: null, label: 'T', cls: 'c-trend', title: 'In the trend chart (T toggles)' },
  { column: 'name', label: 'Name', cls: 'c-name' },
  { column: 'register', label: 'Register', cls: 'c-register' },
  { column: 'value', label: 'Value', cls: 'c-value num' },
  { column: null, label: 'Units', cls: 'c-units' },
  { column: null, label: 'Raw (hex)', cls: 'c-raw' },
  { column: 'quality', label: 'Quality', cls: 'c-quality' },
  { column: 'age', label: 'Age', cls: 'c-age num', title: 'Time since the last reading; amber when older than 3 scan periods' },
  { column: null, label: 'Trend', cls: 'c-spark' },
  { column: 'check', label: 'Checkout', cls: 'c-check' },
];

function TagHeader(props: { sort: TagSort; onSort: (c: SortColumn) => void }) {
  return (
    <div className="tag-grid tag-head" role="presentation">
      {HEAD.map((h) => {
        if (!h.column) {
          return (
            <span key={h.label} className={h.cls} title={h.title}>
              {h.label}
            </span>
          );
        }
        const active = props.sort.column === h.column;
        const arrow = active ? (props.sort.descending ? ' ▼' : ' ▲') : '';
        return (
          <button
            key={h.label}
            type="button"
            className={`sort-btn ${h.cls} ${active ? 'active' : ''}`}
            title={h.title ?? `Sort by ${h.label.toLowerCase()} (again: reverse, third time: map order)`}
            aria-sort={active ? (props.sort.descending ? 'descending' : 'ascending') : 'none'}
            data-testid={`tags-sort-${h.column}`}
            onClick={() => props.onSort(h.column!)}
          >
            {h.label}
            {arrow}
          </button>
        );
      })}
    </div>
  );
}

/**
 * The live tags table: a windowed list (only the rows in view are in the DOM), fixed row height, keyboard driven:
 * ↑ ↓ PgUp PgDn Home End move, T puts the tag on the trend chart, V / F mark it verified / failed, N writes a note,
 * Enter opens the known-value solver, W opens the write dialog of a writable tag (Write… on the row does the same).
 */
export function TagTable(props: {
  list: readonly TagDef[];
  rows: ReadonlyMap<string, LiveTag>;
  marks: Readonly<Record<string, CheckoutMark>>;
  cursor: string | null;
  trendKeys: readonly string[];
  linkUp: boolean;
  sort: TagSort;
  onSort: (c: SortColumn) => void;
  onCursor: (key: string) => void;
  onToggleTrend: (key: string) => void;
  onAction: (a: TableAction) => void;
  /** Whether a tag can be written (its row then offers Write…), and the write itself. */
  canWrite: (def: TagDef) => boolean;
  onWrite: (key: string) => void;
}) {
  const { list, cursor, onCursor, onAction } = props;
  useNow(); // ages tick every second between merges
  const now = Date.now();
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => focusOnArrival(wrap.current?.querySelector<HTMLDivElement>('.vlist')), []);
  const index = cursor === null ? -1 : list.findIndex((d) => d.key === cursor);

  const reveal = useCallback((i: number) => {
    const el = wrap.current?.querySelector<HTMLDivElement>('.vlist');
    if (!el) return;
    const top = i * TAG_ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + TAG_ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + TAG_ROW_HEIGHT - el.clientHeight;
  }, []);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('input, button, select')) return;
    if (e.ctrlKey || e.altKey || e.metaKey || list.length === 0) return;
    const el = wrap.current?.querySelector<HTMLDivElement>('.vlist');
    const page = Math.max(1, Math.floor((el?.clientHeight ?? 400) / TAG_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: list.length - 1 };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      const i = Math.max(0, Math.min(list.length - 1, to));
      onCursor(list[i]!.key);
      reveal(i);
      return;
    }
    const actions: Record<string, TableAction> = { t: 'trend', v: 'verified', f: 'failed', n: 'note', p: 'freeze', w: 'write', Enter: 'solve' };
    const a = actions[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (a && (index >= 0 || a === 'freeze')) {
      e.preventDefault();
      onAction(a);
    }
  };

  const select = useCallback(
    (key: string, i: number) => {
      onCursor(key);
      reveal(i);
      wrap.current?.querySelector<HTMLDivElement>('.vlist')?.focus({ preventScroll: true });
    },
    [onCursor, reveal],
  );
  const noFollow = useCallback(() => undefined, []);
  const trend = new Set(props.trendKeys);

  return (
    <div className="tags-table" ref={wrap} onKeyDown={onKey} data-testid="tags-table" data-count={list.length}>
      <TagHeader sort={props.sort} onSort={props.onSort} />
      <VirtualList
        count={list.length}
        rowHeight={TAG_ROW_HEIGHT}
        follow={false}
        onFollowChange={noFollow}
        overscan={6}
        testId="tags-list"
        ariaLabel="Live tags"
        renderRow={(i, style) => {
          const def = list[i]!;
          return (
            <TagRow
              key={def.key}
              def={def}
              row={props.rows.get(def.key)}
              mark={props.marks[def.key]}
              index={i}
              top={style.top}
              selected={def.key === cursor}
              inTrend={trend.has(def.key)}
              now={now}
              linkUp={props.linkUp}
              onSelect={select}
              onToggleTrend={props.onToggleTrend}
              onWrite={props.canWrite(def) ? props.onWrite : undefined}
            />
          );
        }}
      />
    </div>
  );
}
