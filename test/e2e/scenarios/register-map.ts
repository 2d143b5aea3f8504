import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { goTo } from './fieldbench';
import { ROOT } from './processes';

/**
 * Steps for the register-map importer, the live tags table, the known-value solver and the checkout, by
 * data-testid, plus a one-shot CLI runner for preparing the simulator.
 */

export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'ui');

/** Run `fieldbench ARGS` from source to completion; resolves with its exit code and output (stopped after 30 s). */
export function runCli(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'index.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Choose the device on the Register map screen and import a file through the file input. */
export async function importMapFile(page: Page, deviceName: string, file: string): Promise<void> {
  await goTo(page, 'map');
  const select = page.getByTestId('map-device');
  const value = await select.locator('option', { hasText: deviceName }).first().getAttribute('value');
  await select.selectOption(value!);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-result')).toBeVisible();
}

export async function addImportedMap(page: Page): Promise<void> {
  await page.getByTestId('import-add').click();
  await expect(page.getByTestId('import-added')).toBeVisible();
}

/** The Live screen's Tags tab. */
export async function openLiveTags(page: Page): Promise<void> {
  await page.getByTestId('nav-live').click();
  await page.getByTestId('live-tab-tags').click();
  await expect(page.getByTestId('screen-tags')).toBeVisible();
}

export function tagRow(page: Page, name: string): Locator {
  return page.locator(`[data-testid="tag-row"][data-name="${name.replace(/"/g, '\\"')}"]`);
}

/** Wait until a tag shows this value text (and, when given, these units) with Good quality. */
export async function expectTagValue(page: Page, name: string, value: string | RegExp, units?: string, timeout = 15_000): Promise<void> {
  const row = tagRow(page, name);
  await expect(row.getByTestId('tag-value')).toHaveText(value, { timeout });
  if (units !== undefined) await expect(row.getByTestId('tag-units')).toHaveText(units);
  await expect(row.getByTestId('tag-quality')).toHaveText('Good', { timeout });
}

/** Put the cursor on a tag by filtering for it and clicking its row. */
export async function selectTag(page: Page, name: string): Promise<void> {
  await page.getByTestId('tags-filter').fill(name);
  await tagRow(page, name).click();
  await expect(page.getByTestId('tag-detail')).toHaveAttribute('data-key', new RegExp(`/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
}

/** Type what the device's display shows into the solver and run it; returns the candidate list. */
export async function solveFor(page: Page, display: string): Promise<Locator> {
  await page.getByTestId('solver-display').fill(display);
  await page.getByTestId('solver-display').press('Enter');
  const list = page.getByTestId('solver-candidates');
  await expect(list.getByTestId('solver-candidate').first()).toBeVisible();
  return list;
}
