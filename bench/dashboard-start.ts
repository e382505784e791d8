// Process start → first complete dashboard frame, against the smallest bundled Ink app.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PtySession } from '../test/helpers/pty.ts';
import { alternate, compared } from './measure.ts';
import { buildBaselines, HELP_BAR, quit, startNodeApp, startWarroom } from './pty-apps.ts';
import type { BenchContext, BenchResult } from './types.ts';

const RUNS = 21;

export const how =
  'in an 80×24 pseudo-terminal, from spawn until the screen holds the help bar (the last thing ' +
  'the first complete frame draws), for `warroom run` on the demo runbook in dry-run mode, ' +
  `against a bundled Ink app rendering one \`<Text>\` (until its text is on screen); ${RUNS} ` +
  'alternated runs after a warm-up of each.';

async function timeToScreen(start: () => PtySession, ready: RegExp | string, leave: (pty: PtySession) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  const pty = start();
  await pty.waitFor(ready, 20_000);
  const ms = performance.now() - t0;
  await leave(pty);
  return ms;
}

export async function run({ target, self }: BenchContext): Promise<BenchResult[]> {
  const baselines = await buildBaselines(self);
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-start-'));
  try {
    const demo = path.join(target, 'runbooks/api-high-latency.md');
    const samples = await alternate(
      RUNS,
      () => timeToScreen(() => startWarroom(target, ['run', demo, '--dry-run'], home), HELP_BAR, quit),
      () => timeToScreen(() => startNodeApp(baselines.minimal, home), 'minimal ink app', async (pty) => void (await pty.exited)),
    );
    return [compared('dashboard: process start → first complete frame (80×24)', 'ms', samples, 'one-`<Text>` Ink app, bundled', '≤ 1.0×')];
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
