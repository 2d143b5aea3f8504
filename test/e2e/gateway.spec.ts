import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { rogueTcp, type RogueTcp } from '../helpers/rogue/rogue-tcp';
import { addTcpDevice, addWatch, deviceRow, openApp } from './scenarios/fieldbench';
import { ROOT, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * Two units behind one Modbus TCP gateway (a rogue peer plays it): unit 1 answers, unit 7 is gone and every request
 * for it comes back as exception 0x0B. The socket is up for both; the Devices screen must say which unit answers.
 * The gateway cannot see unit ids in a PDU, so unit 7 is watched at 40101, where it refuses, and unit 1 at 40001.
 */
const SHOTS = path.join(ROOT, 'test-results');
let web: (Started & { url: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;
let gateway: RogueTcp | null = null;

test.beforeAll(async () => {
  gateway = await rogueTcp({ script: (_n, pdu) => (pdu.readUInt16BE(1) >= 100 ? { kind: 'exception', code: 0x0b } : { kind: 'answer' }) });
  home = tempHome();
  web = await startWeb(home.dir);
});
test.afterAll(async () => {
  await web?.stop();
  await gateway?.stop();
  home?.remove();
});

test('a unit that answers every read with a gateway exception is shown as failing, not connected', async ({ page }) => {
  await openApp(page, web!.url);
  await addTcpDevice(page, { name: 'Meter 1', host: '127.0.0.1', port: gateway!.port, unitId: 1 });
  await addWatch(page, 'Meter 1', { address: '40001', count: 2, intervalMs: 500 });
  await addTcpDevice(page, { name: 'Meter 7', host: '127.0.0.1', port: gateway!.port, unitId: 7 });
  await addWatch(page, 'Meter 7', { address: '40101', count: 2, intervalMs: 500 });
  await expect(deviceRow(page, 'Meter 1').getByTestId('watch-count')).toHaveText('1');
  await expect(deviceRow(page, 'Meter 7').getByTestId('watch-count')).toHaveText('1');
  await page.getByTestId('nav-devices').click();
  const seven = deviceRow(page, 'Meter 7').getByTestId('device-link');
  await expect(seven).toHaveAttribute('data-state', 'error', { timeout: 15_000 });
  await expect(seven).toContainText('exception 0x0B (gateway target device failed to respond)');
  await expect(deviceRow(page, 'Meter 1').getByTestId('device-link')).toHaveAttribute('data-state', 'connected');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'devices-gateway-unit.png') });
});
