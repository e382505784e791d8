import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores here: the process-heavy suites (pty, crash tests) fight for CPU otherwise.
    maxWorkers: 2,
  },
});
