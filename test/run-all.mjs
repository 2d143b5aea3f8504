#!/usr/bin/env node
// `npm test`: build, type-check, lint, unit + integration (vitest), end-to-end (Playwright), then one summary line.
// Exits non-zero when any step fails. With CI=true nothing may skip, except the Electron smoke test on a machine
// without an Electron binary (it prints its reason).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

// Not under test-results/: Playwright empties its output folder when it starts.
const results = path.resolve('out/test-reports');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const ci = process.env.CI === 'true' || process.env.CI === '1';

function step(label, cmd, args, env = {}) {
  process.stdout.write(`\n== ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  return r.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const failures = [];
if (!step('build', 'npm', ['run', 'build', '--silent'])) {
  failures.push('build');
} else {
  if (!step('typecheck', 'npm', ['run', 'typecheck', '--silent'])) failures.push('typecheck');
  if (!step('lint', 'npm', ['run', 'lint', '--silent'])) failures.push('lint');
  if (!step('unit + integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/vitest.json`])) failures.push('vitest');
  if (!step('end-to-end (playwright)', 'npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/playwright.json` })) failures.push('playwright');
}

let passed = 0;
let failed = 0;
let skipped = 0;
const v = readJson(`${results}/vitest.json`);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  if (ci && (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0) > 0) failures.push('vitest suites skipped under CI');
}
const p = existsSync(`${results}/playwright.json`) ? readJson(`${results}/playwright.json`) : null;
if (p?.stats) {
  passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected ?? 0;
  skipped += p.stats.skipped ?? 0;
}
if (failures.length) process.stdout.write(`\nfailed steps: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failures.length || failed ? 1 : 0);
