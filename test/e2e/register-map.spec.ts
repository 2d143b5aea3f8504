import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addTcpDevice, deviceRow, goTo, openApp } from './scenarios/fieldbench';
import { watchProblems } from './scenarios/page-problems';
import { ROOT, startSimulator, startWeb, tempHome, type Started } from './scenarios/processes';
import { vendorWorkbook } from '../fixtures/maps/make-xlsx';
import { addImportedMap, expectTagValue, FIXTURES, importMapFile, openLiveTags, runCli, selectTag, solveFor, tagRow } from './scenarios/register-map';

/**
 * From the vendor's spreadsheet to verified values, in Chromium against the real engine and a simulator process:
 * import a semicolon CSV with a BOM and decimal commas, see the demo plant decode live, fix a float the map
 * declares ABCD but the device holds word-swapped with the known-value solver, mark it verified, and export the
 * checkout report.
 */

const SHOTS = path.join(ROOT, 'test-results');
const MAP_FILE = path.join(FIXTURES, 'demo-plant-map.csv');
/** grid_voltage: the map says float32 ABCD at 40050; the simulator holds 230.1 word-swapped (CDAB). */
const VOLTAGE_WIRE = 49;

let sim: (Started & { host: string; port: number }) | null = null;
let web: (Started & { url: string; origin: string }) | null = null;
let home: { dir: string; remove(): void } | null = null;

test.beforeAll(async () => {
  home = tempHome();
  sim = await startSimulator();
  const w = await runCli(['write', '--tcp', `${sim.host}:${sim.port}`, '--unit', '1', '--table', 'holding', '--address', String(VOLTAGE_WIRE), '--type', 'float32', '--order', 'CDAB', '--value', '230.1', '--note', 'e2e: word-swapped float', '--confirm', '--home', home.dir]);
  if (w.code !== 0) throw new Error(`fieldbench write failed (${w.code}):\n${w.output}`);
  web = await startWeb(home.dir);
});

/** Open the app with the simulator added as "Plant". The tests share one engine: reuse it when an earlier test added it. */
async function openWithPlant(page: Page): Promise<void> {
  await openApp(page, web!.url);
  await goTo(page, 'devices');
  if ((await deviceRow(page, 'Plant').count()) === 0) await addTcpDevice(page, { name: 'Plant', host: sim!.host, port: sim!.port, unitId: 1, timeoutMs: 1000 });
}

test.afterAll(async () => {
  await web?.stop();
  await sim?.stop();
  home?.remove();
});

