import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Reusable steps over the Fieldbench UI, by data-testid only, so the same scenarios drive web mode and the
 * desktop app and survive layout changes.
 */

export type Screen = 'devices' | 'map' | 'live' | 'opcua' | 'cip' | 'broker' | 'deploy' | 'traffic';

/** Open the UI and wait until it is connected to the engine. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', /^(open|ipc)$/);
  await expect(page.getByTestId('project-name')).not.toHaveText('…');
}

export async function goTo(page: Page, screen: Screen): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await expect(page.getByTestId(`screen-${screen}`)).toBeVisible();
}

export interface TcpDevice {
  name: string;
  host: string;
  port: number;
  unitId?: number;
  timeoutMs?: number;
}

/** Fill the add-device form and submit it; the device row is returned once it is listed. */
export async function addTcpDevice(page: Page, d: TcpDevice): Promise<Locator> {
  await goTo(page, 'devices');
  const form = page.getByTestId('add-device-form');
  await form.getByTestId('device-name').fill(d.name);
  await form.getByTestId('device-host').fill(d.host);
  await form.getByTestId('device-port').fill(String(d.port));
  await form.getByTestId('device-unit').fill(String(d.unitId ?? 1));
  await form.getByTestId('device-timeout').fill(String(d.timeoutMs ?? 1000));
  await form.getByTestId('device-add').click();
  const row = deviceRow(page, d.name);
  await expect(row).toBeVisible();
  return row;
}

export function deviceRow(page: Page, name: string, testId = 'device-row'): Locator {
  return page.locator(`[data-testid="${testId}"][data-device-name="${name.replace(/"/g, '\\"')}"]`);
}

export interface WatchSpec {
  table?: 'holding' | 'input' | 'coil' | 'discrete';
  /** As the operator types it: "40001" or "0". */
  address: string;
  count: number;
  intervalMs?: number;
}

/**
 * Add a watch on a device from the Devices screen. Returns the wire address the form said it would send,
 * so the caller can check the two address conventions.
 */
export async function addWatch(page: Page, deviceName: string, w: WatchSpec): Promise<number> {
  await goTo(page, 'devices');
  const row = deviceRow(page, deviceName);
  const form = page.getByTestId('add-watch-form');
  if (!(await form.isVisible())) await row.getByTestId('watch-open').click();
  await expect(form).toBeVisible();
  if (w.table) await form.getByTestId('watch-table').selectOption(w.table);
  await form.getByTestId('watch-address').fill(w.address);
  await form.getByTestId('watch-count').fill(String(w.count));
  await form.getByTestId('watch-interval').fill(String(w.intervalMs ?? 1000));
  const preview = form.getByTestId('watch-preview');
  await expect(preview).toBeVisible();
  const wire = Number(await preview.getAttribute('data-wire'));
  await form.getByTestId('watch-add').click();
  await expect(form).toBeHidden();
  return wire;
}

/** The live table of the watch that starts at this wire address (the first one, if several do). */
export function liveTable(page: Page): Locator {
  return page.getByTestId('live-table');
}

export function liveRow(page: Page, wire: number): Locator {
  return liveTable(page).getByTestId(`row-${wire}`).first();
}

/** Wait until a register shows this uint16 value with Good quality. */
export async function expectLiveValue(page: Page, wire: number, value: number, timeout = 15_000): Promise<void> {
  const row = liveRow(page, wire);
  await expect(row.getByTestId(`u16-${wire}`)).toHaveText(String(value), { timeout });
  await expect(row.getByTestId(`q-${wire}`)).toHaveText('Good');
}

export async function removeDevice(page: Page, name: string): Promise<void> {
  await goTo(page, 'devices');
  const row = deviceRow(page, name);
  const confirm = deviceRow(page, name, 'device-remove-row');
  if (!(await confirm.isVisible())) await row.getByTestId('device-remove').click();
  await confirm.getByTestId('device-remove-confirm').click();
  await expect(row).toHaveCount(0);
}
