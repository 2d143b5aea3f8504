import { useEffect, useState } from 'react';
import type { ImportDraft } from '../../store/importer';

/** Work shorter than this shows no progress line: a flash on every mapping change would only shift the page. */
const SHOW_AFTER_MS = 250;

const PHASE: Record<string, string> = { reading: 'Reading the file', rows: 'Reading rows', tags: 'Checking tags' };

/** What the importer is doing while it works on a file or on the operator's latest change (shown for big files). */
export function ImportProgress({ draft }: { draft: ImportDraft }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setShown(true), SHOW_AFTER_MS);
    return () => clearTimeout(t);
  }, []);
  const p = draft.progress;
  if (!shown && p?.phase !== 'rows' && p?.phase !== 'tags') return null;
  const total = p?.total;
  const pct = p && total ? Math.min(100, Math.round((p.done / total) * 100)) : null;
  const what = p ? PHASE[p.phase] : 'Reading';
  const count = p && p.phase !== 'reading' ? ` · ${p.done.toLocaleString('en')}${total ? ` of ${total.toLocaleString('en')}` : ''}` : '';
  return (
    <div className="import-progress" role="status" aria-live="polite" data-testid="import-progress" data-phase={p?.phase ?? 'reading'}>
      <span>
        {what}
        {count}…
      </span>
      <progress max={100} value={pct ?? undefined} aria-label={what} />
    </div>
  );
}