test('import a register map, decode it live, fix a word-swapped float with the solver, verify it and export the report', async ({ page, browser }) => {
  const problems = watchProblems(page);
  mkdirSync(SHOTS, { recursive: true });
  // What the page asks the engine over the bridge (the trend's follow requests among them).
  const asked: { name: string; input: unknown }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const m = JSON.parse(String(f.payload)) as { t?: string; name?: string; input?: unknown };
      if (m.t === 'req' && m.name) asked.push({ name: m.name, input: m.input });
    }),
  );

  await test.step('add the simulator as a device', async () => {
    await openApp(page, web!.url);
    await addTcpDevice(page, { name: 'Plant', host: sim!.host, port: sim!.port, unitId: 1, timeoutMs: 1000 });
  });

  await test.step('import the CSV: the mapping is guessed, every row is accounted for', async () => {
    await importMapFile(page, 'Plant', MAP_FILE);
    await expect(page.getByTestId('import-file-line')).toContainText('decimal comma');
    await expect(page.getByTestId('mapping-confidence')).toContainText('100%');
    await expect(page.getByTestId('mapping-select-address').locator('option:checked')).toHaveText('B: Register');
    await expect(page.getByTestId('mapping-select-scale').locator('option:checked')).toHaveText('E: Factor');
    const summary = page.getByTestId('import-summary');
    await expect(summary).toHaveAttribute('data-tags', '7');
    await expect(summary).toHaveAttribute('data-rejected', '1');
    // The decimal comma is read as a decimal: motor_current's 0,01.
    await expect(page.locator('[data-testid="preview-row"][data-row="6"]')).toContainText('0.01');
    await expect(page.locator('[data-testid="preview-row"][data-row="8"]')).toContainText('40050');
    // The bad row is listed with its row, cell and reason, not dropped.
    await expect(page.locator('[data-testid="rejected-row"][data-row="10"]')).toContainText('REAL48');
    await expect(page.locator('[data-testid="import-problem"][data-code="unknown-type"]')).toContainText('C10');
    await expect(page.locator('[data-testid="import-problem"][data-code="invalid-name"]')).toContainText('pump speed_setpoint');
    await page.setViewportSize({ width: 1366, height: 1300 });
    await page.screenshot({ path: path.join(SHOTS, 'register-map.png') });
    await page.setViewportSize({ width: 1366, height: 820 });
  });

  await test.step('add it to the project: the device lists the map with its tag count', async () => {
    await addImportedMap(page);
    const row = page.locator('[data-testid="map-row"][data-map-name="demo-plant-map"]');
    await expect(row.getByTestId('map-tag-count')).toHaveText('7');
  });

  await test.step('the tags decode live: tank 1500 mm; the ABCD-declared voltage reads as nonsense', async () => {
    await openLiveTags(page);
    await expect(page.getByTestId('tags-count')).toHaveText('7 tags');
    await expectTagValue(page, 'tank_level', '1500', 'mm');
    await expectTagValue(page, 'valve_state', '1');
    await expect(tagRow(page, 'motor_current').getByTestId('tag-value')).toHaveText(/^1[0-9]\.\d+$/);
    await expect(tagRow(page, 'grid_voltage').getByTestId('tag-value')).not.toHaveText('…');
    await expect(tagRow(page, 'grid_voltage').getByTestId('tag-value')).not.toHaveText(/^230/);
    await tagRow(page, 'flow_rate').getByTestId('tag-trend').check();
    await tagRow(page, 'pump_pressure').getByTestId('tag-trend').check();
    await tagRow(page, 'tank_level').click();
    await expect(page.getByTestId('trend-panel')).toBeVisible();
    await page.waitForTimeout(2500); // let the trend gather a few seconds of real timestamps
    // The page asked the engine for every reading of the two trended tags, not only each batch's newest.
    const follows = asked.filter((a) => a.name === 'tags.follow').map((a) => (a.input as { keys: string[] }).keys.map((k) => k.slice(k.indexOf('/') + 1)));
    expect(follows.at(-1)).toEqual(['flow_rate', 'pump_pressure']);
    await page.screenshot({ path: path.join(SHOTS, 'tags-live.png') });
  });

  await test.step('freeze holds the screen while the engine keeps polling; sorting by value reorders the rows', async () => {
    const flow = tagRow(page, 'flow_rate').getByTestId('tag-value');
    await page.getByTestId('tags-freeze').click();
    await expect(page.getByTestId('tags-frozen')).toBeVisible();
    const held = await flow.textContent();
    await page.waitForTimeout(1500);
    await expect(flow).toHaveText(held!);
    await page.getByTestId('tags-freeze').click();
    await expect(flow).not.toHaveText(held!);
    await page.getByTestId('tags-sort-value').click();
    await page.getByTestId('tags-sort-value').click(); // largest first
    await expect(page.getByTestId('tag-row').first()).toHaveAttribute('data-name', 'tank_level');
    await page.getByTestId('tags-sort-value').click(); // back to map order
    await expect(page.getByTestId('tag-row').first()).toHaveAttribute('data-name', 'tank_level');
    await expect(page.getByTestId('tag-row').nth(1)).toHaveAttribute('data-name', 'flow_rate');
  });

  await test.step('the solver finds the word-swapped float; Apply makes it read 230.1 V live', async () => {
    await selectTag(page, 'grid_voltage');
    const list = await solveFor(page, '230,1 V');
    const cdab = list.locator('[data-testid="solver-candidate"][data-type="float32"][data-order="CDAB"][data-scale="1"]');
    await expect(cdab).toHaveCount(1);
    await expect(list.getByTestId('solver-candidate').first()).toHaveAttribute('data-order', 'CDAB');
    await cdab.getByTestId('solver-apply').click();
    await expect(page.getByTestId('solver-applied')).toBeVisible();
    await expectTagValue(page, 'grid_voltage', '230.1', 'V');
    await expect(cdab).toContainText('current');
    await page.screenshot({ path: path.join(SHOTS, 'solver.png') });
  });

  await test.step('note what the panel meter shows, mark it verified from the keyboard; the table shows it', async () => {
    await page.getByTestId('checkout-note').fill('panel meter shows 230,1 V');
    await tagRow(page, 'grid_voltage').click();
    await page.keyboard.press('v');
    await expect(tagRow(page, 'grid_voltage').getByTestId('tag-check')).toHaveAttribute('data-status', 'verified');
    await expect(page.getByTestId('checkout-status')).toContainText('as found: 230.1 V');
  });

  await test.step('export the checkout report: the verified row is in it with its as-found value', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('checkout-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^checkout-.*\.html$/);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toMatch(/<tr class="verified"><td>grid_voltage<\/td><td>40050<\/td><td>float32<\/td><td>CDAB<\/td><td class="num">230\.1\d* V<\/td><td>good<\/td>/);
    expect(html).toMatch(/<td>Verified<\/td><td>panel meter shows 230,1 V<\/td><\/tr>/);
    expect(html).toContain('1 of 7 points verified');
    const report = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await report.setContent(html);
    await report.screenshot({ path: path.join(SHOTS, 'checkout-report.png') });
    await report.close();
  });

  await test.step('a reload keeps the checkout: the row still shows verified with its as-found value', async () => {
    await page.reload();
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('nav-live').click();
    await page.getByTestId('live-tab-tags').click();
    await selectTag(page, 'grid_voltage');
    await expect(tagRow(page, 'grid_voltage').getByTestId('tag-check')).toHaveAttribute('data-status', 'verified');
    await expect(page.getByTestId('checkout-status')).toContainText('as found: 230.1 V');
  });

  expect(problems).toEqual([]);
});

