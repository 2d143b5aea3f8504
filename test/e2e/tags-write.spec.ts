import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { addTcpDevice, deviceRow, goTo, openApp } from './scenarios/fieldbench';
import { openWriteLog } from './scenarios/modbus-tools';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startCli, startSimulator, startWeb, tempHome, type Started } from './scenarios/processes';
import { addImportedMap, FIXTURES, importMapFile, openLiveTags, selectTag, tagRow } from './scenarios/register-map';

/**
 * Issues 9 and 11: OPC UA and EtherNet/IP tags are ordinary tags. Web mode with three peers in their own processes —
 * the demo plant (Modbus TCP), the OPC UA demo server and the Logix simulator — one tag of each in Live › Tags:
 * a read-only tag offers no Write and W says why; "Allow writes" makes it read-write; then each is written from the
 * table through the one write dialog (review, Enter does not send, Send), the value changes in the table and the
 * write log has all three. The Devices screen names each row's protocol with its unit, slot or security mode.
 */

const SHOTS = path.join(ROOT, 'test-results');

let web: (Started & { url: string }) | null = null;
let plant: (Started & { host: string; port: number }) | null = null;
let cip: (Started & { port: number }) | null = null;
let opcua: (Started & { url: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;
let opcuaHome: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  opcuaHome = tempHome();
  const [w, p, c, o] = await Promise.all([
    startWeb(home.dir),
    startSimulator(),
    startCli(['sim', 'cip', '--port', '0'], /listening on 127\.0\.0\.1:(\d+)/, 60_000),
    startCli(['sim', 'opcua', '--port', '0', '--machines', '2', '--home', opcuaHome.dir], /OPC UA demo server listening on (opc\.tcp:\/\/127\.0\.0\.1:\d+)[\s\S]*password "[^"]+"[^\n]*\n/, 60_000),
  ]);
  web = w;
  plant = p;
  cip = { ...c, port: Number(c.match[1]) };
  opcua = { ...o, url: o.match[1]! };
});

test.afterAll(async () => {
  await Promise.all([web?.stop(), plant?.stop(), cip?.stop(), opcua?.stop()]);
  home?.remove();
  opcuaHome?.remove();
});

async function addCipController(page: Page): Promise<void> {
  await goTo(page, 'cip');
  await page.getByTestId('cip-host').fill('127.0.0.1');
  await page.getByTestId('cip-port').fill(String(cip!.port));
  await page.getByTestId('cip-identify').click();
  await expect(page.getByTestId('cip-identity-product')).toHaveText('Fieldbench Logix simulator', { timeout: 15_000 });
  await page.getByTestId('cip-name').fill('Line 1 PLC');
  await page.getByTestId('cip-add').click();
  await expect(page.getByTestId('cip-device')).toHaveValue(/.+/, { timeout: 20_000 });
  await page.getByTestId('cip-filter').fill('test_dint');
  const row = page.locator('[data-testid="cip-tag"][data-name="Test_DINT"]');
  await row.getByTestId('cip-tag-tick').check({ timeout: 20_000 });
  await page.getByTestId('cip-add-tags').click();
  await expect(page.getByTestId('cip-add-tags')).toBeDisabled();
}

async function addOpcUaServer(page: Page): Promise<void> {
  await goTo(page, 'opcua');
  await page.getByTestId('opcua-url').fill(opcua!.url);
  await page.getByTestId('opcua-discover').click();
  await page.locator('[data-testid="opcua-endpoint"][data-mode="None"] input[type="radio"]').check();
  await page.getByTestId('opcua-name').fill('Mixing OPC UA');
  await page.getByTestId('opcua-add').click();
  await expect(page.getByTestId('opcua-device')).toHaveValue(/.+/, { timeout: 20_000 });
  const node = (name: string) => page.locator(`[data-testid="opcua-node"][data-name="${name}"]`).first();
  for (const [name, child] of [
    ['Plant', 'Mixing'],
    ['Mixing', 'Mixer01'],
    ['Mixer01', 'Setpoint'],
  ] as const) {
    await expect(node(name)).toBeVisible({ timeout: 20_000 });
    await node(name).getByTestId('opcua-node-toggle').click();
    await expect(node(child)).toBeVisible({ timeout: 15_000 });
  }
  await node('Setpoint').getByTestId('opcua-node-tick').check();
  await page.getByTestId('opcua-add-tags').click();
  await expect(page.getByTestId('opcua-add-tags')).toBeDisabled();
}

