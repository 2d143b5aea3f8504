import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addTcpDevice, addWatch, deviceRow, expectLiveValue, goTo, openApp } from './scenarios/fieldbench';
import { addRtuDevice, exportTrafficCsv, openTraffic, openWrite, openWriteLog, prepareWrite, scanHit, scanTcp, trafficShown, watchPanel } from './scenarios/modbus-tools';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startModbusSim, startPtyPair, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * The Modbus tools end to end, against the CLI's demo-plant simulator serving Modbus TCP on 127.0.0.1 and Modbus
 * RTU on one end of a socat pseudo-terminal pair; the app's RTU device opens the other end. Each test builds on the
 * one before (serial mode): an RTU device, a scan, a confirmed write, the traffic of it all.
 */

const SHOTS = path.join(ROOT, 'test-results');
const CSV_HEAD = 'id,time,connection,direction,unit,function,text,crc,exception,turnaround_ms,gap_ms,hex';

let pty: (Started & { a: string; b: string }) | null = null;
let sim: (Started & { host: string; port: number }) | null = null;
let web: (Started & { url: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  home = tempHome();
  try {
    pty = await startPtyPair();
    sim = await startModbusSim({ rtu: pty.b, baud: 19200, parity: 'none', units: [1, 2] });
    web = await startWeb(home.dir);
  } catch (err) {
    await stopAll();
    throw err;
  }
});

async function stopAll(): Promise<void> {
  await web?.stop();
  await sim?.stop();
  await pty?.stop();
  home?.remove();
  web = sim = pty = null;
  home = null;
}

test.afterAll(stopAll);

async function quietShot(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('toast-info')).toHaveCount(0, { timeout: 10_000 });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

