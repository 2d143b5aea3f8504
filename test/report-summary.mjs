// The summary `npm test` prints from the vitest and Playwright JSON reports: counts, and the reasons the run fails
// although no test did (a skip under CI, a test file that failed outside its tests). Pure, so
// test/unit/report-summary.test.ts can feed it reports.
import path from 'node:path';

/**
 * The one Playwright test allowed to skip under CI: the Electron smoke test, on a machine without an Electron binary,
 * when it says that is why. Known by its file and its skip reason in the report, never by a count.
 */
export const ALLOWED_PLAYWRIGHT_SKIP = { file: 'electron.spec.ts', reason: /^no Electron binary on this machine\b/ };

/** Every test of a Playwright JSON report, with the file and titles it sits under. */
export function playwrightTests(report) {
  const out = [];
  const walk = (suite, titles) => {
    const inner = suite.file && suite.title === suite.file ? titles : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const skip = [...(test.annotations ?? []), ...(test.results ?? []).flatMap((r) => r.annotations ?? [])].find((a) => a.type === 'skip' || a.type === 'fixme');
        out.push({ file: spec.file ?? suite.file ?? '', title: [...inner, spec.title].filter(Boolean).join(' › '), status: test.status, skipReason: skip?.description ?? '' });
      }
    }
    for (const child of suite.suites ?? []) walk(child, inner);
  };
  for (const suite of report?.suites ?? []) walk(suite, []);
  return out;
}

export function isAllowedPlaywrightSkip(t) {
  return path.basename(t.file) === ALLOWED_PLAYWRIGHT_SKIP.file && ALLOWED_PLAYWRIGHT_SKIP.reason.test(t.skipReason);
}

/**
 * @param {{ vitest: any, playwright: any, ci: boolean, root?: string }} reports parsed JSON reports (null when absent);
 *   root: the folder file names are shown relative to
 * @returns {{ passed: number, failed: number, skipped: number, filesFailedOutsideTests: number, problems: string[], allowedSkips: string[], line: string }}
 */
export function summarize({ vitest, playwright, ci, root = process.cwd() }) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let filesFailedOutsideTests = 0;
  const problems = [];
  const allowedSkips = [];

  if (vitest) {
    passed += vitest.numPassedTests ?? 0;
    failed += vitest.numFailedTests ?? 0;
    const vSkipped = [];
    for (const file of vitest.testResults ?? []) {
      const rel = path.relative(root, file.name ?? '');
      const tests = file.assertionResults ?? [];
      // A file that failed with no failing test failed outside its tests: it did not load, or a hook threw (a
      // beforeAll whose peer did not start skips its tests). Vitest counts none of that as a failed test.
      if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
        filesFailedOutsideTests++;
        problems.push(`vitest: ${rel} failed outside its tests${file.message ? `: ${firstLine(file.message)}` : ' (a hook threw; see the log above)'}`);
      }
      for (const t of tests) if (t.status === 'skipped' || t.status === 'pending' || t.status === 'todo') vSkipped.push(`${rel} › ${t.fullName}`);
    }
    skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
    if (ci && skipped > 0) problems.push(`vitest: ${skipped} skipped under CI${vSkipped.length ? `:\n  ${vSkipped.join('\n  ')}` : ''}`);
  }

  if (playwright) {
    for (const e of playwright.errors ?? []) problems.push(`playwright: ${firstLine(e.message ?? String(e))}`);
    for (const t of playwrightTests(playwright)) {
      const name = `${t.file} › ${t.title}`;
      if (t.status === 'expected' || t.status === 'flaky') passed++;
      else if (t.status === 'skipped') {
        skipped++;
        if (isAllowedPlaywrightSkip(t)) allowedSkips.push(`${name} (${t.skipReason})`);
        else if (ci) problems.push(`playwright: skipped under CI: ${name}${t.skipReason ? ` (${t.skipReason})` : ''}`);
      } else failed++;
    }
  }

  let line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
  if (filesFailedOutsideTests) line += `, ${filesFailedOutsideTests} test file${filesFailedOutsideTests === 1 ? '' : 's'} failed outside their tests`;
  return { passed, failed, skipped, filesFailedOutsideTests, problems, allowedSkips, line };
}

function firstLine(s) {
  return String(s).split('\n').find((l) => l.trim()) ?? '';
}
