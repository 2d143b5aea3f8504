import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { deviceRow, goTo, liveRow, liveTable } from './fieldbench';

/**
 * Reusable steps for the Modbus tools of the UI: RTU devices, the bus/host scan, confirmed writes, the write log
 * and the Traffic screen. By data-testid only, like fieldbench.ts.
 */

export interface RtuDevice {
  name: string;
  /** Typed by hand: a socat pseudo-terminal is not in the OS port list. */
  path: string;
  baud?: number;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  unitId?: number;
  timeoutMs?: number;
}

/** Fill the add-device form as "Modbus RTU (serial)" and submit it; returns the row once it is listed. */
export async function addRtuDevice(page: Page, d: RtuDevice): Promise<Locator> {
  await goTo(page, 'devices');
  const form = page.getByTestId('add-device-form');
  await page.getByTestId('device-kind-rtu').check();
  await expect(form).toHaveAttribute('data-kind', 'rtu');
  await form.getByTestId('device-name').fill(d.name);
  await form.getByTestId('device-serial-select').selectOption('__other__');
  await form.getByTestId('device-serial-path').fill(d.path);
  await form.getByTestId('device-baud').selectOption(String(d.baud ?? 19200));
  await form.getByTestId('device-parity').selectOption(d.parity ?? 'even');
  await form.getByTestId('device-stopbits').selectOption(String(d.stopBits ?? 1));
  await form.getByTestId('device-unit').fill(String(d.unitId ?? 1));
  await form.getByTestId('device-timeout').fill(String(d.timeoutMs ?? 1000));
  await form.getByTestId('device-add').click();
  const row = deviceRow(page, d.name);
  await expect(row).toBeVisible();
  return row;
}

export interface TcpScan {
  hosts: string[];
  port: number;
  from: number;
  to: number;
  timeoutMs?: number;
}

/** Run a TCP scan from the "Find devices" panel and wait until it is done; returns the panel. */
export async function scanTcp(page: Page, s: TcpScan): Promise<Locator> {
  await goTo(page, 'devices');
  const panel = page.getByTestId('scan-panel');
  if (await panel.getByTestId('scan-open').isVisible()) await panel.getByTestId('scan-open').click();
  await panel.getByTestId('scan-kind-tcp').check();
  await panel.getByTestId('scan-hosts').fill(s.hosts.join('\n'));
  await panel.getByTestId('scan-port').fill(String(s.port));
  await panel.getByTestId('scan-from').fill(String(s.from));
  await panel.getByTestId('scan-to').fill(String(s.to));
  await panel.getByTestId('scan-timeout').fill(String(s.timeoutMs ?? 300));
  await panel.getByTestId('scan-start').click();
  await expect(panel.getByTestId('scan-progress')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  return panel;
}

export function scanHit(page: Page, unitId: number): Locator {
  return page.locator(`[data-testid="scan-hit"][data-unit="${unitId}"]`);
}

/** The Live screen's panel of the watch whose header says this ("Coils", "Tank RTU"...). */
export function watchPanel(page: Page, headerText: string): Locator {
  return page.locator('[data-watch-id]').filter({ has: page.locator('.watch-head', { hasText: headerText }) });
}

/** Select a register on the Live screen (in the first watch, or the given one) and open the write dialog for it. */
export async function openWrite(page: Page, wire: number, panel?: Locator): Promise<Locator> {
  await goTo(page, 'live');
  const scope = panel ?? page.locator('[data-watch-id]').filter({ has: liveTable(page) }).first();
  const row = panel ? scope.getByTestId(`row-${wire}`) : liveRow(page, wire);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await scope.getByTestId('write-open').click();
  const dialog = page.getByTestId('write-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Step one of a write: type the value and let the engine say what it would send. Nothing is written. */
export async function prepareWrite(dialog: Locator, w: { value: string; type?: string; order?: string; note?: string }): Promise<void> {
  if (w.type) await dialog.getByTestId('write-type').selectOption(w.type);
  if (w.order) await dialog.getByTestId('write-order').selectOption(w.order);
  await dialog.getByTestId('write-value').fill(w.value);
  if (w.note !== undefined) await dialog.getByTestId('write-note').fill(w.note);
  await dialog.getByTestId('write-prepare').click();
  await expect(dialog.getByTestId('write-ticket')).toBeVisible();
}

export async function openWriteLog(page: Page): Promise<Locator> {
  await page.getByTestId('write-log-open').click();
  const log = page.getByTestId('write-log');
  await expect(log).toBeVisible();
  return log;
}

export async function openTraffic(page: Page): Promise<Locator> {
  await goTo(page, 'traffic');
  return page.getByTestId('traffic-list');
}

/** Frames the Traffic screen holds after its filter (the list is windowed: not every row is in the DOM). */
export async function trafficShown(page: Page): Promise<number> {
  return Number(await page.getByTestId('traffic-count').getAttribute('data-shown'));
}

/** Export the traffic log as CSV and return the downloaded file's text. */
export async function exportTrafficCsv(page: Page): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('traffic-export').click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return { download, text: Buffer.concat(chunks).toString('utf8') };
}
