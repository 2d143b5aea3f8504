import type { PreflightReport } from '../../../../shared/contract/gateway';
import { formatClock } from '../../lib/format';

const LABEL = { error: 'Error', warning: 'Warning', ok: 'OK' } as const;

/** The pre-flight's findings, errors first: severity by colour and word, the check, what, where, and how to fix. */
export function FindingsTable({ report, stale }: { report: PreflightReport; stale: boolean }) {
  const { counts } = report;
  return (
    <section className="panel deploy-findings" data-testid="deploy-findings" data-errors={counts.error} data-stale={stale}>
      <div className="panel-title-row">
        <h2 className="panel-title">Pre-flight</h2>
        <span className={`deploy-verdict ${counts.error ? 'sev-error' : counts.warning ? 'sev-warning' : 'sev-ok'}`} data-testid="deploy-verdict">
          {counts.error ? `${counts.error} error${counts.error === 1 ? '' : 's'}: export refused` : 'Passed'}
        </span>
        <span className="muted small" data-testid="deploy-counts">
          {counts.warning} warning{counts.warning === 1 ? '' : 's'} · {counts.ok} ok · {formatClock(new Date(report.generatedAt).getTime())}
        </span>
        {stale ? <span className="warn-inline small">Settings changed since: run it again</span> : null}
      </div>
      <table className="grid deploy-table">
        <thead>
          <tr>
            <th className="deploy-sev">Severity</th>
            <th>Check</th>
            <th>What</th>
            <th>Where</th>
            <th>How to fix</th>
          </tr>
        </thead>
        <tbody>
          {report.findings.map((f, i) => (
            <tr key={i} className={`sev-row-${f.severity}`} data-testid="deploy-finding" data-severity={f.severity} data-check={f.check}>
              <td className={`deploy-sev sev-${f.severity}`}>{LABEL[f.severity]}</td>
              <td>{f.check}</td>
              <td>{f.what}</td>
              <td className="mono small">{f.where}</td>
              <td className="small">{f.fix}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
