import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import mqtt from 'mqtt';
import { goTo, openApp } from './scenarios/fieldbench';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startCli, startModbusSim, startWeb, tempHome, type Started } from './scenarios/processes';

/**
 * The Broker screen end to end: web mode (the real engine behind the bridge) starts its embedded broker from the
 * screen; the CLI's Sparkplug edge node (a separate process, reading the demo-plant simulator over Modbus TCP) connects
 * with the login the screen shows; its births and live data appear in the topic tree, decoded with names resolved from
 * the aliases of the births. Then mqtt.js in the test publishes a DDATA with a wrong seq, and the screen flags the gap.
 */

const SHOTS = path.join(ROOT, 'test-results');
const DDATA_PREFIX = 'spBv1.0/Site/DDATA/Gw/';

let web: (Started & { url: string }) | null = null;
let sim: (Started & { host: string; port: number }) | null = null;
let edge: Started | null = null;
let home: { dir: string; remove(): void } | null = null;
let edgeHome: { dir: string; remove(): void } | null = null;
const savedHome = process.env['FIELDBENCH_HOME'];

test.beforeAll(async () => {
  home = tempHome();
  edgeHome = tempHome();
  // The edge node CLI keeps its bdSeq and store under FIELDBENCH_HOME: a temporary one, not the user's.
  process.env['FIELDBENCH_HOME'] = edgeHome.dir;
  [web, sim] = await Promise.all([startWeb(home.dir), startModbusSim()]);
});

