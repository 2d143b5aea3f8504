import { useState } from 'react';
import type { ImportProblem, ImportResult } from '../../../../shared/import';
import { downloadText } from '../../lib/download';
import { problemsCsv } from './problemsCsv';
import { rowVerdicts, summarizeVerdicts, type Verdict } from '../../../../shared/import/verdicts';
import type { ImportDraft } from '../../store/importer';
import { RejectedRows } from './RejectedRows';

const SHOWN = 300;
type Only = 'all' | 'error' | 'warning';
const ROW_RESULT: Record<Verdict | 'file', string> = { imported: 'imported', warning: 'imported, with a warning', refused: 'refused', file: '—' };

/** The off-by-one suspicion, shown above everything else: a shifted map reads every value from the wrong register. */
export function OffByOneBanner({ problems }: { problems: readonly ImportProblem[] }) {
  return (
    <>
      {problems
        .filter((p) => p.code === 'off-by-one')
        .map((p, i) => (
          <div key={i} className="off-by-one" role="alert" data-testid="import-off-by-one">
            <span className="strong">⚠ Addresses may be off by one register.</span> {p.message}
            {p.suggestion ? <div className="strong">Suggested: {p.suggestion}. Change “Plain addresses” or “5-digit” below and the file is read again.</div> : null}
          </div>
        ))}
    </>
  );
}

/** What came of the file: counts, the off-by-one warning up front, every problem by row and cell, and the refused rows. */
export function ImportProblems({ draft, result }: { draft: ImportDraft; result: ImportResult }) {
  const [only, setOnly] = useState<Only>('all');
  const problems = [...result.problems, ...draft.refused];
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const list = only === 'all' ? problems : problems.filter((p) => p.severity === only);
  // One verdict per row, as the preview shows it; the summary counts rows by verdict.
  const verdicts = rowVerdicts(result, draft.refused);
  // The counts come from the whole file (the result here holds only the preview's tags).
  const v = draft.verdicts ?? summarizeVerdicts(result, verdicts);
  const flagged = new Map(draft.flaggedRows.map((r) => [r.row, r.verdict]));
  const rowResult = (row: number | undefined): Verdict | undefined => (row === undefined ? undefined : (flagged.get(row) ?? verdicts.get(row)?.verdict));
  return (
    <div className="import-result" data-testid="import-result">
      <h3>3 · Result</h3>
      <p className="result-summary" data-testid="import-summary" data-tags={draft.tags.length} data-rows={v.rows} data-rejected={result.summary.rejected} data-refused={v.refused} data-warned={v.warning} data-errors={errors} data-warnings={warnings}>
        {v.fileRefusal ? (
          <span className="sev-error strong" data-testid="import-file-refused">
            No tags: {v.fileRefusal}
          </span>
        ) : (
          <>
            <span className="strong big">{draft.tags.length.toLocaleString('en')} tags</span> from {v.rows.toLocaleString('en')} rows
            {v.warning ? <span className="sev-warning"> · {v.warning.toLocaleString('en')} with warnings</span> : null}
            {v.refused ? <span className="sev-error"> · {v.refused.toLocaleString('en')} refused</span> : null}
            {' · '}
            <span className={errors ? 'sev-error' : 'muted'}>
              {errors} error{errors === 1 ? '' : 's'}
            </span>
            {' · '}
            <span className={warnings ? 'sev-warning' : 'muted'}>
              {warnings} warning{warnings === 1 ? '' : 's'}
            </span>
          </>
        )}
      </p>
      {problems.length > 0 ? (
        <>
          <div className="problems-bar">
            <label className="inline-field">
              Show
              <select value={only} onChange={(e) => setOnly(e.target.value as Only)} data-testid="problems-filter">
                <option value="all">all {problems.length} problems</option>
                <option value="error">{errors} errors</option>
                <option value="warning">{warnings} warnings</option>
              </select>
            </label>
            <button type="button" className="quiet" onClick={() => downloadText(`${draft.fileName}.problems.csv`, problemsCsv(problems))}>
              Download the problem list (CSV)
            </button>
          </div>
          <div className="problems-scroll">
            <table className="grid compact problems" data-testid="import-problems">
              <thead>
                <tr>
                  <th>Severity</th>
                  <th>File</th>
                  <th className="num">Row</th>
                  <th>Cell / column</th>
                  <th>Problem</th>
                  <th>Suggestion</th>
                  <th>Row result</th>
                </tr>
              </thead>
              <tbody>
                {list.slice(0, SHOWN).map((p, i) => (
                  <tr key={i} className={`sev-row-${p.severity}`} data-testid="import-problem" data-code={p.code} data-row={p.row ?? ''} data-verdict={rowResult(p.row) ?? ''}>
                    <td className={`sev-${p.severity} strong`}>{p.severity === 'error' ? '✗ Error' : '⚠ Warning'}</td>
                    <td className="dim">{p.file}</td>
                    <td className="num mono">{p.row ?? '—'}</td>
                    <td className="mono">{p.cell ? `${p.cell}${p.column ? ` (${p.column})` : ''}` : (p.column ?? '—')}</td>
                    <td>{p.message}</td>
                    <td className="suggestion">{p.suggestion ?? ''}</td>
                    <td className="dim" data-testid="problem-row-result">{ROW_RESULT[rowResult(p.row) ?? 'file']}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.length > SHOWN ? <p className="muted small">Showing the first {SHOWN} of {list.length}; download the list for all of them.</p> : null}
        </>
      ) : (
        <p className="ok-line" data-testid="import-no-problems">
          ✓ No problems: every row became a tag.
        </p>
      )}
      <RejectedRows rejected={result.rejected} />
    </div>
  );
}
