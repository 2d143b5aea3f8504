import path from 'node:path';
import { expect, test } from '@playwright/test';
import { eventMethodName, requestMethodName } from '../../src/shared/api';
import { EVENT_NAMES, REQUEST_NAMES } from '../../src/shared/contract';
import { goTo } from './scenarios/fieldbench';
import { ROOT, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * The page as the desktop app runs it, without needing an Electron binary: window.fieldbench is the shape the
 * preload exposes through contextBridge, where a rejected request arrives as plain data
 * { name: 'FieldbenchError', code, message, issues? } because Error classes do not cross the bridge. The page must
 * turn that back into a FieldbenchError, or field-level validation and error codes are lost in the desktop app.
 *
 * The stand-in API answers from fixed data; only the built page is served from `fieldbench web`.
 */

const SHOTS = path.join(ROOT, 'test-results');

let web: (Started & { origin: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  web = await startWeb(home.dir);
});

test.afterAll(async () => {
  await web?.stop();
  home?.remove();
});

interface Names {
  requests: string[];
  events: string[];
}

/** Runs in the page before its scripts: a frozen object of functions, like the one contextBridge hands over. */
function installPreloadStandIn({ requests, events }: Names): void {
  const w = globalThis as unknown as Record<string, unknown>;
  const listeners: Record<string, ((p: unknown) => void)[]> = {};
  const ftdi = { path: '/dev/ttyUSB0', friendlyName: 'USB-RS485 (FTDI FT232R) — /dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: 'A10K1XYZ', adapter: 'FTDI' };
  const answers: Record<string, unknown> = {
    appInfo: { name: 'Fieldbench', version: '0.0.0-test', host: 'electron', platform: 'win32', simulator: null },
    projectState: { name: 'Preload check', path: null, dirty: false, savedAt: null, autosavedAt: null, migratedFrom: null, recovered: false },
    projectRecent: [],
    devicesList: { connections: [], devices: [] },
    watchesList: [],
    devicesStats: [],
    auditList: [],
    scanStart: { scanId: 'scan-e2e', state: 'running', done: 0, total: 60, found: [] },
    trafficList: [],
    serialList: { ports: [ftdi], note: 'the system port list is unavailable (udevadm not found); showing device nodes instead' },
  };
  const failures: Record<string, unknown> = {
    devicesAddTcp: { name: 'FieldbenchError', code: 'invalid_input', message: 'invalid input', issues: [{ path: 'port', message: 'Too big: expected number to be <=65535' }] },
    devicesAddRtu: { name: 'FieldbenchError', code: 'io_error', message: 'cannot open /dev/ttyUSB0: Access denied (is another program using the port?)' },
  };
  const api: Record<string, unknown> = {};
  for (const m of requests) {
    api[m] = (input: unknown) => {
      (w['__calls'] as unknown[]).push([m, input]);
      return m in failures ? Promise.reject(failures[m]) : Promise.resolve(m in answers ? answers[m] : {});
    };
  }
  for (const e of events) {
    api[e] = (cb: (p: unknown) => void) => {
      (listeners[e] ??= []).push(cb);
      return () => undefined;
    };
  }
  w['__calls'] = [];
  w['__emit'] = (e: string, payload: unknown) => (listeners[e] ?? []).forEach((cb) => cb(payload));
  Object.defineProperty(globalThis, 'fieldbench', { value: Object.freeze(api), configurable: false });
}

test('errors from the desktop preload keep their code and field issues; the port picker shows adapters and hot-plug', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (new URL(req.url()).hostname !== '127.0.0.1') problems.push(`request to ${req.url()}`);
  });
  await page.addInitScript(installPreloadStandIn, { requests: REQUEST_NAMES.map(requestMethodName), events: EVENT_NAMES.map(eventMethodName) } satisfies Names);
  await page.goto(`${web!.origin}/`);
  await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'ipc');
  await expect(page.getByTestId('project-name')).toHaveText('Preload check');

  await test.step('an invalid_input rejection lands next to the field it names', async () => {
    await goTo(page, 'devices');
    const form = page.getByTestId('add-device-form');
    await form.getByTestId('device-name').fill('PLC');
    await form.getByTestId('device-host').fill('10.0.0.5');
    await form.getByTestId('device-port').fill('70000');
    await form.getByTestId('device-add').click();
    await expect(form.getByTestId('device-port-error')).toHaveText('at most 65535');
  });

  await test.step('the serial port picker: friendly name, adapter badge, the one-line note, and hot-plug', async () => {
    await page.getByTestId('device-kind-rtu').check();
    const form = page.getByTestId('add-device-form');
    await expect(form.getByTestId('device-serial-select')).toHaveValue('/dev/ttyUSB0');
    await expect(form.getByTestId('adapter-badge')).toHaveText('FTDI');
    await expect(form.getByTestId('device-serial-note')).toContainText('udevadm');
    await page.evaluate(() => {
      const ch340 = { path: '/dev/ttyUSB1', friendlyName: 'USB-RS485 (CH340/CH341) — /dev/ttyUSB1', vendorId: '1a86', productId: '7523', adapter: 'CH340' };
      (globalThis as unknown as { __emit: (e: string, p: unknown) => void }).__emit('onSerialPorts', { ports: [ch340] });
    });
    await expect(form.getByTestId('device-serial-select').locator('option')).toHaveText(['/dev/ttyUSB1 — USB-RS485 (CH340/CH341)', 'Other: type a path…']);
    // The chosen adapter was unplugged: the path stays, and the form says so.
    await expect(form.getByTestId('device-serial-gone')).toBeVisible();
    await expect(form.getByTestId('device-serial-path')).toHaveValue('/dev/ttyUSB0');
    await form.getByTestId('device-serial-select').selectOption('/dev/ttyUSB1');
    await expect(form.getByTestId('adapter-badge')).toHaveText('CH340');
  });

  await test.step('an io_error rejection is shown in words, with the form kept as typed', async () => {
    const form = page.getByTestId('add-device-form');
    await form.getByTestId('device-name').fill('Meter');
    await form.getByTestId('device-echo').check(); // a 2-wire adapter that hears itself
    await form.getByTestId('device-add').click();
    await expect(page.getByTestId('device-form-error')).toContainText('Access denied');
    await expect(form.getByTestId('device-name')).toHaveValue('Meter');
    const calls = await page.evaluate(() => (globalThis as unknown as { __calls: [string, Record<string, unknown>][] }).__calls.filter(([m]) => m === 'devicesAddRtu'));
    expect(calls[0]![1]).toMatchObject({ path: '/dev/ttyUSB1', baud: 19200, parity: 'even', dataBits: 8, stopBits: 1, rtsToggle: false, echo: true, unitId: 1, timeoutMs: 1000, retries: 1, turnaroundMs: 100 });
    await page.screenshot({ path: path.join(SHOTS, 'devices-rtu-ports.png') });
  });

  await test.step('the RTU bus scan form estimates the probes it will send', async () => {
    const panel = page.getByTestId('scan-panel');
    await panel.getByTestId('scan-open').click();
    await panel.getByTestId('scan-kind-rtu').check();
    await expect(panel.getByTestId('scan-serial-select')).toHaveValue('/dev/ttyUSB1');
    await panel.getByTestId('scan-to').fill('10');
    // 10 units × 2 bauds (9600, 19200) × 2 parities (even, none), 100 ms each at worst
    await expect(panel.getByTestId('scan-estimate')).toHaveText('40 probes · at most 4 s');
    await panel.getByTestId('scan-parity-odd').check();
    await expect(panel.getByTestId('scan-estimate')).toHaveText('60 probes · at most 6 s');
    await panel.getByTestId('scan-start').click();
    const calls = await page.evaluate(() => (globalThis as unknown as { __calls: [string, Record<string, unknown>][] }).__calls.filter(([m]) => m === 'scanStart'));
    expect(calls[0]![1]).toMatchObject({ kind: 'rtu', path: '/dev/ttyUSB1', bauds: [19200, 9600], parities: ['even', 'none', 'odd'], units: { from: 1, to: 10 }, timeoutMs: 100 });
    await page.evaluate(() => {
      const hit = { unitId: 5, where: '/dev/ttyUSB1 19200 8E1', path: '/dev/ttyUSB1', baud: 19200, parity: 'even', answer: 'registers', responseMs: 14.2 };
      const p = { scanId: 'scan-e2e', state: 'running', done: 23, total: 60, current: '/dev/ttyUSB1 19200 8E1 unit 12', found: [hit] };
      (globalThis as unknown as { __emit: (e: string, p: unknown) => void }).__emit('onScanProgress', p);
    });
    await expect(panel.getByTestId('scan-count')).toHaveText('23/60');
    await expect(panel.getByTestId('scan-current')).toHaveText('probing /dev/ttyUSB1 19200 8E1 unit 12');
    await expect(panel.getByTestId('scan-cancel')).toBeVisible();
    await expect(panel.getByTestId('scan-hit')).toContainText('/dev/ttyUSB1 19200 8E1');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'scan-rtu-form.png') });
    await panel.getByTestId('scan-hit-add').click();
    const adds = await page.evaluate(() => (globalThis as unknown as { __calls: [string, Record<string, unknown>][] }).__calls.filter(([m]) => m === 'devicesAddRtu'));
    expect(adds.at(-1)![1]).toMatchObject({ path: '/dev/ttyUSB1', baud: 19200, parity: 'even', unitId: 5, dataBits: 8, stopBits: 1 });
  });

  expect(problems, problems.join('\n')).toEqual([]);
});
