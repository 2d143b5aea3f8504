import path from 'node:path';
import { expect, test } from '@playwright/test';
import { deviceRow, openApp } from './scenarios/fieldbench';
import { addRtuDevice } from './scenarios/modbus-tools';
import { ROOT, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * A device that reports a long error (an adapter that is not plugged in) must not push the Devices table off the
 * screen: at the smallest laptop size the page does not scroll sideways and every row's Remove button is on screen.
 */
const SHOTS = path.join(ROOT, 'test-results');
let web: (Started & { url: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  web = await startWeb(home.dir);
});
test.afterAll(async () => {
  await web?.stop();
  home?.remove();
});

for (const [width, height] of [
  [1280, 720],
  [1440, 900],
] as const) {
  test.describe(`at ${width}x${height}`, () => {
    test.use({ viewport: { width, height } });
    test('a long device error stays in its cell: the table does not scroll sideways, Remove is on screen', async ({ page }) => {
      await openApp(page, web!.url);
      const name = `Meter on a missing adapter ${width}`;
      await addRtuDevice(page, { name, path: `/dev/ttyFIELDBENCH-NOT-PLUGGED-IN-${width}`, baud: 9600, parity: 'none', unitId: 3 });
      const link = deviceRow(page, name).getByTestId('device-link');
      // The engine tries the port when something reads it: identify does, and fails with the port's error.
      await deviceRow(page, name).getByTestId('device-identify').click();
      await expect(link).toHaveAttribute('data-state', 'error', { timeout: 15_000 });
      await expect(link).toHaveAttribute('title', new RegExp(`cannot open /dev/ttyFIELDBENCH-NOT-PLUGGED-IN-${width}`));
      const overflow = await page.locator('.devices-table').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      for (const row of await page.getByTestId('device-row').all()) {
        const box = (await row.getByTestId('device-remove').boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      }
      await page.screenshot({ path: path.join(SHOTS, `devices-long-error-${width}x${height}.png`) });
    });
  });
}
