import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { isLinkUp, useConnection } from '../../store/connection';
import { useCheckout } from '../../store/checkout';
import { reportInfo } from '../../store/notices';
import { useTagMaps, type TagDef } from '../../store/tagMaps';
import { useTagTable } from '../../store/tagTable';
import { MAX_TREND, shownRows, useTagValues } from '../../store/tagValues';
import { useUi } from '../../store/ui';
import { orderTags } from '../../lib/tagOrder';
import { TagWriteDialog } from '../live/TagWriteDialog';
import { TagDetail } from './TagDetail';
import { TagTable, type TableAction } from './TagTable';
import { TagsToolbar } from './TagsToolbar';
import { tagWritability, writeTarget } from './tagWrite';
import { TrendChart } from './TrendChart';

const Trend = memo(TrendChart);
const LIVE_SORTS = new Set(['value', 'quality', 'age']);

/**
 * Every tag of the project's register maps, live: a windowed table for thousands of rows, merged from the engine's
 * batches every 200 ms (one render per merge); freeze holds the screen while the engine keeps polling.
 */
export function TagsScreen() {
  const defs = useTagMaps((s) => s.defs);
  const byKey = useTagMaps((s) => s.byKey);
  const loaded = useTagMaps((s) => s.loaded);
  // While frozen nothing on screen follows the merges: not even a re-render.
  const version = useTagValues((s) => (s.frozen ? -1 : s.version));
  const frozen = useTagValues((s) => s.frozen);
  const trendKeys = useTagValues((s) => s.trendKeys);
  const marks = useCheckout((s) => s.marks);
  const { filter, show, sort, cursor, sortBy, setCursor } = useTagTable();
  const linkUp = useConnection((s) => isLinkUp(s.link));
  const go = useUi((s) => s.go);
  const noteRef = useRef<HTMLInputElement>(null);
  const solverRef = useRef<HTMLInputElement>(null);

  const rows = shownRows();
  const liveOrder = LIVE_SORTS.has(sort.column) || show === 'not-good';
  const list = useMemo(
    () => orderTags(defs, rows, marks, filter, show, sort),
    // Value, quality and age orders follow the merges; the others only change with the maps or the filter.
    [defs, rows, marks, filter, show, sort, liveOrder ? version : 0],
  );

  // The tag being written: its write dialog is open (one at a time).
  const [writing, setWriting] = useState<string | null>(null);
  const canWrite = useCallback((d: TagDef) => tagWritability(d).writable, []);
  const startWrite = useCallback((key: string) => {
    const d = useTagMaps.getState().byKey.get(key);
    if (!d) return;
    const w = tagWritability(d);
    if (w.writable) setWriting(key);
    else reportInfo(`No write: ${w.why}`);
  }, []);
  const endWrite = useCallback(() => setWriting(null), []);

  const toggleTrend = useCallback((key: string) => {
    if (!useTagValues.getState().toggleTrend(key)) reportInfo(`The trend shows at most ${MAX_TREND} tags: remove one first`);
  }, []);

  const onAction = useCallback(
    (a: TableAction) => {
      const key = useTagTable.getState().cursor;
      if (a === 'freeze') useTagValues.getState().setFrozen(!useTagValues.getState().frozen);
      if (!key) return;
      if (a === 'trend') toggleTrend(key);
      else if (a === 'verified' || a === 'failed') void useCheckout.getState().mark(key, a, noteRef.current?.value.trim() ?? '');
      else if (a === 'note') noteRef.current?.focus();
      else if (a === 'solve') solverRef.current?.focus();
      else if (a === 'write') startWrite(key);
    },
    [toggleTrend, startWrite],
  );

  if (loaded && defs.length === 0) {
    return (
      <div className="screen tags-screen" data-testid="screen-tags">
        <div className="empty panel" data-testid="tags-empty">
          No register map in this project yet.{' '}
          <button type="button" className="link-btn" onClick={() => go('map')}>
            Import one on the Register map screen
          </button>{' '}
          (or discover a SunSpec device there), and its tags show up here live.
        </div>
      </div>
    );
  }

  const def = cursor ? byKey.get(cursor) : undefined;
  return (
    <div className={`screen tags-screen ${frozen ? 'is-frozen' : ''}`} data-testid="screen-tags">
      <TagsToolbar defs={defs} rows={rows} marks={marks} shown={list.length} />
      <div className="tags-body">
        <div className="tags-main">
          <TagTable
          list={list}
          rows={rows}
          marks={marks}
          cursor={cursor}
          trendKeys={trendKeys}
          linkUp={linkUp}
          sort={sort}
          onSort={sortBy}
          onCursor={setCursor}
          onToggleTrend={toggleTrend}
          onAction={onAction}
          canWrite={canWrite}
          onWrite={startWrite}
        />
          {trendKeys.length > 0 ? <Trend keys={trendKeys} defs={byKey} onRemove={toggleTrend} /> : null}
        </div>
        <TagDetail def={def} row={def ? rows.get(def.key) : undefined} mark={def ? marks[def.key] : undefined} noteRef={noteRef} solverRef={solverRef} onWrite={startWrite} />
      </div>
      {writing && byKey.get(writing) ? <TagWriteDialog key={writing} {...writeTarget(byKey.get(writing)!, rows.get(writing))} onClose={endWrite} /> : null}
    </div>
  );
}
