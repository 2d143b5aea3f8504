import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { deviceRow, goTo, openApp } from './scenarios/fieldbench';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startCli, startWeb, tempHome, type Started } from './scenarios/processes';
import { openLiveTags, tagRow } from './scenarios/register-map';

/**
 * The OPC UA screen end to end: web mode (the real engine behind the bridge) and the CLI's OPC UA demo server in a
 * separate process. The operator discovers the server, picks its SignAndEncrypt endpoint, is shown the server's
 * certificate and trusts it, browses Objects › Plant › Mixing (120 machines: a virtualized tree) › Mixer01, ticks Temperature, adds it as a tag and
 * watches it move in Live › Tags with Good quality.
 */

const SHOTS = path.join(ROOT, 'test-results');

let demo: (Started & { url: string; user: string; password: string }) | null = null;
let web: (Started & { url: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;
let demoHome: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  demoHome = tempHome();
  const s = await startCli(['sim', 'opcua', '--port', '0', '--machines', '120', '--home', demoHome.dir], /OPC UA demo server listening on (opc\.tcp:\/\/127\.0\.0\.1:\d+)[\s\S]*user "([^"]+)" password "([^"]+)"[^\n]*\n/, 60_000);
  demo = { ...s, url: s.match[1]!, user: s.match[2]!, password: s.match[3]! };
  web = await startWeb(home.dir);
});

test.afterAll(async () => {
  await web?.stop();
  await demo?.stop();
  home?.remove();
  demoHome?.remove();
});

function node(page: Page, name: string) {
  return page.locator(`[data-testid="opcua-node"][data-name="${name}"]`);
}

/** Open a node of the tree by clicking its caret, and wait for its children. */
async function open(page: Page, name: string, child: string) {
  await node(page, name).getByTestId('opcua-node-toggle').click();
  await expect(node(page, child)).toBeVisible({ timeout: 15_000 });
}

