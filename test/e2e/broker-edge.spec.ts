import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import mqtt from 'mqtt';
import { mosquittoBroker, type TestBroker } from '../helpers/mqtt-peers';
import { addTcpDevice, goTo, openApp } from './scenarios/fieldbench';
import { watchProblems } from './scenarios/page-problems';
import { addImportedMap, importMapFile } from './scenarios/register-map';
import { ROOT, startModbusSim, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * The app's own edge node and bridge, run from the Broker screen of web mode: the project's demo-plant device and its
 * imported map are published as Sparkplug B to the embedded broker; births and live data show in the tree; a test
 * publisher's wrong seq on the app's DDATA topic is flagged; the bridge to a mosquitto upstream carries the node's
 * messages there, and the upstream tree shows them (subscribed read-only).
 */

const SHOTS = path.join(ROOT, 'test-results');
/** The demo plant's tank level and flow (which moves), and two spare holding registers a host may write (read-write in the map). */
const MAP_CSV = 'Register;Name;Type;Scale;Units;Access\n40001;tank_level_mm;uint16;1;mm;R\n40010;flow_rate_lpm;float32;1;L/min;R\n40061;setpoint;uint16;1;;RW\n40062;valve_cmd;uint16;1;;RW\n';

/** A DCMD setting one UInt16 metric (by name) to v < 128, written field by field (sparkplug_b.proto). */
function dcmd(name: string, v: number): Buffer {
  const n = Buffer.from(name);
  const metric = [0x0a, n.length, ...n, 0x20, 0x06, 0x50, v];
  return Buffer.from([0x12, metric.length, ...metric]);
}

let web: (Started & { url: string }) | null = null;
let sim: (Started & { host: string; port: number }) | null = null;
let up: TestBroker | null = null;
let home: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  [web, sim, up] = await Promise.all([startWeb(home.dir), startModbusSim(), mosquittoBroker(home.dir)]);
});

test.afterAll(async () => {
  await web?.stop();
  await sim?.stop();
  await up?.stop();
  home?.remove();
});

function topic(page: Page, prefix: string) {
  return page.locator(`[data-testid="broker-topic"][data-topic^="${prefix}"]`);
}

