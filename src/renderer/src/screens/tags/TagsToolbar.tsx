import type { CheckoutMark } from '../../../../shared/project/schema';
import { formatClock } from '../../lib/format';
import { isNotImplemented } from '../../lib/tagValue';
import { useCheckout } from '../../store/checkout';
import type { TagDef } from '../../store/tagMaps';
import { useTagTable, type ShowFilter } from '../../store/tagTable';
import { useTagValues, type LiveTag } from '../../store/tagValues';
import { WriteLogButton } from '../live/WriteLog';

const SHOW: { id: ShowFilter; label: string }[] = [
  { id: 'all', label: 'All tags' },
  { id: 'not-good', label: 'Not good quality' },
  { id: 'unchecked', label: 'Not checked yet' },
  { id: 'failed', label: 'Failed checkout' },
];

function counts(defs: readonly TagDef[], rows: ReadonlyMap<string, LiveTag>, marks: Readonly<Record<string, CheckoutMark>>) {
  let good = 0;
  let uncertain = 0;
  let ni = 0;
  let bad = 0;
  let waiting = 0;
  for (const d of defs) {
    const r = rows.get(d.key)?.reading;
    if (r === undefined) waiting++;
    else if (r.quality.status === 'good') good++;
    else if (r.quality.status === 'bad') bad++;
    else if (isNotImplemented(r)) ni++;
    else uncertain++;
  }
  let verified = 0;
  let failed = 0;
  for (const d of defs) {
    const s = marks[d.key]?.status;
    if (s === 'verified') verified++;
    else if (s === 'failed') failed++;
  }
  return { good, uncertain, ni, bad, waiting, verified, failed };
}

const n = (x: number) => x.toLocaleString('en');

/** Filter, what to show, freeze, the checkout report, and the counts that say how the commissioning stands. */
export function TagsToolbar(props: { defs: readonly TagDef[]; rows: ReadonlyMap<string, LiveTag>; marks: Readonly<Record<string, CheckoutMark>>; shown: number }) {
  const { filter, show, setFilter, setShow } = useTagTable();
  const frozen = useTagValues((s) => s.frozen);
  const frozenAt = useTagValues((s) => s.frozenAt);
  const setFrozen = useTagValues((s) => s.setFrozen);
  const exporting = useCheckout((s) => s.exporting);
  const exportReport = useCheckout((s) => s.exportReport);
  const c = counts(props.defs, props.rows, props.marks);
  const total = props.defs.length;
  return (
    <>
      <div className="tags-toolbar">
        <input
          type="search"
          className="w-filter"
          placeholder="Filter: name, register, units, description"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter tags"
          data-testid="tags-filter"
        />
        <select value={show} onChange={(e) => setShow(e.target.value as ShowFilter)} aria-label="Show" data-testid="tags-show">
          {SHOW.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <button type="button" className={frozen ? 'primary' : ''} onClick={() => setFrozen(!frozen)} data-testid="tags-freeze" aria-pressed={frozen} title="Hold the values on screen; the engine keeps polling (P)">
          {frozen ? '▶ Resume' : '❚❚ Freeze'}
        </button>
        <span className="toolbar-sep" />
        <button type="button" onClick={() => void exportReport()} disabled={exporting} data-testid="checkout-export">
          {exporting ? 'Exporting…' : 'Export checkout report'}
        </button>
        <WriteLogButton />
      </div>
      <div className="tags-status" data-testid="tags-status">
        <span data-testid="tags-count" data-shown={props.shown} data-total={total}>
          {props.shown === total ? `${n(total)} tags` : `${n(props.shown)} of ${n(total)} tags`}
        </span>
        <span className="q-good">
          <span className="qmark" aria-hidden="true" />
          {n(c.good)} good
        </span>
        {c.uncertain ? (
          <span className="q-uncertain">
            <span className="qmark" aria-hidden="true" />
            {n(c.uncertain)} uncertain
          </span>
        ) : null}
        {c.ni ? (
          <span className="q-uncertain" title="Points the device marks as not implemented">
            <span className="qmark" aria-hidden="true" />
            {n(c.ni)} not implemented
          </span>
        ) : null}
        {c.bad ? (
          <span className="q-bad">
            <span className="qmark" aria-hidden="true" />
            {n(c.bad)} bad
          </span>
        ) : null}
        {c.waiting ? <span className="muted">{n(c.waiting)} waiting for a first reading</span> : null}
        <span className="sep">·</span>
        <span className="check-verified">✓ {n(c.verified)} verified</span>
        {c.failed ? <span className="check-failed">✗ {n(c.failed)} failed</span> : null}
        <span className="muted">{n(total - c.verified - c.failed)} to check</span>
        <span className="grow" />
        <span className="muted keys">↑↓ move · V verified · F failed · N note · Enter solver · T trend · W write · P freeze</span>
        {frozen ? (
          <span className="paused-chip" data-testid="tags-frozen">
            Frozen at {frozenAt ? formatClock(frozenAt) : ''}: the screen holds still, the engine keeps polling
          </span>
        ) : null}
      </div>
    </>
  );
}