test('an RTU device added through the form reads 1500 live over the serial line', async ({ page }) => {
  const problems = watchProblems(page);
  await openApp(page, web!.url);

  await test.step('the RTU form shows the line settings and the inter-frame silence they imply', async () => {
    await goTo(page, 'devices');
    await page.getByTestId('device-kind-rtu').check();
    const form = page.getByTestId('add-device-form');
    await expect(form.getByTestId('device-parity')).toHaveValue('even'); // the Modbus default line is 8E1
    await expect(form.getByTestId('device-silence')).toContainText('2.01 ms'); // 3.5 × 11 bits at 19200
    await form.getByTestId('device-baud').selectOption('115200');
    await expect(form.getByTestId('device-silence')).toContainText('1.75 ms');
    await form.getByTestId('device-parity').selectOption('none');
    await form.getByTestId('device-baud').selectOption('9600');
    await expect(form.getByTestId('device-silence')).toContainText('3.65 ms'); // 3.5 × 10 bits at 9600
  });

  await test.step('add the simulator on the pseudo-terminal as unit 1, 19200 8N1', async () => {
    const row = await addRtuDevice(page, { name: 'Tank RTU', path: pty!.a, baud: 19200, parity: 'none', unitId: 1 });
    await expect(row).toContainText(`${pty!.a} 19200 8N1`);
  });

  await test.step('watch 40001..40010 and see 1500 with Good quality', async () => {
    await addWatch(page, 'Tank RTU', { table: 'holding', address: '40001', count: 10, intervalMs: 500 });
    await goTo(page, 'live');
    await expectLiveValue(page, 0, 1500);
  });

  await test.step('the device row shows live statistics and the FC 43/14 identification', async () => {
    await goTo(page, 'devices');
    const row = deviceRow(page, 'Tank RTU');
    await expect(row).toContainText('connected', { timeout: 15_000 });
    await expect.poll(async () => Number(await row.getByTestId('device-stats').getAttribute('data-requests')), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(row.getByTestId('stat-crc')).toHaveText('0 CRC');
    await row.getByTestId('device-identify').click();
    await expect(page.getByTestId('identify-result')).toContainText('Fieldbench');
    await expect(page.getByTestId('identify-result')).toContainText('FB-SIM');
    await page.getByTestId('device-kind-rtu').check();
    await quietShot(page, 'devices-rtu.png');
  });

  expect(problems, problems.join('\n')).toEqual([]);
});

test('a TCP scan of units 1–3 finds the simulator, and one click adds it', async ({ page }) => {
  const problems = watchProblems(page);
  await openApp(page, web!.url);
  const panel = await scanTcp(page, { hosts: [sim!.host], port: sim!.port, from: 1, to: 3 });
  await expect(panel.getByTestId('scan-count')).toHaveText('3/3');
  // Units 1 and 2 answer (the simulator serves both); 3 answers "gateway target failed", which means nobody.
  await expect(scanHit(page, 1)).toBeVisible();
  await expect(scanHit(page, 2)).toBeVisible();
  await expect(scanHit(page, 3)).toHaveCount(0);
  await expect(scanHit(page, 1)).toContainText(`${sim!.host}:${sim!.port}`);
  await scanHit(page, 1).getByTestId('scan-hit-add').click();
  const name = `Unit 1 at ${sim!.host}`;
  await expect(deviceRow(page, name)).toContainText(`${sim!.host}:${sim!.port}`);
  await expect(scanHit(page, 1).getByTestId('scan-hit-in-project')).toContainText(name);
  await panel.scrollIntoViewIfNeeded();
  await quietShot(page, 'scan.png');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('a write to 40001 is shown in full, sent only on a click, read back, live and in the write log', async ({ page }) => {
  const problems = watchProblems(page);
  await openApp(page, web!.url);
  await goTo(page, 'live');
  await expectLiveValue(page, 0, 1500);
  const dialog = await openWrite(page, 0);

  await test.step('prepare: the engine reads the current value and says what it would send', async () => {
    await prepareWrite(dialog, { value: '1234', type: 'uint16', note: 'e2e: tank level setpoint' });
    await expect(dialog.getByTestId('write-device')).toContainText('Tank RTU');
    await expect(dialog.getByTestId('write-register')).toContainText('40001');
    await expect(dialog.getByTestId('write-register')).toContainText('wire address 0');
    await expect(dialog.getByTestId('write-current')).toContainText('1500');
    await expect(dialog.getByTestId('write-current')).toContainText('05DC');
    await expect(dialog.getByTestId('write-new')).toContainText('1234');
    await expect(dialog.getByTestId('write-raw')).toHaveText('04D2');
    await expect(dialog.getByTestId('write-fc')).toHaveText('FC 06');
  });

  await test.step('Enter does not send, not even on the focused Send button', async () => {
    await page.keyboard.press('Enter');
    await dialog.getByTestId('write-send').focus();
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('write-send-hint')).toContainText('Enter does not send');
    await expect(dialog.getByTestId('write-ticket')).toBeVisible();
    await expect(dialog.getByTestId('write-result')).toHaveCount(0);
    await expectLiveValue(page, 0, 1500);
    await page.screenshot({ path: path.join(SHOTS, 'write-dialog.png') });
  });

  await test.step('Send: written, and the read-back matches', async () => {
    await dialog.getByTestId('write-send').click();
    await expect(dialog.getByTestId('write-result')).toHaveAttribute('data-match', 'true');
    await expect(dialog.getByTestId('write-readback')).toHaveText('04D2');
    await dialog.getByTestId('write-close').click();
    await expect(dialog).toBeHidden();
    await expectLiveValue(page, 0, 1234);
  });

  await test.step('the write log has it, with old and new value', async () => {
    const log = await openWriteLog(page);
    const entry = log.getByTestId('write-log-row').first();
    await expect(entry).toContainText('Tank RTU');
    await expect(entry).toContainText('40001');
    await expect(entry).toContainText('1500');
    await expect(entry).toContainText('1234');
    await expect(entry).toContainText('FC 06 04D2');
    await expect(entry).toContainText('e2e: tank level setpoint');
    await page.screenshot({ path: path.join(SHOTS, 'write-log.png') });
    await page.keyboard.press('Escape');
    await expect(log).toBeHidden();
  });

  await test.step('a prepared write that is cancelled writes nothing', async () => {
    const again = await openWrite(page, 0);
    await prepareWrite(again, { value: '999' });
    await again.getByTestId('write-cancel').click();
    await expect(again).toBeHidden();
    const log = await openWriteLog(page);
    await expect(log.getByTestId('write-log-row')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expectLiveValue(page, 0, 1234);
  });

  await test.step('a coil: ON/OFF, FC 05 with FF00 on the wire', async () => {
    await addWatch(page, 'Tank RTU', { table: 'coil', address: '00001', count: 4, intervalMs: 500 });
    const coils = watchPanel(page, 'Coils');
    const dialog = await openWrite(page, 0, coils);
    await expect(dialog.getByTestId('write-coil')).toHaveValue('on'); // the coil is off: the obvious change is on
    await dialog.getByTestId('write-prepare').click();
    await expect(dialog.getByTestId('write-current')).toContainText('OFF');
    await expect(dialog.getByTestId('write-fc')).toHaveText('FC 05');
    await expect(dialog.getByTestId('write-raw')).toHaveText('FF00 (ON)');
    await page.keyboard.press('Control+Enter');
    await expect(dialog.getByTestId('write-result')).toHaveAttribute('data-match', 'true');
    await dialog.getByTestId('write-close').click();
    await expect(coils.getByTestId('bit-0')).toHaveText('ON', { timeout: 10_000 });
  });

  expect(problems, problems.join('\n')).toEqual([]);
});

test('the Traffic screen shows TX/RX frames, filters errors, pauses, and exports CSV', async ({ page }) => {
  const problems = watchProblems(page);
  await openApp(page, web!.url);

  await test.step('a device at a unit nobody answers (exception 0x0B from the gateway) makes error frames', async () => {
    await addTcpDevice(page, { name: 'Wrong unit', host: sim!.host, port: sim!.port, unitId: 9 });
    await addWatch(page, 'Wrong unit', { address: '40001', count: 2, intervalMs: 500 });
  });

  let list = await openTraffic(page);
  await test.step('TX and RX rows of the reads, with decoded function, CRC and timing', async () => {
    await expect(list.locator('[data-testid="traffic-row"][data-dir="tx"]').first()).toBeVisible();
    await expect(list.locator('[data-testid="traffic-row"][data-dir="rx"]').first()).toBeVisible();
    await expect(list.getByTestId('traffic-row').filter({ hasText: 'read holding 0 x10' }).first()).toBeVisible();
    await expect(list.locator('.crc-ok').first()).toBeVisible(); // RTU frames carry a CRC
    await expect(list.getByTestId('traffic-exception').first()).toContainText('0x0B', { timeout: 10_000 });
    await quietShot(page, 'traffic.png');
  });

  await test.step('errors only: just the exception responses', async () => {
    await page.getByTestId('traffic-errors').check();
    await expect.poll(() => trafficShown(page)).toBeGreaterThan(0);
    const rows = list.getByTestId('traffic-row');
    const n = await rows.count();
    for (let i = 0; i < Math.min(n, 10); i++) await expect(rows.nth(i).getByTestId('traffic-exception')).toBeVisible();
  });

  await test.step('export CSV of what the filter shows', async () => {
    const { download, text } = await exportTrafficCsv(page);
    expect(download.suggestedFilename()).toMatch(/^fieldbench-traffic-.*\.csv$/);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(CSV_HEAD);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('exception 0x0B'))).toBe(true);
    await page.getByTestId('traffic-errors').uncheck();
  });

  await test.step('scrolling up stops following; the button jumps back', async () => {
    await expect.poll(() => trafficShown(page)).toBeGreaterThan(60);
    await list.evaluate((el) => el.scrollTo(0, 0));
    await expect(page.getByTestId('traffic-jump')).toBeVisible();
    await page.getByTestId('traffic-jump').click();
    await expect(page.getByTestId('traffic-following')).toBeVisible();
  });

  await test.step('pause stops recording, resume starts it again', async () => {
    await page.getByTestId('traffic-pause').click();
    await expect(page.getByTestId('traffic-paused')).toBeVisible();
    await page.waitForTimeout(600); // a batch already on its way may still land
    const before = await trafficShown(page);
    await page.waitForTimeout(1500); // three polls of each watch
    expect(await trafficShown(page)).toBe(before);
    // The pause is the engine's: a reloaded page shows it, and resumes from there.
    await page.reload();
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'open');
    list = await openTraffic(page);
    await expect(page.getByTestId('traffic-paused')).toBeVisible();
    await expect(page.getByTestId('traffic-pause')).toHaveText('Resume');
    await page.getByTestId('traffic-pause').click();
    await expect(page.getByTestId('traffic-paused')).toHaveCount(0);
    await expect.poll(() => trafficShown(page)).toBeGreaterThan(before);
  });

  await test.step('the virtual list keeps the DOM small', async () => {
    const total = await trafficShown(page);
    const inDom = await list.getByTestId('traffic-row').count();
    expect(inDom).toBeLessThan(Math.max(total, 80));
    expect(inDom).toBeLessThanOrEqual(80);
  });

  await goTo(page, 'devices');
  expect(problems, problems.join('\n')).toEqual([]);
});
