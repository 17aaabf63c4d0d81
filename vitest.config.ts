import { defineConfig } from 'vitest/config';

// Unit tests: the pure model core and data code, in Node on tfjs's cpu backend.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/test/setup-tf.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
