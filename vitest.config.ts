import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e suites start servers on loopback ports; keep files apart so they never race for one.
    fileParallelism: false,
  },
});
