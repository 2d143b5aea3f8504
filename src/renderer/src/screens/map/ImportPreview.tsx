import { registerLabel, type ImportedTag, type ImportResult } from '../../../../shared/import';
import { fileRefusal, rowVerdicts, type RowVerdict } from '../../../../shared/import/verdicts';
import type { ImportDraft } from '../../store/importer';

const ROWS = 10;

interface Line {
  row: number;
  written: string;
  /** Name and type as the file writes them, shown for rows that became no tag. */
  rawName?: string;
  rawType?: string;
  tag?: ImportedTag;
  verdict: RowVerdict;
}

/** The first rows as the importer reads them: the address as written and the register it means, type, scale, units. */
export function ImportPreview({ draft, result }: { draft: ImportDraft; result: ImportResult }) {
  const byRow = new Map<number, ImportedTag>();
  for (const t of result.tags) if (!byRow.has(t.source.row)) byRow.set(t.source.row, t);
  // The same verdict per row as the problem list and the summary (a row the file never got to: why the file was not read).
  const verdicts = rowVerdicts(result, draft.refused);
  const notRead = fileRefusal(result);
  const verdictOf = (row: number): RowVerdict => verdicts.get(row) ?? { row, verdict: 'refused', reason: notRead ? `not read: ${notRead}` : 'not read' };
  const lines: Line[] = draft.guess
    ? draft.guess.preview.slice(0, ROWS).map((p) => ({
        row: p.row,
        written: p.values.address ?? '',
        rawName: p.values.name,
        rawType: p.values.type,
        tag: byRow.get(p.row),
        verdict: verdictOf(p.row),
      }))
    : result.tags.slice(0, ROWS).map((t) => ({ row: t.source.row, written: registerLabel(t), tag: t, verdict: verdictOf(t.source.row) }));
  return (
    <div className="import-preview" data-testid="import-preview">
      <h3>2 · Preview of the first rows, decoded</h3>
      <table className="grid compact">
        <thead>
          <tr>
            <th className="num">Row</th>
            <th>Address as written</th>
            <th>Register</th>
            <th className="num">Wire</th>
            <th>Name</th>
            <th>Type</th>
            <th className="num">Scale</th>
            <th>Units</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const t = l.tag;
            const status = l.verdict.verdict === 'imported' ? 'ok' : l.verdict.verdict === 'warning' ? 'warn' : 'bad';
            const first = l.verdict.reason;
            return (
              <tr key={l.row} className={`pv-${status}`} data-testid="preview-row" data-row={l.row} data-verdict={l.verdict.verdict}>
                <td className="num mono dim">{l.row}</td>
                <td className="mono">{l.written}</td>
                <td className="mono strong">{t ? registerLabel(t) : '—'}</td>
                <td className="num mono dim">{t ? t.address : ''}</td>
                <td>{t?.name ?? l.rawName ?? ''}</td>
                <td className="mono">{t ? `${t.type}${t.type !== 'string' && !['int16', 'uint16', 'bool', 'bit'].includes(t.type) ? ` ${t.order}` : ''}` : (l.rawType ?? '')}</td>
                <td className="num mono">{t && t.scale !== 1 ? t.scale : ''}</td>
                <td>{t?.units ?? ''}</td>
                <td className={`pv-result pv-${status}`} title={first}>
                  {status === 'ok' ? '✓ tag' : status === 'warn' ? `⚠ ${first ?? ''}` : `✗ ${first ?? 'refused'}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {lines.length === 0 ? <p className="muted">No data rows under the header.</p> : null}
    </div>
  );
}
