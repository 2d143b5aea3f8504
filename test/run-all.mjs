#!/usr/bin/env node
// `npm test`: check the peers, build, type-check, lint, unit + integration (vitest), end-to-end (Playwright), then one
// summary line. Exits non-zero when any step fails. With CI=true nothing may skip, except the Electron smoke test on
// a machine without an Electron binary (it prints its reason; see test/report-summary.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { summarize } from './report-summary.mjs';

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
// A missing peer fails the tests that need it, and this names the package to install; the other tests still run.
if (!step('peers', process.execPath, [path.resolve('test/peers-check.mjs')])) failures.push('peers');
if (!step('build', 'npm', ['run', 'build', '--silent'])) {
  failures.push('build');
} else {
  if (!step('typecheck', 'npm', ['run', 'typecheck', '--silent'])) failures.push('typecheck');
  if (!step('lint', 'npm', ['run', 'lint', '--silent'])) failures.push('lint');
  if (!step('unit + integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/vitest.json`])) failures.push('vitest');
  if (!step('end-to-end (playwright)', 'npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/playwright.json` })) failures.push('playwright');
}

const vitest = readJson(`${results}/vitest.json`);
const playwright = existsSync(`${results}/playwright.json`) ? readJson(`${results}/playwright.json`) : null;
if (!failures.includes('build')) {
  if (!vitest) failures.push('vitest wrote no report');
  if (!playwright) failures.push('playwright wrote no report');
}
const summary = summarize({ vitest, playwright, ci });
for (const s of summary.allowedSkips) process.stdout.write(`\nallowed skip: ${s}\n`);
// Each problem fails the run: a skip under CI, a test file that failed outside its tests, a Playwright error outside a test.
for (const p of summary.problems) process.stdout.write(`\n${p}\n`);
if (summary.problems.length) failures.push('reports');
if (failures.length) process.stdout.write(`\nfailed steps: ${failures.join(', ')}\n`);
process.stdout.write(`\n${summary.line}\n`);
process.exit(failures.length || summary.failed ? 1 : 0);
