import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { deviceRow, goTo, openApp } from './scenarios/fieldbench';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startCli, startWeb, tempHome, type Started } from './scenarios/processes';
import { openWriteLog } from './scenarios/modbus-tools';
import { openLiveTags, tagRow } from './scenarios/register-map';

/**
 * The EtherNet/IP screen end to end: web mode (the real engine behind the bridge) and `fieldbench sim cip` in a
 * separate process. The operator identifies the simulated controller, adds it with its route path, filters the tag
 * list, ticks a DINT that counts and a member of a UDT, adds them as tags and watches them in Live › Tags.
 */

const SHOTS = path.join(ROOT, 'test-results');

let sim: (Started & { port: number }) | null = null;
let web: (Started & { url: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  const s = await startCli(['sim', 'cip', '--port', '0'], /listening on 127\.0\.0\.1:(\d+)/, 60_000);
  sim = { ...s, port: Number(s.match[1]) };
  web = await startWeb(home.dir);
});

test.afterAll(async () => {
  await web?.stop();
  await sim?.stop();
  home?.remove();
});

function tag(page: Page, name: string) {
  return page.locator(`[data-testid="cip-tag"][data-name="${name}"]`);
}

test('identify the simulated controller, add it, filter its tags, add a DINT and a UDT member and watch them live', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchProblems(page, { httpErrors: true });
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, web!.url);

  await test.step('a port where nothing answers is named, and nothing is shown as found', async () => {
    await goTo(page, 'cip');
    await expect(page.getByTestId('cip-browser')).toContainText('No EtherNet/IP controller');
    await page.getByTestId('cip-host').fill('127.0.0.1');
    await page.getByTestId('cip-port').fill('1');
    await page.getByTestId('cip-identify').click();
    await expect(page.getByTestId('cip-host-error')).toContainText('127.0.0.1:1', { timeout: 15_000 });
    await expect(page.getByTestId('cip-identity')).toHaveCount(0);
  });

  await test.step('find over UDP: the one device that answers is listed and can be taken', async () => {
    await page.getByTestId('cip-port').fill(String(sim!.port));
    await page.getByTestId('cip-find').click();
    await expect(page.getByTestId('cip-found-row')).toHaveCount(1, { timeout: 15_000 });
    await expect(page.getByTestId('cip-found-row')).toContainText('Fieldbench Logix simulator');
    await page.screenshot({ path: path.join(SHOTS, 'cip-found-1440.png') });
    await page.getByTestId('cip-found-use').click();
    await expect(page.getByTestId('cip-identity-product')).toHaveText('Fieldbench Logix simulator');
    await expect(page.getByTestId('cip-found')).toHaveCount(0);
  });

  await test.step('identify: the List Identity answer of the simulator', async () => {
    await page.getByTestId('cip-identify').click();
    const card = page.getByTestId('cip-identity');
    await expect(card.getByTestId('cip-identity-product')).toHaveText('Fieldbench Logix simulator', { timeout: 15_000 });
    await expect(card.getByTestId('cip-identity-device-type')).toContainText('programmable logic controller');
    await expect(card.getByTestId('cip-identity-revision')).toHaveText('33.11');
    await expect(card.getByTestId('cip-identity-serial')).toHaveText('f1e1db0c');
    await expect(card.getByTestId('cip-identity-ip')).toContainText(`127.0.0.1:${sim!.port}`);
    await expect(page.getByTestId('cip-name')).toHaveValue('Fieldbench Logix simulator');
    await expect(page.getByTestId('cip-route')).toHaveValue('1,0');
    await page.screenshot({ path: path.join(SHOTS, 'cip-identify-1440.png') });
  });

  await test.step('a route path that is not one is refused under its field', async () => {
    await page.getByTestId('cip-route').fill('slot 0');
    await page.getByTestId('cip-add').click();
    await expect(page.getByTestId('cip-route-error')).toContainText('route path');
    await page.getByTestId('cip-route').fill('1,0');
  });

  await test.step('add it: the tag list shows with types, dimensions and scope', async () => {
    await page.getByTestId('cip-name').fill('Line 1 PLC');
    await page.getByTestId('cip-add').click();
    await expect(page.getByTestId('cip-device')).toHaveValue(/.+/, { timeout: 20_000 });
    await expect(page.getByTestId('cip-identity')).toHaveCount(0);
    await expect(tag(page, 'Counter')).toBeVisible({ timeout: 20_000 });
    await expect(tag(page, 'Counter').getByTestId('cip-tag-type')).toHaveText('DINT');
    await expect(page.getByTestId('nav-cip')).toContainText('1');
    // Hundreds of tags: the table has every row, the page only those in view.
    await expect(page.getByTestId('cip-tags')).toHaveAttribute('data-rows', /^([2-9]\d\d|\d{4,})$/);
    expect(await page.getByTestId('cip-tag').count()).toBeLessThan(80);
  });

  await test.step('filter, open a UDT and an array: members and elements with their types', async () => {
    await page.getByTestId('cip-filter').fill('matrix');
    await expect(page.getByTestId('cip-tag')).toHaveCount(1);
    await expect(tag(page, 'Matrix').getByTestId('cip-tag-dims')).toHaveText('[3,4]');
    await expect(tag(page, 'Matrix').getByTestId('cip-tag-tick')).toHaveCount(0);
    await tag(page, 'Matrix').getByTestId('cip-tag-toggle').click();
    await expect(tag(page, 'Matrix[2,3]')).toBeVisible();
    await expect(page.getByTestId('cip-tag')).toHaveCount(13);

    await page.getByTestId('cip-filter').fill('motor_1');
    await expect(tag(page, 'Motor_1')).toBeVisible();
    await expect(tag(page, 'Motor_1').getByTestId('cip-tag-type')).toHaveText('Motor');
    await page.getByTestId('cip-filter').fill('');
    await tag(page, 'Motor_1').getByTestId('cip-tag-toggle').click();
    await tag(page, 'Motor_1.Status').getByTestId('cip-tag-toggle').click();
    await expect(tag(page, 'Motor_1.Status.Code').getByTestId('cip-tag-type')).toHaveText('INT');
    await tag(page, 'Motor_1.Status.Code').getByTestId('cip-tag-tick').check();
    await page.getByTestId('cip-filter').fill('counter');
    await tag(page, 'Counter').getByTestId('cip-tag-tick').check();
    await expect(page.getByTestId('cip-add-tags')).toHaveText('Add 2 as tags');
    await expect(page.getByTestId('cip-picked')).toHaveText('Picked: Motor_1.Status.Code, Counter');
    await page.getByTestId('cip-filter').fill('');
    await tag(page, 'Matrix').getByTestId('cip-tag-toggle').click();
    await expect(tag(page, 'Matrix[0,0]')).toHaveCount(0);
    await expect(tag(page, 'Motor_1.Status.Code').getByTestId('cip-tag-tick')).toBeChecked();
    await page.screenshot({ path: path.join(SHOTS, 'cip-1440.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(SHOTS, 'cip-1280.png') });
  });

  await test.step('add them as tags; in Live › Tags they read Good, show their tag path, no raw hex, and the counter moves', async () => {
    await page.getByTestId('cip-add-tags').click();
    await expect(page.getByTestId('cip-add-tags')).toBeDisabled();
    await openLiveTags(page);
    const counter = tagRow(page, 'Counter');
    const member = tagRow(page, 'Motor_1.Status.Code');
    await expect(counter.getByTestId('tag-quality')).toHaveText('Good', { timeout: 20_000 });
    await expect(member.getByTestId('tag-quality')).toHaveText('Good', { timeout: 20_000 });
    await expect(counter.locator('.c-register')).toHaveText('Counter');
    await expect(member.locator('.c-register')).toHaveText('Motor_1.Status.Code');
    await expect(counter.locator('.c-raw')).toHaveText('—');
    await expect(member.locator('.c-raw')).toHaveText('—');
    expect(Number(await member.getByTestId('tag-value').textContent())).not.toBeNaN();
    const first = await counter.getByTestId('tag-value').textContent();
    expect(Number(first)).not.toBeNaN();
    await expect(counter.getByTestId('tag-value')).not.toHaveText(first!, { timeout: 15_000 });
    await expect(counter.getByTestId('tag-quality')).toHaveText('Good');
    await counter.click();
    await expect(page.getByTestId('tag-detail')).toContainText('Logix tag Counter');
    await page.screenshot({ path: path.join(SHOTS, 'cip-tags-1280.png') });
  });

  await test.step('with the keys: open an array, tick an element, add it; it reads Good in Live › Tags', async () => {
    await goTo(page, 'cip');
    await tag(page, 'Sine').getByText('Sine').click();
    await page.keyboard.press('ArrowDown');
    await expect(tag(page, 'Counts')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(tag(page, 'Counts')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect(tag(page, 'Counts[1]')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press(' ');
    await expect(tag(page, 'Counts[1]').getByTestId('cip-tag-tick')).toBeChecked();
    await page.keyboard.press('ArrowLeft');
    await expect(tag(page, 'Counts')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(tag(page, 'Counts[1]')).toHaveCount(0);
    await expect(page.getByTestId('cip-picked')).toHaveText('Picked: Counts[1]');
    await page.getByTestId('cip-add-tags').click();
    await expect(page.getByTestId('cip-add-tags')).toBeDisabled();
    await openLiveTags(page);
    const element = tagRow(page, 'Counts[1]');
    await expect(element.getByTestId('tag-quality')).toHaveText('Good', { timeout: 20_000 });
    await expect(element.locator('.c-register')).toHaveText('Counts[1]');
    await expect(tagRow(page, 'Counter').getByTestId('tag-quality')).toHaveText('Good');
  });

  await test.step('write a DINT from the tag browser: review, confirm, read back; it changes in Live › Tags and is in the write log', async () => {
    await goTo(page, 'cip');
    await page.getByTestId('cip-filter').fill('test_dint');
    await expect(page.getByTestId('cip-link')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect(page.getByTestId('cip-link')).toHaveText('Connected · Large Forward Open · 4002 bytes');
    // Write… shows on the row under the pointer.
    await expect(tag(page, 'Test_DINT').getByTestId('cip-tag-write')).toBeHidden();
    await tag(page, 'Test_DINT').hover();
    await tag(page, 'Test_DINT').getByTestId('cip-tag-write').click();
    const dialog = page.getByTestId('write-dialog');
    await expect(dialog).toContainText('Write Test_DINT');
    await dialog.getByTestId('write-value').fill('4242');
    await dialog.getByTestId('write-note').fill('e2e: cip setpoint');
    await dialog.getByTestId('write-prepare').click();
    // 4242 = 0x1092, a DINT little-endian on the wire.
    await expect(dialog.getByTestId('write-register')).toContainText('Test_DINT');
    await expect(dialog.getByTestId('write-register')).toContainText('DINT');
    await expect(dialog.getByTestId('write-current')).toHaveText('0');
    await expect(dialog.getByTestId('write-fc')).toHaveText('Write Tag (0x4D)');
    await expect(dialog.getByTestId('write-raw')).toHaveText('92 10 00 00');
    await expect(dialog.getByTestId('write-device')).toContainText('route path 1,0');
    await page.screenshot({ path: path.join(SHOTS, 'cip-write-1440.png') });
    await dialog.getByTestId('write-send').focus();
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('write-send-hint')).toContainText('Enter does not send');
    await expect(dialog.getByTestId('write-result')).toHaveCount(0);
    await dialog.getByTestId('write-send').click();
    await expect(dialog.getByTestId('write-result')).toHaveAttribute('data-match', 'true');
    await expect(dialog.getByTestId('write-readback')).toHaveText('4242');
    await dialog.getByTestId('write-close').click();
    await expect(dialog).toBeHidden();

    const log = await openWriteLog(page);
    const entry = log.getByTestId('write-log-row').first();
    await expect(entry).toContainText('Line 1 PLC');
    await expect(entry).toContainText('Test_DINT');
    await expect(entry).toContainText('4242');
    await expect(entry).toContainText('e2e: cip setpoint');
    await page.keyboard.press('Escape');
    await expect(log).toBeHidden();

    await openLiveTags(page);
    const row = tagRow(page, 'Test_DINT');
    await expect(row.getByTestId('tag-value')).toHaveText('4242', { timeout: 20_000 });
    await expect(row.getByTestId('tag-quality')).toHaveText('Good');
  });

  await test.step('the Devices screen lists the controller', async () => {
    await goTo(page, 'devices');
    await expect(deviceRow(page, 'Line 1 PLC')).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, 'cip-devices-1280.png') });
  });

  expect(problems).toEqual([]);
});
