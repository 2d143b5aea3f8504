import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/web: the page's own modules (DOM types), run here in Node where they take their no-DOM paths.
    include: ['test/unit/**/*.test.ts', 'test/web/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real peers on loopback ports; two cores, so keep files from piling up.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
