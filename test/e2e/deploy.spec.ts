import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { goTo, openApp, removeDevice } from './scenarios/fieldbench';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startModbusSim, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * The Deploy gateway screen end to end, in web mode with the demo-plant simulator: a project whose "Demo plant" answers
 * and whose "Old panel" points at a port nobody listens on, with one read-write setpoint. The pre-flight names both
 * problems and export stays refused with the reason; with the dead device removed and the setpoint authorised it
 * passes, and export writes the bundle (MANIFEST.sha256, the pre-flight report) under the workspace.
 */
const SHOTS = path.join(ROOT, 'test-results');
let web: (Started & { url: string }) | null = null;
let sim: (Started & { host: string; port: number }) | null = null;
let home: { dir: string; remove(): void } | null = null;

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const tag = (name: string, address: number, access = 'read') => ({ name, scanClassMs: 1000, access, source: { kind: 'modbus', table: 'holding', address, type: 'uint16' } });

test.beforeAll(async () => {
  home = tempHome();
  sim = await startModbusSim();
  const dead = await closedPort();
  const now = new Date().toISOString();
  mkdirSync(path.join(home.dir, 'projects'), { recursive: true });
  writeFileSync(
    path.join(home.dir, 'projects', 'deploy-demo.fieldbench.json'),
    JSON.stringify({
      format: 'fieldbench-project',
      version: 3,
      name: 'Deploy demo',
      createdAt: now,
      modifiedAt: now,
      connections: [
        { kind: 'tcp', id: 'plant', name: 'demo plant', host: '127.0.0.1', port: sim.port, timeoutMs: 500 },
        { kind: 'tcp', id: 'gone', name: 'old panel', host: '127.0.0.1', port: dead, timeoutMs: 500 },
      ],
      devices: [
        { id: 'demo', name: 'Demo plant', protocol: 'modbus', connectionId: 'plant', unitId: 1 },
        { id: 'old', name: 'Old panel', protocol: 'modbus', connectionId: 'gone', unitId: 1 },
      ],
      tagMaps: [
        { id: 'dm', deviceId: 'demo', name: 'plant map', tags: [tag('tank_level', 0), tag('setpoint', 29, 'read-write')] },
        { id: 'om', deviceId: 'old', name: 'panel map', tags: [tag('alarm_word', 0)] },
      ],
    }),
  );
  web = await startWeb(home.dir);
});
test.afterAll(async () => {
  await web?.stop();
  await sim?.stop();
  home?.remove();
});

async function openProject(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByTestId('open-dialog').getByText('deploy-demo', { exact: false }).first().click();
  const open = page.getByTestId('open-dialog').getByRole('button', { name: /^Open$/ });
  if (await open.isVisible()) await open.click();
  await expect(page.getByTestId('project-name')).toHaveText(/Deploy demo/);
}

const finding = (page: Page, check: string, text: string | RegExp) => page.getByTestId('deploy-finding').and(page.locator(`[data-check="${check}"]`)).filter({ hasText: text });