/** Review the value in the open dialog; Enter on Send does not send; Send does; the read-back matches. */
async function reviewAndSend(page: Page, dialog: Locator, value: string, note: string): Promise<void> {
  await dialog.getByTestId('write-value').fill(value);
  await dialog.getByTestId('write-note').fill(note);
  await dialog.getByTestId('write-prepare').click();
  await expect(dialog.getByTestId('write-ticket')).toBeVisible();
  await dialog.getByTestId('write-send').focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('write-send-hint')).toContainText('Enter does not send');
  await expect(dialog.getByTestId('write-result')).toHaveCount(0);
  await dialog.getByTestId('write-send').click();
  await expect(dialog.getByTestId('write-result')).toHaveAttribute('data-match', 'true', { timeout: 15_000 });
}

async function allowWrites(page: Page, name: string): Promise<void> {
  await selectTag(page, name);
  await expect(page.getByTestId('tag-access')).toHaveAttribute('data-access', 'read');
  await page.getByTestId('tag-allow-write').click();
  await expect(page.getByTestId('tag-access')).toHaveAttribute('data-access', 'read-write');
  await expect(tagRow(page, name).getByTestId('tag-write')).toBeVisible();
}

test('Modbus, EtherNet/IP and OPC UA tags are written from the Tags table through the one write dialog', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchProblems(page, { httpErrors: true });
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, web!.url);

  await test.step('one tag of each protocol in the project', async () => {
    await addTcpDevice(page, { name: 'Plant', host: plant!.host, port: plant!.port });
    await importMapFile(page, 'Plant', path.join(FIXTURES, 'demo-plant-map.csv'));
    await addImportedMap(page);
    await addCipController(page);
    await addOpcUaServer(page);
    await openLiveTags(page);
    for (const name of ['tank_level', 'Test_DINT', 'Mixer01.Setpoint']) await expect(tagRow(page, name).getByTestId('tag-quality')).toHaveText('Good', { timeout: 20_000 });
  });

  await test.step('a read-only tag offers no Write, and W says why instead of opening a dialog', async () => {
    await selectTag(page, 'tank_level');
    await expect(tagRow(page, 'tank_level').getByTestId('tag-write')).toHaveCount(0);
    await expect(page.getByTestId('detail-write')).toHaveCount(0);
    await page.keyboard.press('w');
    await expect(page.getByTestId('toast-info').last()).toContainText('tank_level is read-only in its map');
    await expect(page.getByTestId('write-dialog')).toHaveCount(0);
  });

  await test.step('Modbus holding register: Allow writes, then Write… on the hovered row', async () => {
    await allowWrites(page, 'tank_level');
    await page.getByTestId('tags-filter').fill('');
    // Another row under the pointer: Write… shows on it only when it is writable.
    await tagRow(page, 'flow_rate').hover();
    await expect(tagRow(page, 'flow_rate').getByTestId('tag-write')).toHaveCount(0);
    await tagRow(page, 'tank_level').hover();
    await tagRow(page, 'tank_level').getByTestId('tag-write').click();
    const dialog = page.getByTestId('write-dialog');
    await expect(dialog).toContainText('Write tank_level');
    await expect(dialog.getByTestId('write-value')).toHaveValue('1500');
    await dialog.getByTestId('write-value').fill('1234');
    await dialog.getByTestId('write-prepare').click();
    // 1234 = 0x04D2 into 40001, wire address 0, by Write Single Register.
    await expect(dialog.getByTestId('write-register')).toContainText('40001');
    await expect(dialog.getByTestId('write-current')).toContainText('1500');
    await expect(dialog.getByTestId('write-raw')).toHaveText('04D2');
    await page.screenshot({ path: path.join(SHOTS, 'tags-write-modbus-1440.png') });
    await dialog.getByTestId('write-back').click();
    await reviewAndSend(page, dialog, '1234', 'e2e: tank level from the tags table');
    await dialog.getByTestId('write-close').click();
    await expect(dialog).toBeHidden();
    await expect(tagRow(page, 'tank_level').getByTestId('tag-value')).toHaveText('1234', { timeout: 15_000 });
  });

  await test.step('EtherNet/IP DINT: W on the selected row', async () => {
    await allowWrites(page, 'Test_DINT');
    await tagRow(page, 'Test_DINT').click();
    await page.screenshot({ path: path.join(SHOTS, 'tags-write-button-1440.png') });
    await page.keyboard.press('w');
    const dialog = page.getByTestId('write-dialog');
    await expect(dialog).toContainText('Write Test_DINT');
    await expect(dialog).toContainText('DINT');
    await dialog.getByTestId('write-value').fill('4242');
    await dialog.getByTestId('write-prepare').click();
    // 4242 = 0x1092, a DINT little-endian on the wire.
    await expect(dialog.getByTestId('write-fc')).toHaveText('Write Tag (0x4D)');
    await expect(dialog.getByTestId('write-raw')).toHaveText('92 10 00 00');
    await expect(dialog.getByTestId('write-device')).toContainText('route path 1,0');
    await dialog.getByTestId('write-back').click();
    await reviewAndSend(page, dialog, '4242', 'e2e: dint from the tags table');
    await expect(dialog.getByTestId('write-readback')).toHaveText('4242');
    await dialog.getByTestId('write-close').click();
    await expect(dialog).toBeHidden();
    await expect(tagRow(page, 'Test_DINT').getByTestId('tag-value')).toHaveText('4242', { timeout: 15_000 });
  });

  await test.step('OPC UA read-write variable: Write… in the tag detail; the ticket names the node and its Variant type', async () => {
    await allowWrites(page, 'Mixer01.Setpoint');
    await page.getByTestId('detail-write').click();
    const dialog = page.getByTestId('write-dialog');
    await expect(dialog).toContainText('Write Mixer01.Setpoint');
    await dialog.getByTestId('write-value').fill('61.5');
    await dialog.getByTestId('write-prepare').click();
    await expect(dialog.getByTestId('write-register')).toContainText('ns=1;s=Plant.Mixing.Mixer01.Setpoint');
    await expect(dialog.getByTestId('write-register')).toContainText('Double');
    await expect(dialog.getByTestId('write-device')).toContainText(opcua!.url);
    await expect(dialog.getByTestId('write-new')).toContainText('61.5');
    await page.screenshot({ path: path.join(SHOTS, 'tags-write-opcua-1440.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(SHOTS, 'tags-write-opcua-1280.png') });
    await dialog.getByTestId('write-back').click();
    await reviewAndSend(page, dialog, '61.5', 'e2e: setpoint from the tags table');
    await expect(dialog.getByTestId('write-readback')).toHaveText('61.5');
    await dialog.getByTestId('write-close').click();
    await expect(dialog).toBeHidden();
    await expect(tagRow(page, 'Mixer01.Setpoint').getByTestId('tag-value')).toHaveText('61.5', { timeout: 15_000 });
    // A setpoint that does not change is not stale: the server reports by exception.
    await expect(tagRow(page, 'Mixer01.Setpoint').getByTestId('tag-quality')).toHaveText('Good');
    await page.screenshot({ path: path.join(SHOTS, 'tags-write-table-1280.png') });
  });

  await test.step('the write log has the three writes, with their notes', async () => {
    const log = await openWriteLog(page);
    const rows = log.getByTestId('write-log-row');
    for (const [target, value, note] of [
      ['tank_level', '1234', 'e2e: tank level from the tags table'],
      ['Test_DINT', '4242', 'e2e: dint from the tags table'],
      ['Setpoint', '61.5', 'e2e: setpoint from the tags table'],
    ]) {
      const row = rows.filter({ hasText: note! });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(target!);
      await expect(row).toContainText(value!);
    }
    await page.keyboard.press('Escape');
    await expect(log).toBeHidden();
  });

  await test.step('Devices: each row names its protocol with the unit, the slot or the security mode', async () => {
    await goTo(page, 'devices');
    await expect(page.getByTestId('screen-devices')).toContainText('Modbus');
    await expect(page.getByTestId('screen-devices')).toContainText('OPC UA servers and EtherNet/IP controllers');
    await expect(deviceRow(page, 'Plant').getByTestId('device-protocol')).toHaveText('Modbus unit 1');
    await expect(deviceRow(page, 'Line 1 PLC').getByTestId('device-protocol')).toHaveText('EtherNet/IP slot 0');
    await expect(deviceRow(page, 'Line 1 PLC').getByTestId('device-protocol')).toHaveAttribute('title', /route path 1,0: backplane, slot 0/);
    await expect(deviceRow(page, 'Mixing OPC UA').getByTestId('device-protocol')).toHaveText('OPC UA no security');
    await expect(deviceRow(page, 'Mixing OPC UA').getByTestId('device-protocol')).toHaveAttribute('title', /security mode None/);
    const endpoint = new URL(opcua!.url.replace(/^opc\.tcp:/, 'http:'));
    await expect(deviceRow(page, 'Mixing OPC UA').getByTestId('device-address')).toHaveText(endpoint.host);
    await expect(deviceRow(page, 'Mixing OPC UA').getByTestId('device-address')).toHaveAttribute('title', opcua!.url);
    await expect(deviceRow(page, 'Line 1 PLC').getByTestId('device-address')).toHaveText(`127.0.0.1:${cip!.port}`);
    await page.screenshot({ path: path.join(SHOTS, 'tags-write-devices-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, 'tags-write-devices-1440.png') });
  });

  expect(problems).toEqual([]);
});
