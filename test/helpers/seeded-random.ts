// Randomness in tests is seeded, and the seed is printed when the test fails, so a failure can be
// replayed exactly: WARROOM_TEST_SEED=<seed> npx vitest run <file>. fast-check takes the same
// variable (test/helpers/seed-setup.ts); it prints its own seed on failure.
import { onTestFailed } from 'vitest';

/** The seed this run uses: WARROOM_TEST_SEED when set, else a fresh one. */
export function testSeed(): number {
  const fixed = Number(process.env.WARROOM_TEST_SEED);
  return Number.isSafeInteger(fixed) ? fixed : Math.floor(Math.random() * 2 ** 31);
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random source for the current test, in [0, 1); call inside the test so a failure names its seed. */
export function seededRandom(seed = testSeed()): { seed: number; next: () => number } {
  onTestFailed(() => {
    console.error(`random seed ${seed}; replay with WARROOM_TEST_SEED=${seed}`);
  });
  return { seed, next: mulberry32(seed) };
}
