import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addTcpDevice, addWatch, deviceRow, goTo, liveRow, openApp } from './scenarios/fieldbench';
import { ROOT, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * Issue 13 item 15: the save dialog does not say "Saved … as …" before anything is saved (nor for a name that
 * cannot be saved), the unsaved-changes dialog offers "Save first", and once the engine has stopped a failing
 * device no longer says it is "retrying in 4 s".
 */
const SHOTS = path.join(ROOT, 'test-results');

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test.describe('files', () => {
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

  test('Save As says where it will save, and not for a name that cannot be saved', async ({ page }) => {
    await openApp(page, web!.url);
    await page.getByTestId('file-save-as').click();
    const dialog = page.getByTestId('save-as-dialog');
    await dialog.getByTestId('save-as-name').fill('../escape/x');
    await expect(dialog.getByTestId('save-as-target')).not.toContainText('Saved');
    await expect(dialog.getByTestId('save-as-target')).not.toContainText('../escape');
    await expect(dialog.locator('.field-error')).toBeVisible();
    await dialog.getByTestId('save-as-name').fill('plant');
    await expect(dialog.getByTestId('save-as-target')).toContainText('Will be saved in the workspace folder');
    await expect(dialog.getByTestId('save-as-target')).toContainText('as plant.fieldbench.json');
    await page.keyboard.press('Escape');
  });

  test('the unsaved-changes dialog offers Save first: it saves (asking for a name), then goes on', async ({ page }) => {
    await openApp(page, web!.url);
    await addTcpDevice(page, { name: 'Meter', host: '127.0.0.1', port: await closedPort() });
    await page.getByTestId('file-new').click();
    const confirm = page.getByTestId('confirm-discard');
    await expect(confirm.getByTestId('confirm-discard-save')).toHaveText('Save first');
    await page.screenshot({ path: path.join(SHOTS, 'newcomer-discard-dialog.png') });
    await confirm.getByTestId('confirm-discard-save').click();
    const saveAs = page.getByTestId('save-as-dialog');
    await saveAs.getByTestId('save-as-name').fill('saved-first');
    await saveAs.getByTestId('save-as-confirm').click();
    // Saved, then on to what was asked: the New project dialog.
    await expect(page.getByTestId('new-project-dialog')).toBeVisible();
    const file = path.join(home!.dir, 'projects', 'saved-first.fieldbench.json');
    await expect.poll(() => existsSync(file)).toBe(true);
  });
});

test('once the engine has stopped, a failing device no longer says it is retrying', async ({ page }) => {
  const home = tempHome();
  const web = await startWeb(home.dir);
  try {
    await openApp(page, web.url);
    await addTcpDevice(page, { name: 'Gone', host: '127.0.0.1', port: await closedPort(), timeoutMs: 300 });
    await addWatch(page, 'Gone', { address: '40001', count: 2, intervalMs: 300 });
    await goTo(page, 'live');
    await expect(liveRow(page, 0).getByTestId('q-0')).toContainText('retrying in', { timeout: 15_000 });
    await web.stop();
    await expect(page.getByTestId('bridge-status')).not.toHaveAttribute('data-state', 'open', { timeout: 15_000 });
    await expect(liveRow(page, 0).getByTestId('q-0')).toContainText('the engine is not reachable');
    await expect(liveRow(page, 0).getByTestId('q-0')).not.toContainText('retrying in');
    await goTo(page, 'devices');
    await expect(deviceRow(page, 'Gone').getByTestId('device-link')).toHaveText('engine not reachable');
  } finally {
    await web.stop();
    home.remove();
  }
});
