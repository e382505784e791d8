import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // WARROOM_TEST_SEED replays the random choices of a failed run (fast-check and seededRandom).
    setupFiles: ['test/helpers/seed-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores here: the process-heavy suites (pty, crash tests) fight for CPU otherwise.
    maxWorkers: 2,
  },
});