test('discover the demo plant\'s SunSpec inverter, add it as a map, and read it live with scale factors and n/i', async ({ page }) => {
  await openWithPlant(page);
  await goTo(page, 'map');
  const select = page.getByTestId('map-device');
  await select.selectOption((await select.locator('option', { hasText: 'Plant' }).getAttribute('value'))!);
  await page.getByTestId('sunspec-discover').click();
  const found = page.getByTestId('sunspec-result');
  await expect(found).toContainText('register 440001 (wire 40000)');
  await expect(found.getByTestId('sunspec-model')).toHaveCount(2);
  await expect(found.getByTestId('sunspec-model').nth(1)).toContainText('103');
  await page.getByTestId('sunspec-name').fill('Inverter SunSpec');
  await page.getByTestId('sunspec-add').click();
  await expect(page.locator('[data-testid="map-row"][data-map-name="Inverter SunSpec"]')).toBeVisible();

  await openLiveTags(page);
  // PhVphA is 2301 with V_SF -1; VA and its scale factor hold the not-implemented marker; St is an enum.
  await page.getByTestId('tags-filter').fill('inverter_three_phase.PhVphA');
  await expectTagValue(page, 'inverter_three_phase.PhVphA', '230.1', 'V');
  await page.getByTestId('tags-filter').fill('inverter_three_phase.VA');
  await expect(tagRow(page, 'inverter_three_phase.VA').getByTestId('tag-value')).toHaveText('n/i');
  await expect(tagRow(page, 'inverter_three_phase.VA').getByTestId('tag-quality')).toContainText('Uncertain');
  await page.getByTestId('tags-filter').fill('inverter_three_phase.St');
  await expect(tagRow(page, 'inverter_three_phase.St').getByTestId('tag-value')).toHaveText(/\S+ \(4\)$/);
  // A device that answers is connected, even when some of its points are not implemented.
  await expect(page.getByTestId('status-bar')).toContainText(`${sim!.host}:${sim!.port} connected`);
  await page.getByTestId('tags-filter').fill('inverter_three_phase.');
  await page.screenshot({ path: path.join(SHOTS, 'sunspec-live.png') });
});

