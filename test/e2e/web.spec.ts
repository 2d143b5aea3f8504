import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type WebSocketRoute } from '@playwright/test';
import { addTcpDevice, addWatch, deviceRow, expectLiveValue, goTo, liveRow, liveTable, openApp, removeDevice } from './scenarios/fieldbench';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startSimulator, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * Web mode end to end: the real engine behind the WebSocket bridge, a separate Modbus TCP simulator process,
 * and the built UI in Chromium. The operator adds the simulator as a device, watches 40001..40041, and sees the
 * demo plant's tank level (1500 mm at 40001) live with Good quality.
 */

const SHOTS = path.join(ROOT, 'test-results');

let sim: (Started & { host: string; port: number }) | null = null;
let web: (Started & { url: string; origin: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  sim = await startSimulator();
  web = await startWeb(home.dir);
});

test.afterAll(async () => {
  await web?.stop();
  await sim?.stop();
  home?.remove();
});

test('an operator adds the simulator, watches 40001..40041 and sees 1500 live with Good quality', async ({ page }) => {
  const problems = watchProblems(page, { httpErrors: true });
  mkdirSync(SHOTS, { recursive: true });

  await test.step('open the UI; the access token leaves the address bar', async () => {
    await openApp(page, web!.url);
    expect(page.url()).not.toContain('token=');
    await expect(page.getByTestId('project-name')).toHaveText('Untitled');
  });

  await test.step('the form reports the engine\'s validation next to the field it names', async () => {
    await goTo(page, 'devices');
    const form = page.getByTestId('add-device-form');
    await form.getByTestId('device-name').fill('Simulator');
    await form.getByTestId('device-host').fill(sim!.host);
    await form.getByTestId('device-port').fill('70000');
    await form.getByTestId('device-add').click();
    await expect(form.getByTestId('device-port-error')).toContainText(/65535/);
    await expect(form.getByTestId('device-host-error')).toHaveCount(0);
    await expect(page.getByTestId('device-row')).toHaveCount(0);
  });

  await test.step('add the simulator as a Modbus TCP device', async () => {
    await addTcpDevice(page, { name: 'Simulator', host: sim!.host, port: sim!.port, unitId: 1, timeoutMs: 1000 });
    await expect(deviceRow(page, 'Simulator')).toContainText(`${sim!.host}:${sim!.port}`);
    await expect(page.getByTestId('project-dirty')).toBeVisible();
  });

  await test.step('watch 40001, count 41: the form says it sends wire address 0', async () => {
    const wire = await addWatch(page, 'Simulator', { table: 'holding', address: '40001', count: 41, intervalMs: 500 });
    expect(wire).toBe(0);
  });

  await test.step('the devices screen', async () => {
    await goTo(page, 'devices');
    await expect(deviceRow(page, 'Simulator')).toContainText('connected', { timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'devices.png') });
  });

  await test.step('Live: 40001 reads 1500 (0x05DC) with Good quality, 41 rows', async () => {
    await goTo(page, 'live');
    await expect(liveTable(page)).toBeVisible();
    await expectLiveValue(page, 0, 1500);
    const row0 = liveRow(page, 0);
    await expect(row0).toContainText('40001');
    await expect(row0.getByTestId('hex-0')).toHaveText('05DC');
    await expect(liveTable(page).locator('tbody tr')).toHaveCount(41);
    await expectLiveValue(page, 39, 1); // valve_state: open
  });

  await test.step('arriving by Alt+3, the arrow keys work at once: the table has the keyboard without a click', async () => {
    await page.getByTestId('nav-devices').click();
    await expect(page.getByTestId('screen-devices')).toBeVisible();
    await page.keyboard.press('Alt+3');
    await expect(liveTable(page)).toBeFocused();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect(liveRow(page, 1)).toHaveAttribute('aria-selected', 'true');
  });

  await test.step('arrow keys move the row selection', async () => {
    await liveTable(page).focus();
    await page.keyboard.press('Home');
    await expect(liveRow(page, 0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(liveRow(page, 2)).toHaveAttribute('aria-selected', 'true');
    await expect(liveRow(page, 0)).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('status-bar')).toContainText(`${sim!.host}:${sim!.port} connected`);
    // Let the "added" notices time out and show the watch's header line, then take the picture.
    await expect(page.getByTestId('toast-info')).toHaveCount(0, { timeout: 10_000 });
    await page.getByTestId('main').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'live-table.png') });
  });

  await test.step('removing the device asks first, and takes its watch with it', async () => {
    await goTo(page, 'devices');
    await deviceRow(page, 'Simulator').getByTestId('device-remove').click();
    await expect(deviceRow(page, 'Simulator')).toBeVisible(); // nothing removed yet: a question first
    await removeDevice(page, 'Simulator');
    await goTo(page, 'live');
    await expect(liveTable(page)).toHaveCount(0);
  });

  expect(problems, problems.join('\n')).toEqual([]);
});

test('a dropped bridge connection fails the request in flight, is shown, and comes back by itself', async ({ page }) => {
  // Sit between the page and the bridge, so the test can hold back one request and then cut the line.
  let holdWorkspace = false;
  let held = false;
  let current: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
  await page.routeWebSocket(/\/fieldbench\?token=/, (ws) => {
    const server = ws.connectToServer();
    current = { page: ws, server };
    ws.onMessage((m) => {
      if (holdWorkspace && String(m).includes('"name":"project.workspace"')) {
        held = true;
        return;
      }
      server.send(m);
    });
    server.onMessage((m) => ws.send(m));
  });

  await openApp(page, web!.url);
  holdWorkspace = true;
  await page.getByTestId('file-save-as').click(); // the dialog lists the workspace folder: project.workspace
  await expect(page.getByTestId('save-as-dialog')).toBeVisible();
  await expect.poll(() => held).toBe(true);
  holdWorkspace = false;

  const cut = current!;
  await cut.page.close({ code: 4000, reason: 'cut by the test' });
  await cut.server.close();

  await expect(page.getByTestId('toast-error')).toContainText('lost the connection to the engine');
  await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', /waiting|connecting/);
  await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  expect(current).not.toBe(cut);
  await expect(page.getByTestId('project-name')).not.toHaveText('…');
});

test('an address from an earlier run (a stale token) says so and what to do, instead of retrying forever', async ({ page }) => {
  const stale = web!.url.replace(/#token=.*/, '#token=from-an-earlier-run');
  await page.goto(stale);
  const problem = page.getByTestId('token-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('data-refused', 'true');
  await expect(problem).toContainText('This address is from an earlier run');
  await expect(problem).toContainText('#token=');
  await expect(page.getByTestId('bridge-status')).toContainText('access token refused');
  // Nothing was sent on the refused socket, so no request failed: one clear message, not a pile of errors.
  await expect(page.getByTestId('toast-error')).toHaveCount(0);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'stale-token.png') });
});
