import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startBridge } from '../../src/bridge/server';
import { Engine } from '../../src/engine/engine';
import { buildSimDevice, SimMap } from '../../src/engine/modbus/sim/sim-map';
import { serveTcp } from '../../src/engine/modbus/sim/tcp-server';
import { frameSize, type TagValuesFrame } from '../../src/shared/schemas/tag-frame';
import { result, type Bench } from './bench';

const TAGS = 5000;
const SCAN_MS = 100; // 10 Hz
const MEASURE_MS = 5000;
const ROOT = path.resolve(__dirname, '..', '..');
const RENDERER = path.join(ROOT, 'out', 'renderer');

/** 5,000 moving points: sines of different periods, so nearly every tag changes on every poll. */
function movingPlant(): SimMap {
  const points = Array.from({ length: TAGS }, (_, i) => ({ address: i, generator: { kind: 'sine' as const, center: 2300 + (i % 100), amplitude: 50, periodS: 2 + (i % 17) } }));
  return SimMap.parse({ units: [{ unitId: 1, points }] });
}

interface Frames {
  p50: number;
  p95: number;
  mean: number;
  frames: number;
  over33: number;
  /** Value cells the page re-drew during the measurement, per second: proof that updates were flowing (or not). */
  cellUpdatesPerS: number;
}

/**
 * In the page: requestAnimationFrame intervals for `duration` ms, and how many value cells changed meanwhile.
 * Kept as source text so the bench runner's transpiler cannot add helpers the page does not have.
 */
const MEASURE_IN_PAGE = `async (duration) => {
  const list = document.querySelector('[data-testid="tags-list"]');
  let changes = 0;
  const mo = new MutationObserver((records) => { changes += records.length; });
  if (list) mo.observe(list, { subtree: true, characterData: true, childList: true });
  const gaps = [];
  await new Promise((resolve) => {
    let last = -1;
    let end = 0;
    function tick(t) {
      if (last < 0) end = t + duration; else gaps.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick); else resolve();
    }
    requestAnimationFrame(tick);
  });
  mo.disconnect();
  const sorted = [...gaps].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] || 0;
  const p95 = at(0.95);
  const p50 = at(0.5);
  const mean = gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length);
  return { p50, p95, mean, frames: gaps.length, over33: gaps.filter((g) => g > 33.4).length, cellUpdatesPerS: (changes * 1000) / duration };
}`;

async function measureFrames(page: Page, ms: number): Promise<Frames> {
  return (await page.evaluate(`(${MEASURE_IN_PAGE})(${ms})`)) as Frames;
}

/**
 * The live tags table with 5,000 tags polled at 10 Hz from a simulator whose every point moves: p95 frame time
 * (requestAnimationFrame intervals) in Chromium while the table follows the updates, against the same page with
 * the table frozen (the engine keeps polling and the batches keep arriving; only the screen holds still). Also
 * printed: the same live table at 1 Hz, which tells the page's cost of receiving the batches from its cost of
 * showing them.
 */
