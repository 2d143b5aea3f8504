import { memo, type MouseEvent } from 'react';
import type { CheckoutMark } from '../../../../shared/project/schema';
import type { Quality } from '../../../../shared/quality';
import { Sparkline } from '../../components/Sparkline';
import { formatAge } from '../../lib/format';
import { hexWords } from '../../lib/hex';
import { historyValues } from '../../lib/history';
import { registerText } from '../../lib/tagOrder';
import { qualityClass, qualityText, valueView } from '../../lib/tagValue';
import { CHECKOUT_LABEL } from '../../store/checkout';
import type { TagDef } from '../../store/tagMaps';
import type { LiveTag } from '../../store/tagValues';

export const TAG_ROW_HEIGHT = 24;

const CHECK_MARK: Record<CheckoutMark['status'], string> = { verified: '✓', failed: '✗', note: '✎', none: '' };

/** Shown quality: nobody can vouch for a "Good" the page no longer hears about, or one that stopped coming. */
export function shownQuality(row: LiveTag | undefined, stale: boolean, linkUp: boolean): Quality | undefined {
  if (!row) return undefined;
  const q = row.reading.quality;
  if (q.status !== 'good') return q;
  if (!linkUp) return { status: 'uncertain', reason: 'no connection to the engine' };
  if (stale) return { status: 'uncertain', reason: 'stale' };
  return q;
}

/**
 * Old enough to doubt: three scan periods plus the second the batching may add. Not for an OPC UA tag: the server
 * reports by exception, so a setpoint that does not change is not heard of again, and the session's keep-alive (not
 * the age of the last change) says whether the link is there.
 */
export function isStale(row: LiveTag | undefined, scanClassMs: number, now: number, byException = false): boolean {
  return !!row && !byException && now - row.reading.receivedAt > 3 * scanClassMs + 1000;
}

/** Long names keep their last part in view ("inverter_three_p….PhVphA"): that is the part that tells rows apart. */
function NameText({ name }: { name: string }) {
  const cut = name.lastIndexOf('.') + 1;
  if (cut <= 0 || cut >= name.length) return <span className="name-leaf">{name}</span>;
  return (
    <>
      <span className="name-prefix">{name.slice(0, cut)}</span>
      <span className="name-leaf">{name.slice(cut)}</span>
    </>
  );
}

export const TagRow = memo(function TagRow(props: {
  def: TagDef;
  row: LiveTag | undefined;
  mark: CheckoutMark | undefined;
  index: number;
  top: number;
  selected: boolean;
  inTrend: boolean;
  now: number;
  linkUp: boolean;
  onSelect: (key: string, index: number) => void;
  onToggleTrend: (key: string) => void;
  /** Set for a tag that can be written: the row under the pointer (and the selected one) offers Write…. */
  onWrite?: ((key: string) => void) | undefined;
}) {
  const { def, row, mark, now } = props;
  const byException = def.tag.source.kind === 'opcua';
  const stale = isStale(row, def.tag.scanClassMs, now, byException);
  const q = shownQuality(row, stale, props.linkUp);
  const v = valueView(row?.reading);
  const status = mark?.status ?? 'none';
  const held = q !== undefined && q.status !== 'good';
  return (
    <div
      className={`tag-row tag-grid ${props.selected ? 'selected' : ''} ${held ? 'held' : ''} ${props.index % 2 ? 'odd' : ''}`}
      style={{ top: props.top, height: TAG_ROW_HEIGHT }}
      role="listitem"
      aria-selected={props.selected}
      data-testid="tag-row"
      data-key={def.key}
      data-name={def.tag.name}
      onMouseDown={(e: MouseEvent) => {
        if ((e.target as HTMLElement).closest('input, button')) return;
        props.onSelect(def.key, props.index);
      }}
    >
      <span className="c-trend">
        <input
          type="checkbox"
          checked={props.inTrend}
          onChange={() => props.onToggleTrend(def.key)}
          aria-label={`Show ${def.tag.name} in the trend chart`}
          title="Show in the trend chart (T)"
          data-testid="tag-trend"
        />
      </span>
      <span className="c-name" title={def.tag.path ? `${def.tag.name}\n${def.tag.path}` : def.tag.name}>
        <NameText name={def.tag.name} />
        {props.onWrite ? (
          <button
            type="button"
            className="tag-write"
            data-testid="tag-write"
            title={`Write ${def.tag.name}: review what is sent, then confirm (W)`}
            onClick={() => props.onWrite?.(def.key)}
          >
            Write…
          </button>
        ) : null}
      </span>
      <span className="c-register mono dim" title={registerText(def)}>
        {registerText(def)}
      </span>
      <span className={`c-value mono num v-${v.kind}`} title={v.title ?? `${v.text}${v.sub ? ` ${v.sub}` : ''}${def.tag.units ? ` ${def.tag.units}` : ''}`} data-testid="tag-value">
        {v.text}
        {v.sub ? <span className="dim"> {v.sub}</span> : null}
      </span>
      <span className="c-units" data-testid="tag-units">
        {def.tag.units}
      </span>
      <span className="c-raw mono dim">{row?.reading.raw?.length ? hexWords(row.reading.raw.slice(0, 4)) + (row.reading.raw.length > 4 ? ' …' : '') : '—'}</span>
      <span className={`c-quality quality ${qualityClass(q)}`} title={qualityText(q)} data-testid="tag-quality">
        <span className="qmark" aria-hidden="true" />
        {qualityText(q)}
      </span>
      <span className={`c-age mono num age ${stale ? 'stale' : ''}`} title={stale ? 'Older than 3 scan periods' : byException ? 'Time since the server last reported a change (OPC UA reports by exception)' : 'Time since the last reading'}>
        {row ? formatAge(now - row.reading.receivedAt) : '—'}
      </span>
      <span className="c-spark trend">
        <Sparkline values={row ? historyValues(row.spark) : undefined} />
      </span>
      <span className={`c-check check-${status}`} data-testid="tag-check" data-status={status} title={mark?.note || CHECKOUT_LABEL[status]}>
        {status === 'none' ? '' : `${CHECK_MARK[status]} ${CHECKOUT_LABEL[status]}`}
      </span>
    </div>
  );
});