test('discover the demo server, trust its certificate, browse to a variable, add it as a tag and watch it live', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchProblems(page, { httpErrors: true });
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, web!.url);

  await test.step('discover: every endpoint with its mode, policy and logins; the most secure one is chosen', async () => {
    await goTo(page, 'opcua');
    await page.getByTestId('opcua-url').fill(demo!.url);
    await page.getByTestId('opcua-discover').click();
    const rows = page.getByTestId('opcua-endpoint');
    await expect(rows).toHaveCount(2);
    await expect(page.locator('[data-testid="opcua-endpoint"][data-mode="None"]')).toContainText('anonymous, user name');
    const secure = page.locator('[data-testid="opcua-endpoint"][data-mode="SignAndEncrypt"]');
    await expect(secure).toContainText('Basic256Sha256');
    await expect(secure).toContainText('not yet trusted');
    await expect(secure.locator('input[type="radio"]')).toBeChecked();
    await expect(page.getByTestId('opcua-deprecated')).toHaveCount(0);
  });

  await test.step('add it: the untrusted certificate is shown with subject, issuer, thumbprint, validity and URI', async () => {
    await page.getByTestId('opcua-name').fill('Demo OPC UA');
    await page.getByTestId('opcua-add').click();
    const prompt = page.getByTestId('opcua-cert-prompt');
    await expect(prompt).toBeVisible({ timeout: 20_000 });
    await expect(prompt.getByTestId('opcua-cert-prompt-card-subject')).toContainText('Fieldbench demo server');
    await expect(prompt).toContainText('urn:fieldbench:demo-server');
    await expect(prompt.getByTestId('opcua-cert-prompt-card-thumbprint')).toHaveText(/^([0-9a-f]{4} ){9}[0-9a-f]{4}$/);
    await expect(page.getByTestId('opcua-certs-rejected').getByTestId('opcua-cert-row')).toHaveCount(1);
    await page.screenshot({ path: path.join(SHOTS, 'opcua-trust-1440.png') });
  });

  await test.step('trust it: the server is added and the tree opens at Objects', async () => {
    await page.getByTestId('opcua-cert-trust').click();
    await expect(page.getByTestId('opcua-cert-prompt')).toHaveCount(0);
    await expect(page.getByTestId('opcua-add-error')).toHaveCount(0);
    await expect(page.getByTestId('opcua-certs-trusted').getByTestId('opcua-cert-row')).toHaveCount(1);
    await expect(page.getByTestId('opcua-certs-rejected')).toHaveCount(0);
    await expect(page.getByTestId('opcua-device')).toHaveValue(/.+/, { timeout: 20_000 });
    await expect(node(page, 'Plant')).toBeVisible({ timeout: 20_000 });
    await expect(node(page, 'Server')).toBeVisible();
    // The add form closed, so the tree has the room.
    await expect(page.getByTestId('opcua-endpoints')).toHaveCount(0);
  });

  await test.step('browse with the mouse and the keys to Mixer01 › Temperature; its details show', async () => {
    await expect(page.getByTestId('opcua-session')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('opcua-session')).toContainText('SignAndEncrypt');
    await open(page, 'Plant', 'Mixing');
    // Keys: focus Mixing, → opens it, → again goes to its first child (Mixer01), → opens that.
    await node(page, 'Mixing').click();
    await page.keyboard.press('ArrowRight');
    await expect(node(page, 'Mixer01')).toBeVisible({ timeout: 15_000 });
    await page.keyboard.press('ArrowRight');
    await expect(node(page, 'Mixer01')).toHaveAttribute('aria-selected', 'true');
    // Mixing holds 120 machines: the tree has every row, the page only those in view.
    await expect(page.getByTestId('opcua-tree')).toHaveAttribute('data-rows', /^(1[2-9]\d|[2-9]\d\d)$/);
    expect(await page.getByTestId('opcua-node').count()).toBeLessThan(80);
    await page.keyboard.press('ArrowRight');
    await expect(node(page, 'Temperature').first()).toBeVisible({ timeout: 15_000 });
    await node(page, 'Temperature').first().click();
    const details = page.getByTestId('opcua-node-details');
    await expect(details.getByTestId('opcua-node-id')).toHaveText('ns=1;s=Plant.Mixing.Mixer01.Temperature');
    await expect(details.getByTestId('opcua-node-class')).toHaveText('Variable');
    await expect(details.getByTestId('opcua-node-datatype')).toHaveText(/^Double/);
    await page.keyboard.press(' ');
    await expect(node(page, 'Temperature').first().getByTestId('opcua-node-tick')).toBeChecked();
    await expect(page.getByTestId('opcua-add-tags')).toHaveText('Add 1 as tag');
    // The Attributes panel: every attribute decoded; References: type, direction and target.
    await expect(details.getByTestId('opcua-attributes')).toHaveAttribute('data-loaded', 'true');
    await expect(details.getByTestId('opcua-attr-AccessLevel')).toContainText('CurrentRead');
    await expect(details.getByTestId('opcua-attr-AccessLevel')).not.toContainText('CurrentWrite');
    await expect(details.getByTestId('opcua-attr-MinimumSamplingInterval')).toContainText('100 ms');
    await details.getByTestId('opcua-tab-references').click();
    await expect(details.locator('[data-testid="opcua-reference"][data-direction="inverse"]').filter({ hasText: 'HasComponent' })).toContainText('Mixer01');
    await details.getByTestId('opcua-tab-attributes').click();
    await page.screenshot({ path: path.join(SHOTS, 'opcua-1440.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(SHOTS, 'opcua-1280.png') });
  });

  await test.step('read a node now, write a setting through the confirmed write, call a method and see its outputs', async () => {
    const details = page.getByTestId('opcua-node-details');
    await details.getByTestId('opcua-read').click();
    await expect(details.getByTestId('opcua-read-quality')).toHaveText('Good');
    expect(Number((await details.getByTestId('opcua-read-value').textContent())!.replace('Double', '').trim())).not.toBeNaN();

    await node(page, 'Setpoint').first().click();
    await expect(details.getByTestId('opcua-node-id')).toHaveText('ns=1;s=Plant.Mixing.Mixer01.Setpoint');
    await details.getByTestId('opcua-write').click();
    const write = page.getByTestId('opcua-write-dialog');
    await write.getByTestId('opcua-write-value').fill('61.5');
    await write.getByTestId('opcua-write-prepare').click();
    await expect(write.getByTestId('write-current')).toHaveText('50');
    await expect(write.getByTestId('write-new')).toContainText('61.5');
    // Enter on the focused Send button does not send.
    await write.getByTestId('opcua-send').focus();
    await page.keyboard.press('Enter');
    await expect(write.getByTestId('opcua-write-result')).toHaveCount(0);
    await page.keyboard.press('Control+Enter');
    await expect(write.getByTestId('opcua-write-result')).toContainText('Written');
    await write.getByTestId('opcua-write-close').click();
    await expect(details.getByTestId('opcua-read-value')).toContainText('61.5');

    await node(page, 'ApplyRecipe').first().click();
    await details.getByTestId('opcua-call').click();
    const callDialog = page.getByTestId('opcua-call-dialog');
    await callDialog.getByTestId('opcua-call-in-0').fill('Night');
    await callDialog.getByTestId('opcua-call-in-1').fill('abc');
    await callDialog.getByTestId('opcua-call-prepare').click();
    await expect(callDialog).toContainText('is not a number');
    await callDialog.getByTestId('opcua-call-in-1').fill('70');
    await callDialog.getByTestId('opcua-call-prepare').click();
    await expect(callDialog.getByTestId('write-inputs')).toContainText('Setpoint = 70');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, 'opcua-call-1440.png') });
    await callDialog.getByTestId('opcua-send').click();
    // ApplyRecipe answers the setpoint it replaced: the one written just before.
    await expect(callDialog.getByTestId('opcua-call-output')).toHaveText([/Accepted\s*Boolean\s*true/, /PreviousSetpoint\s*Double\s*61\.5/]);
    await page.screenshot({ path: path.join(SHOTS, 'opcua-call-done-1440.png') });
    await callDialog.getByTestId('opcua-call-close').click();
    await node(page, 'Setpoint').first().click();
    await details.getByTestId('opcua-read').click();
    await expect(details.getByTestId('opcua-read-value')).toContainText('70');
    await page.screenshot({ path: path.join(SHOTS, 'opcua-read-1440.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(SHOTS, 'opcua-read-1280.png') });
  });

  await test.step('find a node the tree has not browsed by searching the server, bookmark it, come back to it from the bookmark', async () => {
    const details = page.getByTestId('opcua-node-details');
    const search = page.getByTestId('opcua-search');
    await search.fill('Filler03');
    await expect(page.getByTestId('opcua-search-status')).toContainText('0 among the');
    await search.press('Enter');
    await expect(page.getByTestId('opcua-search-status')).toContainText(/^done: .* 1 found/, { timeout: 30_000 });
    await page.getByTestId('opcua-search-hit').click();
    await expect(details.getByTestId('opcua-node-id')).toHaveText('ns=1;s=Plant.Filling.Filler03', { timeout: 15_000 });
    await expect(node(page, 'Filler03')).toHaveAttribute('aria-selected', 'true');
    await details.getByTestId('opcua-bookmark-toggle').click();
    await expect(page.getByTestId('opcua-bookmark')).toHaveText('★ Filler03');
    // Somewhere else (a hit among the nodes browsed), then back by the bookmark.
    await search.fill('Temperature');
    await page.locator('[data-testid="opcua-search-hit"][data-node-id="ns=1;s=Plant.Mixing.Mixer01.Temperature"]').click();
    await expect(details.getByTestId('opcua-node-id')).toHaveText('ns=1;s=Plant.Mixing.Mixer01.Temperature');
    await page.getByTestId('opcua-bookmark').click();
    await expect(details.getByTestId('opcua-node-id')).toHaveText('ns=1;s=Plant.Filling.Filler03');
    await search.fill('');
    await page.screenshot({ path: path.join(SHOTS, 'opcua-search-1280.png') });
  });

  await test.step('add it as a tag; in Live › Tags it moves with Good quality and shows its NodeId', async () => {
    await page.getByTestId('opcua-add-tags').click();
    await expect(page.getByTestId('opcua-add-tags')).toBeDisabled();
    await openLiveTags(page);
    const row = tagRow(page, 'Mixer01.Temperature');
    await expect(row.getByTestId('tag-quality')).toHaveText('Good', { timeout: 20_000 });
    await expect(row).toContainText('ns=1;s=Plant.Mixing.Mixer01.Temperature');
    const first = await row.getByTestId('tag-value').textContent();
    expect(Number(first)).not.toBeNaN();
    await expect(row.getByTestId('tag-value')).not.toHaveText(first!, { timeout: 15_000 });
    await expect(row.getByTestId('tag-quality')).toHaveText('Good');
    await row.click();
    const detail = page.getByTestId('tag-detail');
    await expect(detail).toContainText('OPC UA node ns=1;s=Plant.Mixing.Mixer01.Temperature');
    await expect(detail.getByTestId('detail-source-time')).toHaveText(/source time \d\d:\d\d:\d\d\.\d{3}/);
    await page.screenshot({ path: path.join(SHOTS, 'opcua-tags-1280.png') });
  });

  await test.step('a second login as a user on the None endpoint: a wrong password is refused, the right one adds it', async () => {
    await goTo(page, 'opcua');
    await page.getByTestId('opcua-discover').click();
    // Discovering again shows the certificate trusted before.
    const secure = page.locator('[data-testid="opcua-endpoint"][data-mode="SignAndEncrypt"]');
    await expect(secure).toContainText('trusted');
    await expect(secure).not.toContainText('not yet trusted');
    await page.locator('[data-testid="opcua-endpoint"][data-mode="None"] input[type="radio"]').check();
    await page.getByTestId('opcua-name').fill('Demo as operator');
    await page.getByTestId('opcua-login-username').check();
    await page.getByTestId('opcua-user').fill(demo!.user);
    await page.getByTestId('opcua-password').fill(`${demo!.password}-wrong`);
    await page.getByTestId('opcua-add').click();
    await expect(page.getByTestId('opcua-add-error')).toContainText('BadUserAccessDenied', { timeout: 20_000 });
    await expect(page.getByTestId('opcua-cert-prompt')).toHaveCount(0);
    await page.getByTestId('opcua-password').fill(demo!.password);
    await page.getByTestId('opcua-add').click();
    await expect(page.getByTestId('opcua-device').locator('option')).toHaveText(['Demo OPC UA', 'Demo as operator'], { timeout: 20_000 });
    await expect(page.getByTestId('opcua-device')).toHaveValue(/.+/);
    await page.getByTestId('opcua-device').selectOption({ label: 'Demo as operator' });
    await expect(node(page, 'Plant')).toBeVisible({ timeout: 20_000 });
  });

  await test.step('the Devices screen lists both servers', async () => {
    await goTo(page, 'devices');
    await expect(deviceRow(page, 'Demo OPC UA')).toBeVisible();
    await expect(deviceRow(page, 'Demo as operator')).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, 'opcua-devices-1280.png') });
  });

  await test.step('the certificate can be moved back to the rejected list', async () => {
    await goTo(page, 'opcua');
    await page.getByTestId('opcua-certs-trusted').getByTestId('opcua-cert-move-reject').click();
    await expect(page.getByTestId('opcua-certs-rejected').getByTestId('opcua-cert-row')).toHaveCount(1);
    await expect(page.getByTestId('opcua-certs-trusted')).toHaveCount(0);
  });

  expect(problems).toEqual([]);
});
