import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addTcpDevice, openApp } from './scenarios/fieldbench';
import { ROOT, startSimulator, startWeb, tempHome, type Started } from './scenarios/processes';
import { addImportedMap, FIXTURES, importMapFile, openLiveTags, selectTag, tagRow } from './scenarios/register-map';

/**
 * Issue 13, the Tags screen: the known-value solver solves against the value the operator saw (item 7); at 1280x720
 * the table shows its Checkout column whole, and a trend opens with the engine's recent history (item 10).
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

test('at 1280x720 the Checkout column is whole; a trend opens with what the engine read before the page loaded', async ({ page }) => {
  // The map of the test before has been polled for a while; this page has seen none of it.
  await page.setViewportSize({ width: 1280, height: 720 });
  const loadedAt = Date.now();
  await openApp(page, web!.url);
  await openLiveTags(page);
  await page.getByTestId('tags-filter').fill('');
  await expect(tagRow(page, 'tank_level').getByTestId('tag-quality')).toHaveText('Good', { timeout: 15_000 });
  await tagRow(page, 'tank_level').click();
  await page.keyboard.press('v');
  const check = tagRow(page, 'tank_level').getByTestId('tag-check');
  await expect(check).toHaveText('✓ Verified');
  const table = (await page.locator('.tags-table').boundingBox())!;
  for (const el of [check, page.getByTestId('tags-sort-check')]) {
    const box = (await el.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(table.x + table.width);
    expect(await el.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
  }
  // A name or value that does not fit ends in an ellipsis and says itself whole in its title.
  await expect(tagRow(page, 'pump speed / setpoint').locator('.c-name')).toHaveAttribute('title', /^pump speed \/ setpoint\n/);
  await expect(tagRow(page, 'motor_current').getByTestId('tag-value')).toHaveAttribute('title', /^\d+\.\d+ A$/);

  await tagRow(page, 'motor_current').getByTestId('tag-trend').check();
  const plot = page.getByTestId('trend-plot');
  await expect.poll(async () => Number((await plot.getAttribute('data-oldest')) || Infinity), { timeout: 10_000 }).toBeLessThan(loadedAt - 2000);
  // History and live points on one line: how many the history held depends on how long the test before polled.
  await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(3);
  await page.screenshot({ path: path.join(SHOTS, 'newcomer-tags-1280x720.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, 'newcomer-tags-1440x900.png') });
});
