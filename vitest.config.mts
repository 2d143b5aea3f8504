import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real peers on loopback ports; two cores, so keep files from piling up.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
