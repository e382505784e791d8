// Every fast-check property runs from WARROOM_TEST_SEED when it is set (fast-check prints the
// seed of a failing run), so one variable replays every random choice of a test run.
import fc from 'fast-check';

const fixed = Number(process.env.WARROOM_TEST_SEED);
if (Number.isSafeInteger(fixed)) fc.configureGlobal({ seed: fixed });
