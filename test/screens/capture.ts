/**
 * Screenshots of the screens this change touched, at the two sizes an integrator's laptop has (1440x900 and
 * 1280x720), for a person to look at: `npx tsx test/screens/capture.ts OUTDIR`. Not a test: it asserts nothing.
 * It runs the built web mode with its demo plant on 127.0.0.1 and opens a real version 2 project (migrated on open).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');
const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-results', 'screens'));

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const home = mkdtempSync(path.join(os.tmpdir(), 'fieldbench-shots-'));
  mkdirSync(path.join(home, 'projects'), { recursive: true });
  copyFileSync(path.join(ROOT, 'test/fixtures/projects/pump-house-v2.fieldbench.json'), path.join(home, 'projects', 'pump-house-v2.fieldbench.json'));
  const web = spawn(process.execPath, [path.join(ROOT, 'out/cli/index.js'), 'web', '--home', home, '--sim-port', '5020'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    web.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    web.once('exit', () => reject(new Error(`web mode exited:\n${text}`)));
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    for (const [w, h] of [
      [1440, 900],
      [1280, 720],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      const shot = (name: string) => page.screenshot({ path: path.join(out, `${name}-${w}x${h}.png`) });
      await page.goto(url);
      await page.getByTestId('bridge-status').and(page.locator('[data-state="open"]')).waitFor();
      await openProject(page);
      await page.getByTestId('nav-devices').click();
      await page.waitForTimeout(1500);
      await shot('devices-v2-project');
      await page.getByTestId('nav-live').click();
      await page.getByTestId('live-tab-tags').click();
      await page.locator('[data-testid="tag-row"]').first().click();
      await page.waitForTimeout(1500);
      await shot('tags-detail');
      await page.getByTestId('live-tab-registers').click();
      await page.waitForTimeout(800);
      await page.keyboard.press('w');
      await page.waitForTimeout(500);
      await shot('write-form');
      await page.close();
    }
  } finally {
    await browser.close();
    web.kill('SIGTERM');
  }
}

async function openProject(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByTestId('open-dialog').getByText('pump-house-v2', { exact: false }).first().click();
  const open = page.getByTestId('open-dialog').getByRole('button', { name: /^Open$/ });
  if (await open.isVisible()) await open.click();
  await page.waitForTimeout(1000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
