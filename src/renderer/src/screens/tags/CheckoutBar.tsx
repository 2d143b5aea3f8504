import { useEffect, useState, type Ref } from 'react';
import type { CheckoutMark } from '../../../../shared/project/schema';
import { formatClock } from '../../lib/format';
import { jsonText } from '../../lib/tagValue';
import { CHECKOUT_LABEL, useCheckout, type CheckoutStatus } from '../../store/checkout';
import type { TagDef } from '../../store/tagMaps';

/** Verified / failed / note for the selected tag; the engine records the as-found value and quality with the mark. */
export function CheckoutBar(props: { def: TagDef; mark: CheckoutMark | undefined; noteRef: Ref<HTMLInputElement> }) {
  const { def, mark } = props;
  const busy = useCheckout((s) => s.busyKey === def.key);
  const markTag = useCheckout((s) => s.mark);
  const [note, setNote] = useState(mark?.note ?? '');
  useEffect(() => setNote(mark?.note ?? ''), [def.key, mark?.note]);
  const set = (status: CheckoutStatus) => void markTag(def.key, status, status === 'none' ? '' : note.trim());
  const status = mark?.status ?? 'none';
  return (
    <div className="checkout-bar" data-testid="checkout-bar">
      <div className="checkout-buttons">
        <button type="button" className={`ck ck-verified ${status === 'verified' ? 'on' : ''}`} disabled={busy} onClick={() => set('verified')} data-testid="checkout-verified" title="The value matches the process (V)">
          ✓ Verified
        </button>
        <button type="button" className={`ck ck-failed ${status === 'failed' ? 'on' : ''}`} disabled={busy} onClick={() => set('failed')} data-testid="checkout-failed" title="The value does not match (F)">
          ✗ Failed
        </button>
        {status !== 'none' ? (
          <button type="button" className="quiet" disabled={busy} onClick={() => set('none')} data-testid="checkout-clear">
            Clear
          </button>
        ) : null}
      </div>
      <form
        className="checkout-note"
        onSubmit={(e) => {
          e.preventDefault();
          set(status === 'none' || status === 'note' ? 'note' : status);
        }}
      >
        <input
          ref={props.noteRef}
          value={note}
          maxLength={500}
          placeholder="Note (N) · Enter saves it"
          onChange={(e) => setNote(e.target.value)}
          data-testid="checkout-note"
          aria-label="Checkout note"
        />
        <button type="submit" disabled={busy || note.trim() === (mark?.note ?? '')} data-testid="checkout-note-save">
          Save note
        </button>
      </form>
      <p className="muted small" data-testid="checkout-status">
        {mark && mark.status !== 'none'
          ? `${CHECKOUT_LABEL[mark.status]} at ${formatClock(mark.at)}, as found: ${mark.value === null ? '—' : jsonText(mark.value)} ${def.tag.units} (${mark.quality.status})`
          : 'Not checked yet.'}
      </p>
    </div>
  );
}
