import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addTcpDevice, openApp } from './scenarios/fieldbench';
import { ROOT, startSimulator, startWeb, tempHome, type Started } from './scenarios/processes';
import { addImportedMap, FIXTURES, importMapFile, openLiveTags, selectTag, tagRow } from './scenarios/register-map';

/**
 * Issue 13, the Tags screen: the known-value solver solves against the value the operator saw (item 7).
 * The demo plant's motor current drifts by hundredths of an ampere from poll to poll.
 */
const SHOTS = path.join(ROOT, 'test-results');
let web: (Started & { url: string }) | null = null;
let sim: (Started & { host: string; port: number }) | null = null;
let home: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  [web, sim] = await Promise.all([startWeb(home.dir), startSimulator()]);
});
test.afterAll(async () => {
  await Promise.all([web?.stop(), sim?.stop()]);
  home?.remove();
});

test('the solver solves a drifting value against the sample taken when it opened, and suggests Freeze', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, web!.url);
  await addTcpDevice(page, { name: 'Plant', host: sim!.host, port: sim!.port });
  await importMapFile(page, 'Plant', path.join(FIXTURES, 'demo-plant-map.csv'));
  await addImportedMap(page);
  await openLiveTags(page);
  await expect(tagRow(page, 'motor_current').getByTestId('tag-quality')).toHaveText('Good', { timeout: 15_000 });
  await selectTag(page, 'motor_current');

  const sample = page.getByTestId('solver-sample');
  await expect(sample).toBeVisible();
  const seen = (await sample.locator('b').textContent())!;
  expect(seen).toMatch(/^\d+\.\d+$/);
  // The operator reads the value, the plant moves on before they have typed it.
  await expect(tagRow(page, 'motor_current').getByTestId('tag-value')).not.toHaveText(seen, { timeout: 30_000 });
  await expect(page.getByTestId('solver-moving')).toContainText('Freeze');

  await page.getByTestId('solver-display').fill(`${seen.replace('.', ',')} A`);
  await page.getByTestId('solver-display').press('Enter');
  const match = page.locator('[data-testid="solver-candidate"][data-type="uint16"][data-scale="0.01"]');
  await expect(match).toHaveCount(1);
  await expect(page.getByTestId('solver-none')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'newcomer-solver-1440x900.png') });

  // Freeze from the hint holds the table; a new sample is then the value on screen.
  await page.getByTestId('solver-freeze').click();
  await expect(page.getByTestId('tags-frozen')).toBeVisible();
  await expect(page.getByTestId('solver-moving')).toHaveCount(0);
  await page.getByTestId('solver-resample').click();
  await expect(sample.locator('b')).toHaveText((await tagRow(page, 'motor_current').getByTestId('tag-value').textContent())!);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: path.join(SHOTS, 'newcomer-solver-1280x720.png') });
});
