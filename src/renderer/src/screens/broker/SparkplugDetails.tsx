import type { ResolvedMetric, TrackedSparkplug } from './sparkplugTracker';
import { formatClockMs, formatDate } from '../../lib/format';


function stamp(ms: number | null): string {
  return ms === null ? '—' : `${formatDate(ms)} ${formatClockMs(ms)}`;
}

/** A value as an operator reads it: a Float as the 7 digits it holds, not the double it was widened to. */
function valueText(m: ResolvedMetric): string {
  if (m.value === null) return 'null';
  if (typeof m.value === 'number' && m.datatype === 'Float') return String(Number(m.value.toPrecision(7)));
  return String(m.value);
}

/** A decoded Sparkplug B payload: type, seq, bdSeq, its issues, and its metrics with aliases resolved from the births. */
export function SparkplugDetails({ tracked }: { tracked: TrackedSparkplug }) {
  const v = tracked.view;
  if (v.error) {
    return (
      <p className="tag-bad" data-testid="broker-sp-error">
        {v.error}
      </p>
    );
  }
  return (
    <div className="sp-details" data-testid="broker-sparkplug" data-type={v.type}>
      <dl>
        <dt>Sparkplug</dt>
        <dd>
          <span className="strong" data-testid="broker-sp-type">
            {v.type}
          </span>{' '}
          · group {v.group} · edge node {v.node}
          {v.device !== null ? ` · device ${v.device}` : ''}
        </dd>
        <dt>seq</dt>
        <dd data-testid="broker-sp-seq">{v.seq ?? '—'}</dd>
        {v.bdSeq !== null ? (
          <>
            <dt>bdSeq</dt>
            <dd>
              <span data-testid="broker-sp-bdseq">{v.bdSeq}</span>
              {v.type === 'NDEATH' && tracked.birthBdSeq !== null ? (
                <span className={tracked.birthBdSeq === v.bdSeq ? 'sp-ok' : 'sp-bad'} data-testid="broker-sp-bdseq-match">
                  {tracked.birthBdSeq === v.bdSeq ? ' — matches its NBIRTH' : ` — its NBIRTH had ${tracked.birthBdSeq}`}
                </span>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>Timestamp</dt>
        <dd>{stamp(v.timestamp)}</dd>
      </dl>
      {tracked.issues.map((i, k) => (
        <p key={k} className="sp-issue" data-testid="broker-sp-issue" data-kind={i.kind}>
          {i.text}
        </p>
      ))}
      {tracked.metrics.length === 0 ? (
        <p className="muted small" data-testid="broker-no-metrics">
          No metric in this payload.
        </p>
      ) : (
        <table className="grid sp-metrics" data-testid="broker-metrics">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Type</th>
              <th className="num">Value</th>
              <th>Units</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {tracked.metrics.map((m, k) => (
              <tr key={k} data-testid="broker-metric" data-name={m.resolvedName ?? ''}>
                <td className="mono sp-name" title={m.name === null && m.resolvedName !== null ? 'sent by alias; the name is from the birth' : undefined}>
                  {m.resolvedName ?? <span className="muted">no birth seen</span>}
                  {m.alias !== null ? <span className="sp-alias"> #{m.alias}</span> : null}
                </td>
                <td>{m.datatype ?? '—'}</td>
                <td className={`num mono ${m.value === null ? 'muted' : ''}`} data-testid="broker-metric-value">
                  {valueText(m)}
                </td>
                <td>{m.units ?? ''}</td>
                <td className="small mono">{m.timestamp === null ? '—' : formatClockMs(m.timestamp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {v.moreMetrics ? <p className="muted small">and {v.moreMetrics} more metrics not shown</p> : null}
    </div>
  );
}
