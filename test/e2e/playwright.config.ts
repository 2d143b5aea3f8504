import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: web mode in the system Chromium (web.spec.ts) and the desktop app (electron.spec.ts).
 * testDir is this whole folder so every *.spec.ts here runs; scenarios/ holds reusable steps, not specs.
 * Artefacts (screenshots, traces) go to test-results/ at the repository root.
 */
export default defineConfig({
  testDir: __dirname,
  outputDir: path.resolve(__dirname, '..', '..', 'test-results'),
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1366, height: 820 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
  ],
});
