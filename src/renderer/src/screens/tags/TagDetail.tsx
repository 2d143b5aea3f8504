import type { Ref } from 'react';
import type { CheckoutMark } from '../../../../shared/project/schema';
import { tagWidth } from '../../../../shared/codec/spec';
import { TABLE_INFO } from '../../../../shared/modbus/tables';
import { formatClockMs } from '../../lib/format';
import { hexWords } from '../../lib/hex';
import { registerText } from '../../lib/tagOrder';
import { qualityClass, qualityText, valueView } from '../../lib/tagValue';
import type { TagDef } from '../../store/tagMaps';
import type { LiveTag } from '../../store/tagValues';
import { CheckoutBar } from './CheckoutBar';
import { SolverPanel } from './SolverPanel';
import { TagAccess } from './TagAccess';

/** The selected tag: its value large, how it is decoded, its access (and Write…), the checkout buttons and the known-value solver. */
export function TagDetail(props: { def: TagDef | undefined; row: LiveTag | undefined; mark: CheckoutMark | undefined; noteRef: Ref<HTMLInputElement>; solverRef: Ref<HTMLInputElement>; onWrite: (key: string) => void }) {
  const { def, row } = props;
  if (!def) {
    return (
      <aside className="tag-detail panel" data-testid="tag-detail">
        <p className="muted">Select a tag (click, or ↑ ↓) to check it out or to find its type with the known-value solver.</p>
      </aside>
    );
  }
  const t = def.tag;
  const s = t.source;
  const v = valueView(row?.reading);
  const q = row?.reading.quality;
  return (
    <aside className="tag-detail panel" data-testid="tag-detail" data-key={def.key}>
      <header className="detail-head">
        <h2 title={t.path}>{t.name}</h2>
        <p className="muted small">
          {s.kind === 'modbus' ? TABLE_INFO[s.table].label : s.kind === 'opcua' ? 'OPC UA node' : 'Logix tag'} <span className="mono">{registerText(def)}</span>
          {s.kind === 'modbus' ? ` · ${s.type}${s.order !== 'ABCD' || tagWidth(s) > 1 ? ` ${s.order}` : ''}${s.scale !== 1 ? ` × ${s.scale}` : ''}${s.offset !== 0 ? ` + ${s.offset}` : ''}` : ''}
          {' '}· every {t.scanClassMs} ms · map {def.mapName}
        </p>
        {t.description ? <p className="small">{t.description}</p> : null}
        <TagAccess def={def} onWrite={props.onWrite} />
      </header>
      <div className="detail-value">
        <span className={`big-value mono v-${v.kind}`} title={v.title} data-testid="detail-value">
          {v.text}
        </span>
        {v.sub ? <span className="dim mono"> {v.sub}</span> : null}
        <span className="big-units">{t.units}</span>
        <span className={`qchip ${qualityClass(q)}`}>
          <span className="qmark" aria-hidden="true" />
          {qualityText(q)}
        </span>
      </div>
      {s.kind === 'modbus' ? (
        <p className="muted small mono">raw {row?.reading.raw?.length ? hexWords(row.reading.raw) : '—'}</p>
      ) : (
        <p className="muted small mono" data-testid="detail-source-time">
          source time {row?.reading.sourceTimestamp ? formatClockMs(row.reading.sourceTimestamp) : '—'}
        </p>
      )}
      <section className="detail-section">
        <h3>Checkout</h3>
        <CheckoutBar def={def} mark={props.mark} noteRef={props.noteRef} />
      </section>
      <section className="detail-section">
        <h3>Known-value solver</h3>
        <SolverPanel def={def} row={row} inputRef={props.solverRef} />
      </section>
    </aside>
  );
}
