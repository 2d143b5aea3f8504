import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addTcpDevice, addWatch, goTo, liveRow, openApp } from './scenarios/fieldbench';
import { addRtuDevice, watchPanel } from './scenarios/modbus-tools';
import { ROOT, startSimulator, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * Issue 13 on the Live screen: coil and discrete watches show ON/OFF and the coil number typed is the coil watched
 * (item 8); the register view takes the width and each row has its own display type (item 16).
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

test('coils: typing 1 watches coil 00001 (the preview says so) and the rows read ON/OFF, not Hex/UInt16/Int16', async ({ page }) => {
  await openApp(page, web!.url);
  await addTcpDevice(page, { name: 'Plant', host: sim!.host, port: sim!.port });
  // Adding a device opens its watch form.
  const form = page.getByTestId('add-watch-form');
  await expect(form).toBeVisible();
  await form.getByTestId('watch-table').selectOption('coil');
  await form.getByTestId('watch-address').fill('1');
  await expect(form.getByTestId('watch-preview')).toContainText('Coil 00001');
  await expect(form.getByTestId('watch-preview')).toHaveAttribute('data-wire', '0');
  await form.getByTestId('watch-address').fill('0');
  await expect(form).toContainText('coils are numbered from 1 (00001); type 0x0 for wire address 0');
  const wire = await addWatch(page, 'Plant', { table: 'coil', address: '1', count: 8, intervalMs: 500 });
  expect(wire).toBe(0);

  await goTo(page, 'live');
  const coils = watchPanel(page, 'Coils');
  await expect(coils.getByTestId('bit-0')).toHaveText(/^(ON|OFF)$/, { timeout: 15_000 });
  await expect(coils.locator('thead')).toContainText('State');
  await expect(coils.locator('thead')).not.toContainText('UInt16');
  await expect(coils.getByTestId('hex-0')).toHaveCount(0);
  await expect(coils.getByTestId('row-0').locator('td.reg')).toHaveText('00001');
});

test('the register view fills the panel, and a row shown as Float ABCD reads the demo plant flow', async ({ page }) => {
  await openApp(page, web!.url);
  for (const [width, height] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (width === 1440) {
      await addWatch(page, 'Plant', { address: '40001', count: 12, intervalMs: 500 });
      await goTo(page, 'live');
    }
    const panel = page.locator('[data-watch-id]').filter({ has: page.getByTestId('row-9') });
    await expect(liveRow(page, 9).getByTestId('q-9')).toHaveText('Good', { timeout: 15_000 });
    const [table, box] = await Promise.all([panel.getByTestId('live-table').boundingBox(), panel.boundingBox()]);
    // The table spans the panel (less its border), not 60% of it.
    expect(table!.width).toBeGreaterThanOrEqual(box!.width - 4);
    if (width === 1440) {
      // flow_rate: float32 ABCD at 40010-40011 (wire 9-10), 25.5 L/min give or take 2.
      await panel.getByTestId('display-9').selectOption('float32-ABCD');
      await expect(panel.getByTestId('value-9')).toHaveText(/^2\d\.\d+$/);
      const flow = Number(await panel.getByTestId('value-9').innerText());
      expect(flow).toBeGreaterThan(23);
      expect(flow).toBeLessThan(28);
      // The choice is the row's: the row above still shows UInt16.
      await expect(panel.getByTestId('value-8')).toHaveText(await panel.getByTestId('u16-8').innerText());
      await expect(panel.getByTestId('decode-strip')).toBeVisible();
    }
    await page.screenshot({ path: path.join(SHOTS, `newcomer-live-${width}x${height}.png`) });
  }
});

test('a watch with a long reason keeps its summary chip on screen at 1280x720', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page, web!.url);
  await addRtuDevice(page, { name: 'Meter on a missing adapter with a long name', path: '/dev/ttyFIELDBENCH-NOT-PLUGGED-IN-AT-ALL-ON-THIS-LAPTOP', baud: 9600, parity: 'none', unitId: 3 });
  await addWatch(page, 'Meter on a missing adapter with a long name', { address: '40001', count: 2, intervalMs: 500 });
  await goTo(page, 'live');
  const chip = page.locator('.summary-item').filter({ hasText: 'missing adapter' });
  await expect(chip).toHaveAttribute('title', /cannot open \/dev\/ttyFIELDBENCH-NOT-PLUGGED-IN-AT-ALL-ON-THIS-LAPTOP/, { timeout: 15_000 });
  const box = (await chip.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  expect(await page.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
});