test('an XLSX workbook: choose the sheet, fix a column by hand, add it, and export the map in four formats', async ({ page }) => {
  await openWithPlant(page);
  await goTo(page, 'map');
  const select = page.getByTestId('map-device');
  await select.selectOption((await select.locator('option', { hasText: 'Plant' }).getAttribute('value'))!);
  await page.getByTestId('import-file').setInputFiles({ name: 'pm3.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(vendorWorkbook()) });

  // The first sheet is a cover page: the sheet that holds the register table is read, and the notice names the others.
  await expect(page.getByTestId('import-sheet')).toHaveValue('Register Map');
  await expect(page.getByTestId('import-problem').filter({ hasText: 'read sheet "Register Map", the one that holds a register table' })).toContainText('"Info"');
  for (const [w, h] of [[1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(SHOTS, `import-xlsx-sheet-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1366, height: 820 });
  // The operator can still pick the cover sheet: no address column, and the problem says which sheets there are.
  await page.getByTestId('import-sheet').selectOption('Info');
  await expect(page.locator('[data-testid="import-problem"][data-code="missing-column"]')).toContainText('Register Map');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-tags', '0');
  await page.getByTestId('import-sheet').selectOption('Register Map');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-tags', /^[1-9]\d*$/);
  const tags = await page.getByTestId('import-summary').getAttribute('data-tags');
  await page.setViewportSize({ width: 1366, height: 1200 });
  await page.screenshot({ path: path.join(SHOTS, 'register-map-xlsx.png') });
  await page.setViewportSize({ width: 1366, height: 820 });
  // No name column: the description stands in, and the mapping says so.
  await expect(page.getByTestId('mapping-name')).toContainText('check it');
  // Point the scale at no column: the preview loses the 0.001 of "Energy import"; back to the guess restores it.
  const energy = page.getByTestId('preview-row').filter({ hasText: 'Energy import' });
  await expect(energy).toContainText('0.001');
  await page.getByTestId('mapping-select-scale').selectOption('-1');
  await expect(energy).not.toContainText('0.001');
  await page.getByTestId('mapping-reset').click();
  await expect(energy).toContainText('0.001');

  await page.getByTestId('import-map-name').fill('PM-3');
  await page.getByTestId('import-add').click();
  const row = page.locator('[data-testid="map-row"][data-map-name="PM-3"]');
  await expect(row.getByTestId('map-tag-count')).toHaveText(tags!);

  const download = async (kind: string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), row.getByTestId(`map-export-${kind}`).click()]);
    return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
  };
  const json = await download('json');
  expect(json.name).toBe('PM-3.fieldbench.json');
  expect(JSON.parse(json.text)).toMatchObject({ format: 'fieldbench-tagmap', devicePath: 'Site/Area/Line/Cell/Plant' });
  const csv = await download('csv');
  expect(csv.text).toContain('Energy import');
  const kepware = await download('kepware');
  expect(kepware.text.split('\n')[0]).toContain('"Tag Name","Address","Data Type"');
  // Kepware reads 32-bit values first-word-low by default: the file's floats and the notice say what this device needs.
  expect(kepware.text).toContain('[Kepware device ABCD: Modbus byte order on, first word low off, first DWord low off]');
  await expect(page.getByText(/Kepware CSV saved\. Note: .*32\/64-bit values are ABCD: set the Kepware device's Data Encoding to Modbus byte order enabled, first word low disabled/)).toBeVisible();
  const telegraf = await download('telegraf');
  expect(telegraf.text).toContain('[[inputs.modbus]]');
  expect(telegraf.text).toContain(`controller = "tcp://${sim!.host}:${sim!.port}"`);

  await row.getByTestId('map-remove').click();
  await row.getByTestId('map-remove-confirm').click();
  await expect(row).toHaveCount(0);
});

test('every row has one verdict with its reason, alike in the preview, the problem list and the summary; a missing column is named', async ({ page }) => {
  await openWithPlant(page);
  await importMapFile(page, 'Plant', path.join(ROOT, 'test', 'fixtures', 'maps', 'wrong-types.csv'));
  const summary = page.getByTestId('import-summary');
  // Row 6 overlaps row 5: imported, with a warning, in every place; row 3 has an unknown type: refused in every place.
  await expect(summary).toHaveAttribute('data-refused', '5');
  await expect(summary).toHaveAttribute('data-warned', '3');
  await expect(summary).toContainText('5 tags from 10 rows · 3 with warnings · 5 refused');
  const preview = (row: number) => page.locator(`[data-testid="preview-row"][data-row="${row}"]`);
  const problem = (row: number) => page.locator(`[data-testid="import-problem"][data-row="${row}"]`);
  await expect(preview(6)).toHaveAttribute('data-verdict', 'warning');
  await expect(preview(6)).toContainText('overlaps Energy');
  await expect(problem(6)).toHaveAttribute('data-verdict', 'warning');
  await expect(problem(6).getByTestId('problem-row-result')).toHaveText('imported, with a warning');
  await expect(preview(3)).toHaveAttribute('data-verdict', 'refused');
  await expect(preview(3)).toContainText('unknown data type "FLOAT17"');
  await expect(problem(3).getByTestId('problem-row-result')).toHaveText('refused');
  for (const [w, h] of [[1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('import-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `import-verdicts-${w}x${h}.png`) });
  }

  await importMapFile(page, 'Plant', path.join(ROOT, 'test', 'fixtures', 'maps', 'missing-columns.csv'));
  await expect(page.getByTestId('import-file-refused')).toHaveText(/^No tags: no address column: expected a header such as Address/);
  await expect(preview(2)).toContainText('not read: no address column');
  for (const [w, h] of [[1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('import-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `import-missing-column-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1366, height: 820 });
});

test('a map numbered one register off gets a prominent warning, and reading it from 1 fixes it', async ({ page }) => {
  await openWithPlant(page);
  await importMapFile(page, 'Plant', path.join(ROOT, 'test', 'fixtures', 'maps', 'one-based-floats.csv'));
  const warning = page.getByTestId('import-off-by-one');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('shift every address by -1');
  await expect(page.getByTestId('preview-row').first()).toContainText('40002');
  await page.screenshot({ path: path.join(SHOTS, 'register-map-off-by-one.png') });
  await page.getByTestId('import-plain-base').selectOption('1');
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('preview-row').first()).toContainText('40001');
});

test("held against the device: a vendor sheet one register off from the inverter's own SunS marker is flagged", async ({ page }) => {
  await openWithPlant(page);
  // Three rows and no marker row: too little for the map alone to look shifted. Only the device can tell.
  const file = path.join(home!.dir, 'inverter-vendor.csv');
  writeFileSync(file, 'Offset;Name;Type\n40001;Serial number;UINT32\n40003;Model ID;UINT16\n40004;Model length;UINT16\n');
  await importMapFile(page, 'Plant', file);
  const warning = page.getByTestId('import-off-by-one');
  const check = page.getByTestId('import-device-marker');
  await expect(check).toHaveAttribute('data-state', 'unknown');
  await expect(warning).toHaveCount(0);
  await page.getByTestId('import-check-device').click();
  await expect(check).toHaveAttribute('data-state', 'found');
  await expect(check).toContainText('the device has “SunS” at wire address 40000');
  await expect(warning).toContainText('one register above wire address 40000, where this device has its "SunS" marker (SunSpec discovery)');
  await expect(warning).toContainText('import with plain addresses counted from 1');
  await page.screenshot({ path: path.join(SHOTS, 'register-map-device-marker.png') });
  await page.getByTestId('import-plain-base').selectOption('1');
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('preview-row').first()).toContainText('40000');
});

test('a 120,000-row map is read in a worker: progress shows, the page keeps drawing, every row is accounted for', async ({ page }) => {
  await openWithPlant(page);
  const rows = 120_000;
  const file = path.join(home!.dir, 'huge-map.csv');
  const lines = ['Register;Name;Type;Factor;Unit'];
  // 60,000 holding and 60,000 input registers, every one a good tag: more than one map may hold.
  for (let i = 0; i < rows; i++) lines.push(`${i < 60_000 ? 4 : 3}${String(1 + (i % 60_000)).padStart(5, '0')};p${i};UINT16;0,1;V`);
  writeFileSync(file, lines.join('\n'));
  await goTo(page, 'map');
  const select = page.getByTestId('map-device');
  await select.selectOption((await select.locator('option', { hasText: 'Plant' }).first().getAttribute('value'))!);
  // Every progress text the page drew while the file was read. A page whose thread is held by the import draws
  // none until the end; one that stays free shows the count climbing.
  await page.evaluate(`(() => {
    const seen = new Set();
    window.progressSeen = seen;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="import-progress"]');
      if (el && el.textContent) seen.add(el.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-phase', 'rows');
  await page.getByTestId('import-panel').screenshot({ path: path.join(SHOTS, 'register-map-progress.png') });
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('import-progress')).toHaveCount(0, { timeout: 60_000 });
  const seen = (await page.evaluate('[...window.progressSeen]')) as string[];
  expect(seen.filter((t) => /^Reading rows · [\d,]+ of 120,000…$/.test(t)).length).toBeGreaterThan(2);
  expect(seen.some((t) => /^Checking tags · [\d,]+ of [\d,]+/.test(t))).toBe(true);
  await expect(page.getByTestId('import-panel')).toHaveAttribute('data-runs-in', 'worker');
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('from 120,000 rows');
  await expect(summary).toHaveAttribute('data-tags', String(rows));
  await expect(summary).toHaveAttribute('data-rejected', '0');
  // Too many for one map: said before anything is sent, with what to do.
  await expect(page.getByTestId('import-too-many')).toContainText('120,000 tags: a map holds at most 50,000');
  await expect(page.getByTestId('import-add')).toBeDisabled();
  await page.getByTestId('import-add-bar').screenshot({ path: path.join(SHOTS, 'register-map-too-many.png') });
});

test('a window that cannot start the import worker reads the file in the page instead', async ({ page }) => {
  await page.route(/import\.worker[^/]*\.js/, (route) => route.abort());
  await openWithPlant(page);
  await importMapFile(page, 'Plant', MAP_FILE);
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-tags', '7');
  await expect(page.getByTestId('import-panel')).toHaveAttribute('data-runs-in', 'page');
  // The next change runs in the page too, from its own parse of the file.
  await page.getByTestId('import-plain-base').selectOption('1');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-tags', '7');
});

test("a Kepware export: the word order it cannot carry is an assumption the operator settles in the import", async ({ page }) => {
  await openWithPlant(page);
  await importMapFile(page, 'Plant', path.join(ROOT, 'test', 'fixtures', 'maps', 'kepware-export.csv'));
  await expect(page.getByTestId('import-file-line')).toContainText('Kepware tag export (CSV)');
  const flow = page.getByTestId('preview-row').filter({ hasText: 'Pump1_Flow' });
  await expect(flow).toContainText('float32 CDAB');
  await expect(page.getByTestId('import-problems')).toContainText("a Kepware export does not say the device's word order");
  // Its addresses say their own table and base: the counting options of other files are not offered.
  await expect(page.getByTestId('import-plain-base')).toHaveCount(0);
  await page.getByTestId('import-kepware-order').selectOption('ABCD');
  await expect(flow).toContainText('float32 ABCD');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-warnings', '0');
  await page.getByTestId('import-panel').screenshot({ path: path.join(SHOTS, 'register-map-kepware.png') });
});