export const bench: Bench = {
  name: 'live-table-p95-frame-ms',
  async run() {
    if (!existsSync(path.join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npx electron-vite build` first');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldbench-bench-live-'));
    const sim = buildSimDevice(movingPlant());
    const t0 = Date.now();
    const mover = setInterval(() => sim.step((Date.now() - t0) / 1000), SCAN_MS);
    const server = await serveTcp(sim.device, { host: '127.0.0.1', port: 0 });
    const engine = new Engine({ host: 'web', version: '0.0.0-bench', dataDir: path.join(dir, 'data'), workspaceDir: path.join(dir, 'projects'), simulator: null });
    await engine.start();
    const bridge = await startBridge(engine, { port: 0, staticDir: RENDERER });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    let readings = 0;
    const unsubscribe = engine.subscribe('tags.values', (frame) => (readings += frameSize(frame as TagValuesFrame)));
    try {
      const added = await engine.dispatch('devices.addTcp', { name: 'Moving plant', host: '127.0.0.1', port: server.port, timeoutMs: 2000 });
      if (!added.ok) throw new Error(added.error.message);
      const deviceId = (added.value as { device: { id: string } }).device.id;
      const tags = Array.from({ length: TAGS }, (_, i) => ({ name: `line${Math.floor(i / 100)}_point${i % 100}`, source: { kind: 'modbus', table: 'holding', address: i, type: 'uint16', scale: 0.1 }, units: 'V', scanClassMs: SCAN_MS }));
      const put = await engine.dispatch('tagMaps.put', { deviceId, name: 'Moving plant 5000', tags });
      if (!put.ok) throw new Error(put.error.message);

      const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
      await page.goto(bridge.url);
      await page.getByTestId('nav-live').click();
      await page.getByTestId('live-tab-tags').click();
      await page.getByTestId('tags-count').filter({ hasText: `${TAGS.toLocaleString('en')} tags` }).waitFor({ timeout: 30_000 });
      // Wait until values flow: the first row holds a number with Good quality.
      await page.locator('[data-testid="tag-row"] [data-testid="tag-quality"]', { hasText: 'Good' }).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(2000);

      const scans = () => engine.scanStats().flatMap((d) => d.scanClasses).reduce((a, c) => a + c.scans, 0);
      const r0 = readings;
      const s0 = scans();
      const live = await measureFrames(page, MEASURE_MS);
      const readingsPerS = ((readings - r0) * 1000) / MEASURE_MS;
      const scansPerS = ((scans() - s0) * 1000) / MEASURE_MS;
      const liveScan = engine.scanStats()[0]?.scanClasses[0];
      await page.getByTestId('tags-freeze').click();
      await page.getByTestId('tags-frozen').waitFor();
      const r1 = readings;
      const frozen = await measureFrames(page, MEASURE_MS);
      const readingsPerSFrozen = ((readings - r1) * 1000) / MEASURE_MS;
      // The same table at 1 Hz: a tenth of the readings through the bridge, the same rendering.
      const mapId = (put.value as { id: string }).id;
      const slow = await engine.dispatch('tagMaps.put', { deviceId, name: 'Moving plant 5000', mapId, tags: tags.map((t) => ({ ...t, scanClassMs: 1000 })) });
      if (!slow.ok) throw new Error(slow.error.message);
      await page.getByTestId('tags-freeze').click();
      await page.waitForTimeout(3000);
      const r2 = readings;
      const at1Hz = await measureFrames(page, MEASURE_MS);
      const readingsPerSAt1Hz = ((readings - r2) * 1000) / MEASURE_MS;
      // The floor: the same page with no tags at all. No page measures below its display's own frame jitter.
      const removed = await engine.dispatch('tagMaps.remove', { mapId });
      if (!removed.ok) throw new Error(removed.error.message);
      await page.waitForTimeout(2000);
      const idle = await measureFrames(page, MEASURE_MS);
      await page.close();
      const round = (x: number) => Math.round(x * 10) / 10;
      return result(this.name, live.p95, 'ms', 'same page frozen, engine still polling', frozen.p95, {
        target: 16.7,
        tags: TAGS,
        scanHz: 1000 / SCAN_MS,
        scansPerS: round(scansPerS),
        lastScanMs: liveScan?.lastScanMs,
        overruns: liveScan?.overruns,
        readingsPerS: Math.round(readingsPerS),
        readingsPerSFrozen: Math.round(readingsPerSFrozen),
        p50FrameMs: round(live.p50),
        p50FrameMsFrozen: round(frozen.p50),
        meanFrameMs: round(live.mean),
        meanFrameMsFrozen: round(frozen.mean),
        framesOver33ms: live.over33,
        framesOver33msFrozen: frozen.over33,
        cellUpdatesPerS: Math.round(live.cellUpdatesPerS),
        cellUpdatesPerSFrozen: Math.round(frozen.cellUpdatesPerS),
        p95FrameMsAt1Hz: round(at1Hz.p95),
        readingsPerSAt1Hz: Math.round(readingsPerSAt1Hz),
        p95FrameMsIdlePage: round(idle.p95),
      });
    } finally {
      unsubscribe();
      await browser.close();
      await bridge.close();
      await engine.close();
      clearInterval(mover);
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
