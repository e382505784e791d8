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
  'alternated runs after a warm-up of each. warroom runs with its code cache (bin/load-bundle.js), ' +
  "the Ink app as plain Node runs it; the second row gives the same Ink app Node's own compile " +
  'cache (NODE_COMPILE_CACHE), the most a plain ESM bundle gets from Node.';

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
    const dashboard = () => timeToScreen(() => startWarroom(target, ['run', demo, '--dry-run'], home), HELP_BAR, quit);
    const inkApp = (env: NodeJS.ProcessEnv) => () => timeToScreen(() => startNodeApp(baselines.minimal, home, env), 'minimal ink app', async (pty) => void (await pty.exited));
    const plain = await alternate(RUNS, dashboard, inkApp({}));
    const cached = await alternate(RUNS, dashboard, inkApp({ NODE_COMPILE_CACHE: path.join(home, 'node-compile-cache') }));
    return [
      compared('dashboard: process start → first complete frame (80×24)', 'ms', plain, 'one-`<Text>` Ink app, bundled', '≤ 1.0×'),
      compared('dashboard: the same, against that Ink app with Node\'s compile cache', 'ms', cached, 'one-`<Text>` Ink app, NODE_COMPILE_CACHE'),
    ];
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
