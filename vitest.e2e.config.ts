import { defineConfig } from 'vitest/config';

// Browser tests: the built app (dist/, served by `vite preview` in the global setup) driven in
// the system Chromium through playwright-core. Run with `npm run test:e2e` (builds first).
// Training runs on software backends here, so tests are slow: one file at a time, long timeouts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
    maxConcurrency: 1,
    pool: 'forks',
    reporters: ['default'],
  },
});