test.afterAll(async () => {
  await edge?.stop();
  await web?.stop();
  await sim?.stop();
  home?.remove();
  edgeHome?.remove();
  if (savedHome === undefined) delete process.env['FIELDBENCH_HOME'];
  else process.env['FIELDBENCH_HOME'] = savedHome;
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

test('start the broker, watch a Sparkplug edge node birth and publish, and see a wrong seq flagged', async ({ page }) => {
  test.setTimeout(150_000);
  const problems = watchProblems(page, { httpErrors: true });
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, web!.url);
  await goTo(page, 'broker');
  let url = '';
  let user = '';
  let password = '';
  let passwordFile = '';

  await test.step('start the broker: a loopback listener and a generated login, the password shown once', async () => {
    await expect(page.getByTestId('broker-state')).toHaveText('Stopped');
    await page.getByTestId('broker-port').fill('0');
    await page.getByTestId('broker-start').click();
    await expect(page.getByTestId('broker-state')).toHaveText('Running');
    url = (await page.getByTestId('broker-url').textContent())!;
    expect(url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    user = (await page.getByTestId('broker-username').textContent())!;
    password = (await page.getByTestId('broker-password').textContent())!;
    passwordFile = (await page.getByTestId('broker-password-file').textContent())!;
    expect(user).toMatch(/^fb-[0-9a-f]{8}$/);
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(passwordFile.startsWith(home!.dir)).toBe(true);
    await expect(page.getByTestId('broker-clients')).toHaveText('0');
    await page.screenshot({ path: path.join(SHOTS, 'broker-started-1440.png') });
    await page.getByTestId('broker-record').click();
    await expect(page.getByTestId('broker-session')).toHaveAttribute('data-recording', 'true');
  });

  await test.step('the edge node connects with that login: NBIRTH, DBIRTH and live DDATA in the tree', async () => {
    edge = await startCli(
      ['sparkplug', '--tcp', `127.0.0.1:${sim!.port}`, '--unit', '1', '--map', path.join(ROOT, 'test/fixtures/maps/demo-plant-eu.csv'), '--broker', url, '--group', 'Site', '--node', 'Gw', '--aliases',
        '--user', user, '--password-file', passwordFile, '--store', path.join(edgeHome!.dir, 'store')],
      /edge node Site\/Gw: \d+ devices[^\n]*\n/,
      60_000,
    );
    await expect(topic(page, 'spBv1.0/Site/NBIRTH/Gw')).toHaveCount(1, { timeout: 20_000 });
    await expect(topic(page, 'spBv1.0/Site/DBIRTH/Gw/')).toHaveCount(1);
    const ddata = topic(page, DDATA_PREFIX);
    await expect(ddata).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByTestId('broker-clients')).toHaveText('1');
    // Live: the DDATA topic keeps counting.
    const first = Number(await ddata.getAttribute('data-count'));
    await expect.poll(async () => Number(await ddata.getAttribute('data-count')), { timeout: 20_000 }).toBeGreaterThan(first);
    await expect(page.getByTestId('broker-alerts')).toHaveAttribute('data-count', '0');
    await page.getByTestId('broker-password-done').click();
    await expect(page.getByTestId('broker-password')).toHaveCount(0);
  });

  await test.step('the DBIRTH decoded: typed metrics with their aliases', async () => {
    await topic(page, 'spBv1.0/Site/DBIRTH/Gw/').click();
    await expect(page.getByTestId('broker-sp-type')).toHaveText('DBIRTH');
    const level = page.locator('[data-testid="broker-metric"][data-name$="demo-plant-eu/tank_level_mm"]');
    await expect(level).toContainText('UInt16');
    await expect(page.locator('[data-testid="broker-metric"][data-name$="demo-plant-eu/flow_rate_lpm"]')).toContainText('Float');
    await page.screenshot({ path: path.join(SHOTS, 'broker-dbirth-1440.png') });
  });

  await test.step('a DDATA: metrics sent by alias alone, named from the birth', async () => {
    await topic(page, DDATA_PREFIX).click();
    await expect(page.getByTestId('broker-sp-type')).toHaveText('DDATA');
    await expect(page.getByTestId('broker-sp-seq')).toHaveText(/^\d+$/);
    const named = page.locator('[data-testid="broker-metric"][data-name*="demo-plant-eu/"]');
    await expect(named.first()).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('broker-metric').filter({ hasText: 'no birth seen' })).toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, 'broker-ddata-1440.png') });
  });

  await test.step('a DDATA with a wrong seq from a test publisher is flagged as a gap', async () => {
    const ddataTopic = (await topic(page, DDATA_PREFIX).getAttribute('data-topic'))!;
    const seen = Number(await page.getByTestId('broker-sp-seq').textContent());
    const wrong = (seen + 128) % 256;
    const client = await mqtt.connectAsync(url, { username: user, password, reconnectPeriod: 0 });
    try {
      await client.publishAsync(ddataTopic, payloadWithSeq(wrong), { qos: 0 });
    } finally {
      await client.endAsync();
    }
    const gap = page.locator('[data-testid="broker-alert"][data-kind="seq-gap"]').filter({ hasText: `seq ${wrong} after` });
    await expect(gap).toHaveCount(1);
    await expect(gap).toContainText(ddataTopic);
    await expect(topic(page, ddataTopic)).not.toHaveAttribute('data-issues', '0');
    await page.screenshot({ path: path.join(SHOTS, 'broker-1440.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(SHOTS, 'broker-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  await test.step('data from an edge node never born is flagged as a missing birth', async () => {
    const client = await mqtt.connectAsync(url, { username: user, password, reconnectPeriod: 0 });
    try {
      await client.publishAsync('spBv1.0/Site/NDATA/Stranger', payloadWithSeq(5), { qos: 0 });
    } finally {
      await client.endAsync();
    }
    await expect(page.locator('[data-testid="broker-alert"][data-kind="no-birth"]').filter({ hasText: 'NDATA from Stranger before any NBIRTH' })).toHaveCount(1);
  });

  await test.step('the edge node stops: its NDEATH carries the bdSeq of its NBIRTH', async () => {
    await topic(page, 'spBv1.0/Site/NBIRTH/Gw').click();
    const birthBdSeq = await page.getByTestId('broker-sp-bdseq').textContent();
    expect(birthBdSeq).toMatch(/^\d+$/);
    await edge!.stop();
    await topic(page, 'spBv1.0/Site/NDEATH/Gw').click();
    await expect(page.getByTestId('broker-sp-type')).toHaveText('NDEATH');
    await expect(page.getByTestId('broker-sp-bdseq')).toHaveText(birthBdSeq!);
    await expect(page.getByTestId('broker-sp-bdseq-match')).toHaveText(/matches its NBIRTH/);
    await expect(page.locator('[data-testid="broker-alert"][data-kind="bdseq-mismatch"]')).toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, 'broker-ndeath-1440.png') });
  });

  await test.step('the recorded session saved as JSON lines and as CSV', async () => {
    await page.getByTestId('broker-record').click();
    await expect(page.getByTestId('broker-session')).toHaveAttribute('data-recording', 'false');
    const save = async (testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const lines = (await save('broker-save-jsonl')).trim().split('\n').map((l) => JSON.parse(l) as { topic: string; sparkplug: { type: string; seq: number | null } | null; issues: string[] });
    expect(lines[0]!.topic).toBe('spBv1.0/Site/NBIRTH/Gw');
    expect(lines[0]!.sparkplug!.seq).toBe(0);
    expect(lines.some((l) => l.sparkplug?.type === 'DBIRTH')).toBe(true);
    expect(lines.filter((l) => l.issues.some((i) => i.startsWith('seq-gap: seq '))).length).toBeGreaterThanOrEqual(1);
    const csv = (await save('broker-save-csv')).split('\r\n');
    expect(csv[0]).toBe('time,topic,qos,retain,size,sparkplug_type,seq,metric,alias,datatype,value,units,metric_time,text,issues');
    expect(csv.some((row) => row.includes(',DBIRTH,') && row.includes('demo-plant-eu/tank_level_mm,1,UInt16,'))).toBe(true);
  });

  await test.step('stop the broker', async () => {
    await page.getByTestId('broker-stop').click();
    await expect(page.getByTestId('broker-state')).toHaveText('Stopped');
  });

  expect(problems).toEqual([]);
});