test('pre-flight names the dead device and the unauthorised write, export waits; fixed, it exports a bundle with its manifest', async ({ page }) => {
  const problems = watchProblems(page);
  await openApp(page, web!.url);
  await openProject(page);
  await page.keyboard.press('Alt+7');
  await expect(page.getByTestId('screen-deploy')).toBeVisible();
  await expect(page.getByTestId('deploy-export-blocked')).toHaveText('Run the pre-flight first.');

  await page.getByTestId('deploy-run-preflight').click();
  await expect(page.getByTestId('deploy-findings')).toBeVisible({ timeout: 30_000 });
  const dead = finding(page, 'reachability', 'Old panel');
  await expect(dead).toHaveAttribute('data-severity', 'error');
  await expect(dead).toContainText(/did not answer from this machine: .*refused/);
  await expect(finding(page, 'reachability', 'Demo plant')).toHaveAttribute('data-severity', 'ok');
  await expect(finding(page, 'writes', 'setpoint')).toHaveAttribute('data-severity', 'error');
  await expect(finding(page, 'tls', 'embedded broker')).toHaveAttribute('data-severity', 'ok');
  await expect(page.getByTestId('deploy-verdict')).toHaveText(/\d+ errors?: export refused/);
  await expect(page.getByTestId('deploy-export-button')).toBeDisabled();
  await expect(page.getByTestId('deploy-export-blocked')).toContainText(/The pre-flight has \d+ errors?/);
  // Errors come first in the table.
  await expect(page.getByTestId('deploy-finding').first()).toHaveAttribute('data-severity', 'error');
  await shots(page, 'deploy-preflight-errors');

  // Fix both: remove the device that is gone, authorise the setpoint.
  await removeDevice(page, 'Old panel');
  await goTo(page, 'deploy');
  await page.getByTestId('deploy-writable').check();
  await expect(page.getByTestId('deploy-export-blocked')).toHaveText('The settings changed since the pre-flight: run it again.');
  await page.getByTestId('deploy-group').fill('Plant');
  await page.getByTestId('deploy-node').fill('edge-7');
  await page.getByTestId('deploy-run-preflight').click();
  await expect(page.getByTestId('deploy-verdict')).toHaveText('Passed', { timeout: 30_000 });
  await expect(finding(page, 'writes', 'setpoint')).toHaveAttribute('data-severity', 'warning');
  await expect(finding(page, 'reachability', 'Old panel')).toHaveCount(0);

  await page.getByTestId('deploy-folder').fill('edge-7');
  await expect(page.getByTestId('deploy-export-button')).toBeEnabled();
  await page.getByTestId('deploy-export-button').click();
  const result = page.getByTestId('deploy-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const folder = path.join(home!.dir, 'projects', 'gateways', 'edge-7');
  await expect(page.getByTestId('deploy-result-folder')).toHaveText(folder);
  await expect(page.getByTestId('deploy-result-size')).toContainText(/\d+ files, \d+\.\d MB/);
  await expect(page.getByTestId('deploy-result-start')).toHaveText('./run');
  await expect(page.getByTestId('deploy-result-steps')).toHaveText(/^Wrote \d+ files \(MANIFEST.sha256 last\) and edge-7\.zip$/);
  await expect(page.getByTestId('deploy-result-zip')).toHaveText(`${folder}.zip`);
  expect(existsSync(`${folder}.zip`)).toBe(true);
  await expect(page.getByTestId('deploy-export-blocked')).toHaveText('Exported to this folder: name another folder to export again.');
  const manifest = readFileSync(path.join(folder, 'MANIFEST.sha256'), 'utf8');
  expect(manifest).toMatch(/^[0-9a-f]{64} {2}gateway\.json$/m);
  expect(manifest).toMatch(/^[0-9a-f]{64} {2}PREFLIGHT\.md$/m);
  expect(readFileSync(path.join(folder, 'PREFLIGHT.md'), 'utf8')).toContain('PASSED: no errors');
  const config = JSON.parse(readFileSync(path.join(folder, 'gateway.json'), 'utf8')) as { northbound: { group: string; node: string }; devices: { name: string }[] };
  expect(config.northbound).toMatchObject({ group: 'Plant', node: 'edge-7' });
  expect(config.devices.map((d) => d.name)).toEqual(['Demo plant']);
  expect(statSync(path.join(folder, 'run')).mode & 0o111).not.toBe(0);
  expect(existsSync(path.join(folder, 'runtime', 'gateway.js'))).toBe(true);
  await shots(page, 'deploy-exported');
  expect(problems).toEqual([]);
});

test('an upstream broker in plaintext across the network without a login: both refused, with how to fix; a stated reason turns TLS into a warning', async ({ page }) => {
  await openApp(page, web!.url);
  await goTo(page, 'deploy');
  await page.getByTestId('deploy-broker-url').check();
  await page.getByTestId('deploy-url').fill('mqtt://192.0.2.10:1883');
  await page.getByTestId('deploy-run-preflight').click();
  await expect(finding(page, 'tls', 'across the network')).toHaveAttribute('data-severity', 'error', { timeout: 30_000 });
  await expect(finding(page, 'tls', 'across the network')).toContainText('use mqtts://HOST:8883');
  await expect(finding(page, 'access', 'no login for mqtt://192.0.2.10:1883')).toHaveAttribute('data-severity', 'error');
  await expect(page.getByTestId('deploy-export-button')).toBeDisabled();
  await shots(page, 'deploy-upstream-errors');
  await page.getByTestId('deploy-plaintext-reason').fill('isolated cell VLAN 40');
  await page.getByTestId('deploy-user').fill('edge');
  await page.getByTestId('deploy-password').fill('not-a-real-password');
  await page.getByTestId('deploy-run-preflight').click();
  await expect(finding(page, 'tls', 'accepted: isolated cell VLAN 40')).toHaveAttribute('data-severity', 'warning', { timeout: 30_000 });
  await expect(finding(page, 'access', 'logs in to mqtt://192.0.2.10:1883 as "edge"')).toHaveAttribute('data-severity', 'ok');
  await expect(page.getByTestId('screen-deploy')).not.toContainText('not-a-real-password');
});

/** The page at the two sizes an integrator's laptop has, for a person to look at. */
async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1366, height: 820 });
}
