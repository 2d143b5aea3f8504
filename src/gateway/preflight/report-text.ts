import type { PreflightReport } from '../../shared/contract/gateway';

/** The report's file names in the bundle (the writer copies them in beside gateway.json). */
export const PREFLIGHT_MARKDOWN = 'PREFLIGHT.md';
export const PREFLIGHT_JSON = 'preflight.json';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The pre-flight as Markdown: a verdict line, then one table row per finding, errors first. */
export function preflightMarkdown(r: PreflightReport): string {
  const verdict = r.counts.error ? `REFUSED: ${r.counts.error} error${r.counts.error === 1 ? '' : 's'} to fix before export` : 'PASSED: no errors';
  const lines = [
    `# Pre-flight: ${r.project}`,
    '',
    `${verdict}; ${r.counts.warning} warning${r.counts.warning === 1 ? '' : 's'}, ${r.counts.ok} ok. Target ${r.target ?? '(none chosen)'}, ${r.generatedAt}.`,
    '',
    '| Severity | Check | What | Where | How to fix |',
    '|---|---|---|---|---|',
    ...r.findings.map((f) => `| ${f.severity.toUpperCase()} | ${f.check} | ${cell(f.what)} | ${cell(f.where)} | ${cell(f.fix)} |`),
    '',
  ];
  return lines.join('\n');
}

/** The pre-flight for a terminal: one line per finding. */
export function preflightText(r: PreflightReport): string[] {
  return [
    ...r.findings.map((f) => `${f.severity.toUpperCase().padEnd(7)} ${f.check.padEnd(12)} ${f.where}: ${f.what}${f.fix ? ` — ${f.fix}` : ''}`),
    `pre-flight of "${r.project}": ${r.counts.error} error(s), ${r.counts.warning} warning(s), ${r.counts.ok} ok${r.counts.error ? ' — export refused' : ''}`,
  ];
}