/** A Sparkplug B payload written field by field (sparkplug_b.proto): a timestamp and a seq, no metric. */
function payloadWithSeq(seq: number): Buffer {
  const varint = (v: number): number[] => {
    const out: number[] = [];
    let n = BigInt(v);
    do {
      let b = Number(n & 0x7fn);
      n >>= 7n;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  return Buffer.from([0x08, ...varint(Date.now()), 0x18, ...varint(seq)]);
}

test('run the edge node and the bridge from the Broker screen', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchProblems(page, { httpErrors: true });
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, web!.url);
  let url = '';
  let user = '';
  let password = '';
  let setpointName = '';
  let valveName = '';

  await test.step('a project with the demo plant and its map', async () => {
    const map = path.join(home!.dir, 'plant-rw.csv');
    writeFileSync(map, MAP_CSV);
    await addTcpDevice(page, { name: 'Plant', host: sim!.host, port: sim!.port, unitId: 1, timeoutMs: 1000 });
    await importMapFile(page, 'Plant', map);
    await addImportedMap(page);
  });

  await test.step('the edge node waits for the embedded broker, then starts on it', async () => {
    await goTo(page, 'broker');
    await expect(page.getByTestId('edge-state')).toHaveAttribute('data-state', 'stopped');
    await expect(page.getByTestId('edge-start')).toBeDisabled();
    await page.getByTestId('broker-port').fill('0');
    // A WebSocket listener beside it: loopback; asking for the network says what that opens, before anything listens.
    await page.getByTestId('broker-ws').check();
    await page.getByTestId('broker-ws-port').fill('0');
    await page.getByTestId('broker-ws-network').check();
    await expect(page.getByTestId('broker-ws-network-warning')).toContainText('reachable from every network');
    await page.getByTestId('broker-ws-network').uncheck();
    await expect(page.getByTestId('broker-ws-network-warning')).toHaveCount(0);
    await page.getByTestId('broker-start').click();
    await expect(page.getByTestId('broker-state')).toHaveText('Running');
    await expect(page.getByTestId('broker-ws-url')).toHaveText(/^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
    await expect(page.getByTestId('broker-warning')).toHaveCount(0);
    url = (await page.getByTestId('broker-url').textContent())!;
    user = (await page.getByTestId('broker-username').textContent())!;
    password = (await page.getByTestId('broker-password').textContent())!;
    await page.getByTestId('broker-password-done').click();
    const overWs = await mqtt.connectAsync((await page.getByTestId('broker-ws-url').textContent())!, { username: user, password, reconnectPeriod: 0 });
    await overWs.endAsync();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('edge-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'broker-forms-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('edge-group').fill('Site');
    await page.getByTestId('edge-node').fill('App');
    await page.getByTestId('edge-aliases').check();
    // valve_cmd may be written by the host without asking; setpoint only on the operator's confirmation.
    await page.locator('.edge-writable summary').click();
    await page.locator('[data-testid="edge-writable"][data-key$="/valve_cmd"]').check();
    await page.getByTestId('edge-start').click();
    await expect(page.getByTestId('edge-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
    await expect(page.getByTestId('edge-births')).toHaveText('1');
    await expect(page.getByTestId('edge-bdseq')).toHaveText(/^\d+$/);
    await expect(page.getByTestId('edge-url-shown')).toHaveText(url);
  });

  await test.step('its births and live data in the tree, decoded', async () => {
    await expect(topic(page, 'spBv1.0/Site/NBIRTH/App')).toHaveCount(1, { timeout: 20_000 });
    await expect(topic(page, 'spBv1.0/Site/DBIRTH/App/Plant')).toHaveCount(1);
    const ddata = topic(page, 'spBv1.0/Site/DDATA/App/Plant');
    await expect(ddata).toHaveCount(1, { timeout: 20_000 });
    const first = Number(await ddata.getAttribute('data-count'));
    await expect.poll(async () => Number(await ddata.getAttribute('data-count')), { timeout: 20_000 }).toBeGreaterThan(first);
    await topic(page, 'spBv1.0/Site/DBIRTH/App/Plant').click();
    await expect(page.locator('[data-testid="broker-metric"][data-name$="tank_level_mm"]')).toContainText('UInt16');
    setpointName = (await page.locator('[data-testid="broker-metric"][data-name$="/setpoint"]').getAttribute('data-name'))!;
    valveName = (await page.locator('[data-testid="broker-metric"][data-name$="/valve_cmd"]').getAttribute('data-name'))!;
    await ddata.click();
    await expect(page.getByTestId('broker-sp-type')).toHaveText('DDATA');
    // Sent by alias alone, named from the birth.
    await expect(page.locator('[data-testid="broker-metric"][data-name$="flow_rate_lpm"]').first()).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('broker-metric').filter({ hasText: 'no birth seen' })).toHaveCount(0);
    await expect(page.getByTestId('broker-alerts')).toHaveAttribute('data-count', '0');
    await expect.poll(async () => Number(await page.getByTestId('edge-published').textContent().then((t) => t!.split(' ')[0])), { timeout: 10_000 }).toBeGreaterThan(2);
  });

  await test.step('DCMD from the host: a pre-authorised tag is written at once, another waits for the operator', async () => {
    const client = await mqtt.connectAsync(url, { username: user, password, reconnectPeriod: 0 });
    try {
      await client.publishAsync('spBv1.0/Site/DCMD/App/Plant', dcmd(valveName, 7), { qos: 0 });
      await client.publishAsync('spBv1.0/Site/DCMD/App/Plant', dcmd(setpointName, 44), { qos: 0 });
    } finally {
      await client.endAsync();
    }
    const waiting = page.getByTestId('edge-pending-write');
    await expect(waiting).toHaveCount(1, { timeout: 10_000 });
    await expect(waiting).toHaveAttribute('data-metric', `Plant/${setpointName}`);
    await expect(waiting).toContainText('44');
    await expect(page.getByTestId('edge-log')).toContainText(`DCMD wrote Plant/${valveName} = 7`, { useInnerText: false });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('edge-pending').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'broker-dcmd-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('edge-pending-confirm').click();
    await expect(page.getByTestId('edge-pending-write')).toHaveCount(0);
    // Written and read back: the next DDATA carries the new setpoint.
    const sp = page.locator('[data-testid="broker-metric"][data-name$="/setpoint"]');
    await topic(page, 'spBv1.0/Site/DDATA/App/Plant').click();
    await expect(sp.getByTestId('broker-metric-value')).toHaveText('44', { timeout: 15_000 });
  });

  await test.step('a wrong seq on the app node’s DDATA topic from a test publisher is flagged', async () => {
    const seen = Number(await page.getByTestId('broker-sp-seq').textContent());
    const wrong = (seen + 128) % 256;
    const client = await mqtt.connectAsync(url, { username: user, password, reconnectPeriod: 0 });
    try {
      await client.publishAsync('spBv1.0/Site/DDATA/App/Plant', payloadWithSeq(wrong), { qos: 0 });
    } finally {
      await client.endAsync();
    }
    await expect(page.locator('[data-testid="broker-alert"][data-kind="seq-gap"]').filter({ hasText: `seq ${wrong} after` })).toHaveCount(1);
  });

  await test.step('the bridge to mosquitto: connected, the node’s messages go up, the upstream tree shows them', async () => {
    await page.getByTestId('bridge-url').fill(up!.url);
    await page.getByTestId('bridge-user').fill(up!.login.username);
    await page.getByTestId('bridge-password').fill(up!.login.password);
    await page.getByTestId('bridge-rule-local').fill('spBv1.0/');
    await page.getByTestId('bridge-rule-remote').fill('site1/spBv1.0/');
    await page.getByTestId('bridge-start').click();
    await expect(page.getByTestId('bridge-state')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect.poll(async () => Number((await page.getByTestId('bridge-counts').textContent())!.split(' ')[0]), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('inspector-upstream').click();
    await expect(page.getByTestId('broker-inspector')).toHaveAttribute('data-view', 'upstream');
    await expect(topic(page, 'site1/spBv1.0/Site/DDATA/App/Plant')).toHaveCount(1, { timeout: 20_000 });
    await topic(page, 'site1/spBv1.0/Site/DDATA/App/Plant').click();
    await expect(page.getByTestId('broker-sp-type')).toHaveText('DDATA');
    await page.screenshot({ path: path.join(SHOTS, 'broker-edge-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(SHOTS, 'broker-edge-1280.png') });
    await page.screenshot({ path: path.join(SHOTS, 'broker-edge-1280-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('inspector-broker').click();
  });

  await test.step('stopping: the bridge, then the edge node with its NDEATH', async () => {
    await page.getByTestId('bridge-stop').click();
    await expect(page.getByTestId('bridge-state')).toHaveAttribute('data-state', 'stopped');
    await page.getByTestId('edge-stop').click();
    await expect(page.getByTestId('edge-state')).toHaveAttribute('data-state', 'stopped');
    await expect(topic(page, 'spBv1.0/Site/NDEATH/App')).toHaveCount(1, { timeout: 10_000 });
    // The form comes back with what was used.
    await expect(page.getByTestId('edge-group')).toHaveValue('Site');
    await expect(page.getByTestId('bridge-url')).toHaveValue(up!.url);
  });
  expect(problems).toEqual([]);
});
