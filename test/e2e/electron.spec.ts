import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../src/cli/commands/app';
import type { FieldbenchApi } from '../../src/shared/api';

/** What the spec touches of the page's globals (this file compiles without the DOM library). */
type PageGlobals = Record<string, unknown> & { fieldbench: FieldbenchApi; open(url: string): unknown; location: { href: string; protocol: string } };

/**
 * Smoke test of the desktop app as built (package.json main = out/main/index.js), with its own data folder.
 * The one suite allowed to skip in CI: only when this machine has no Electron binary (electron is installed
 * without its download), and then it says so.
 */
const root = path.resolve(__dirname, '..', '..');

function missingElectronReason(): string {
  const dir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(dir, 'package.json'))) return 'the electron package is not installed';
  if (!existsSync(path.join(dir, 'path.txt'))) return 'node_modules/electron/path.txt is missing (the Electron download was skipped)';
  return 'node_modules/electron/dist has no Electron executable';
}

test('the desktop app opens a locked-down window on live demo values', async () => {
  test.setTimeout(90_000);
  const binary = findElectronBinary();
  if (!binary) {
    const reason = `no Electron binary on this machine: ${missingElectronReason()}`;
    console.log(`[e2e] electron.spec.ts skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }
  expect(existsSync(path.join(root, 'out', 'main', 'index.js')), 'run `npm run build` first').toBe(true);

  const home = mkdtempSync(path.join(os.tmpdir(), 'fieldbench-e2e-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RENDERER_URL' && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  env['FIELDBENCH_HOME'] = home;
  const app = await electron.launch({ executablePath: binary, args: [root], env, cwd: root });
  try {
    const page = await app.firstWindow();

    await test.step('window title', async () => {
      await expect(page).toHaveTitle(/Fieldbench/);
      const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');
      expect(title).toContain('Fieldbench');
    });

    await test.step('the page gets the contract and nothing of Node or Electron', async () => {
      const globals = await page.evaluate(() => {
        const w = globalThis as unknown as PageGlobals;
        return { fieldbench: typeof w['fieldbench'], require: typeof w['require'], process: typeof w['process'], module: typeof w['module'] };
      });
      expect(globals).toEqual({ fieldbench: 'object', require: 'undefined', process: 'undefined', module: 'undefined' });
      const info = await page.evaluate(() => (globalThis as unknown as PageGlobals).fieldbench.appInfo({}));
      const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
      expect(info).toMatchObject({ name: 'Fieldbench', host: 'electron', version });
      expect(info.simulator).not.toBeNull();
    });

    await test.step('navigation away and new windows are refused', async () => {
      const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('http://127.0.0.1:9/') === null);
      expect(opened).toBe(true);
      await page.evaluate(() => {
        (globalThis as unknown as PageGlobals).location.href = 'http://127.0.0.1:9/';
      });
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.protocol)).toBe('file:');
    });

    await test.step('a new user sees live values from the demo plant', async () => {
      await expect(page.getByTestId('live-table')).toContainText('1500', { timeout: 30_000 });
    });
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
