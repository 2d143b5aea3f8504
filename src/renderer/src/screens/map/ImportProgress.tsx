import type { ImportDraft } from '../../store/importer';

const PHASE: Record<string, string> = { reading: 'Reading the file', rows: 'Reading rows', tags: 'Checking tags' };

/** What the importer is doing while it works on a file or on the operator's latest change (shown for big files). */
export function ImportProgress({ draft }: { draft: ImportDraft }) {
  const p = draft.progress;
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
