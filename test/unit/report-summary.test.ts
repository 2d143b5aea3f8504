import { describe, expect, it } from 'vitest';
import { summarize } from '../report-summary.mjs';

/** Playwright JSON reports shaped as `--reporter=json` writes them (file names relative to testDir). */
function pwTest(status: 'expected' | 'unexpected' | 'flaky' | 'skipped', skipReason?: string) {
  const annotations = skipReason === undefined ? [] : [{ type: 'skip', description: skipReason }];
  return { annotations, expectedStatus: status === 'skipped' ? 'skipped' : 'passed', projectName: 'chromium', results: [{ status: status === 'expected' ? 'passed' : status === 'skipped' ? 'skipped' : 'failed', annotations }], status };
}
function pwFile(file: string, specs: { title: string; test: ReturnType<typeof pwTest> }[], suites: unknown[] = []) {
  return { title: file, file, specs: specs.map((s) => ({ title: s.title, file, tests: [s.test] })), suites };
}
const ELECTRON_TITLE = 'the desktop app opens a locked-down window on live demo values';
const NO_BINARY = 'no Electron binary on this machine: node_modules/electron/path.txt is missing (the Electron download was skipped)';

function vitestReport(files: { name: string; status: 'passed' | 'failed'; message?: string; tests: { fullName: string; status: string }[] }[]) {
  const all = files.flatMap((f) => f.tests);
  const n = (s: string) => all.filter((t) => t.status === s).length;
  return {
    numPassedTests: n('passed'),
    numFailedTests: n('failed'),
    numPendingTests: n('skipped') + n('pending'),
    numTodoTests: n('todo'),
    testResults: files.map((f) => ({ name: `/repo/${f.name}`, status: f.status, message: f.message ?? '', assertionResults: f.tests })),
  };
}

describe('npm test summary', () => {
  it('lets the Electron smoke test skip under CI when it says there is no Electron binary, and nothing else', () => {
    const playwright = {
      suites: [pwFile('electron.spec.ts', [{ title: ELECTRON_TITLE, test: pwTest('skipped', NO_BINARY) }]), pwFile('web.spec.ts', [{ title: 'web mode', test: pwTest('expected') }])],
      errors: [],
    };
    const s = summarize({ vitest: null, playwright, ci: true });
    expect(s.problems).toEqual([]);
    expect(s.allowedSkips).toEqual([`electron.spec.ts › ${ELECTRON_TITLE} (${NO_BINARY})`]);
    expect(s.line).toBe('1 passed, 0 failed, 1 skipped');
  });

  it('fails CI on any other Playwright skip, however many tests there are, naming it', () => {
    const playwright = {
      suites: [
        pwFile('electron.spec.ts', [{ title: ELECTRON_TITLE, test: pwTest('expected') }]),
        // A skip nested in a describe, in another file: the count is the same as an allowed Electron skip would give.
        pwFile('register-map.spec.ts', [], [{ title: 'import', file: 'register-map.spec.ts', specs: [{ title: 'huge map', file: 'register-map.spec.ts', tests: [pwTest('skipped', 'no data set')] }] }]),
      ],
    };
    const s = summarize({ vitest: null, playwright, ci: true });
    expect(s.problems).toEqual(['playwright: skipped under CI: register-map.spec.ts › import › huge map (no data set)']);
    expect(s.allowedSkips).toEqual([]);
    expect(s.skipped).toBe(1);
  });

  it('fails CI when the Electron spec skips for another reason, or another spec gives the Electron reason', () => {
    const playwright = {
      suites: [
        pwFile('electron.spec.ts', [{ title: ELECTRON_TITLE, test: pwTest('skipped', 'flaky on this box') }]),
        pwFile('web.spec.ts', [{ title: 'web mode', test: pwTest('skipped', NO_BINARY) }]),
        pwFile('modbus-tools.spec.ts', [{ title: 'scan', test: pwTest('skipped') }]),
      ],
    };
    const s = summarize({ vitest: null, playwright, ci: true });
    expect(s.problems).toEqual([
      `playwright: skipped under CI: electron.spec.ts › ${ELECTRON_TITLE} (flaky on this box)`,
      `playwright: skipped under CI: web.spec.ts › web mode (${NO_BINARY})`,
      'playwright: skipped under CI: modbus-tools.spec.ts › scan',
    ]);
  });

  it('outside CI a skip is counted, not a failure', () => {
    const playwright = { suites: [pwFile('web.spec.ts', [{ title: 'web mode', test: pwTest('skipped') }])] };
    const vitest = vitestReport([{ name: 'test/unit/a.test.ts', status: 'passed', tests: [{ fullName: 'a', status: 'passed' }, { fullName: 'b', status: 'skipped' }] }]);
    const s = summarize({ vitest, playwright, ci: false, root: '/repo' });
    expect(s.problems).toEqual([]);
    expect(s.line).toBe('1 passed, 0 failed, 2 skipped');
  });

  it('counts failed, flaky and passed Playwright tests, and reports errors outside any test', () => {
    const playwright = {
      suites: [pwFile('web.spec.ts', [{ title: 'a', test: pwTest('expected') }, { title: 'b', test: pwTest('flaky') }, { title: 'c', test: pwTest('unexpected') }])],
      errors: [{ message: 'Error: web.spec.ts: cannot find module\n    at x' }],
    };
    const s = summarize({ vitest: null, playwright, ci: true });
    expect([s.passed, s.failed, s.skipped]).toEqual([2, 1, 0]);
    expect(s.problems).toEqual(['playwright: Error: web.spec.ts: cannot find module']);
  });

  it('names vitest skips under CI, and the test files that failed outside their tests, which vitest counts as no failed test', () => {
    const vitest = vitestReport([
      { name: 'test/unit/ok.test.ts', status: 'passed', tests: [{ fullName: 'works', status: 'passed' }] },
      { name: 'test/integration/cli-read.test.ts', status: 'failed', tests: [{ fullName: 'fieldbench read › pymodbus', status: 'skipped' }, { fullName: 'fieldbench read › flags', status: 'passed' }] },
      { name: 'test/integration/rtu-peers.test.ts', status: 'failed', message: "Cannot find module 'x'\n stack", tests: [] },
      { name: 'test/unit/broken.test.ts', status: 'failed', tests: [{ fullName: 'really fails', status: 'failed' }] },
    ]);
    const s = summarize({ vitest, playwright: null, ci: true, root: '/repo' });
    expect(s.line).toBe('2 passed, 1 failed, 1 skipped, 2 test files failed outside their tests');
    expect(s.problems).toEqual([
      'vitest: test/integration/cli-read.test.ts failed outside its tests (a hook threw; see the log above)',
      "vitest: test/integration/rtu-peers.test.ts failed outside its tests: Cannot find module 'x'",
      'vitest: 1 skipped under CI:\n  test/integration/cli-read.test.ts › fieldbench read › pymodbus',
    ]);
  });
});
