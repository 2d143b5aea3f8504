import type { RejectedRow } from '../../../../shared/import';

const SHOWN = 200;

/** Rows that became no tag, with what they said and why: a bad row never disappears silently. */
export function RejectedRows({ rejected }: { rejected: readonly RejectedRow[] }) {
  if (rejected.length === 0) return null;
  return (
    <div className="rejected" data-testid="import-rejected">
      <h4>
        Rejected rows ({rejected.length}): not imported, fix them in the file and import again
      </h4>
      <table className="grid compact">
        <thead>
          <tr>
            <th className="num">Row</th>
            <th>What the row says</th>
            <th>Why it was refused</th>
          </tr>
        </thead>
        <tbody>
          {rejected.slice(0, SHOWN).map((r) => (
            <tr key={r.row} data-testid="rejected-row" data-row={r.row}>
              <td className="num mono">{r.row}</td>
              <td className="mono cells">
                {Object.entries(r.cells)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')}
              </td>
              <td className="sev-error">{r.problems.map((p) => p.message).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rejected.length > SHOWN ? <p className="muted small">and {rejected.length - SHOWN} more rejected rows (all are in the problem list download).</p> : null}
    </div>
  );
}
