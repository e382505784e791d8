// Where the dashboard's start-up goes, phase by phase: `warroom run` (demo runbook, dry run)
// with WARROOM_TRACE_STARTUP=1 in an 80×24 pseudo-terminal, the trace it prints on leaving
// parsed, each phase's time since the one before taken as a median (min–max) over the runs.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPty } from '../test/helpers/pty.ts';
import { stats } from './measure.ts';
import { benchEnv, HELP_BAR, quit } from './pty-apps.ts';
import { formatStats } from './report.ts';
import type { BenchContext, BenchOutput, Stats } from './types.ts';

const RUNS = 9;

export const how =
  '`warroom run` on the demo runbook (dry run) in an 80×24 pseudo-terminal with ' +
  'WARROOM_TRACE_STARTUP=1, left once the services have loaded; the timeline it prints on ' +
  `leaving is parsed. ${RUNS} runs after a warm-up; per phase, the median (min–max) of its time ` +
  'since the phase before and of its time since the process started. Phases absent from the ' +
  'target (an older checkout without the trace) are not shown.';

/** Rows of the trace: label → ms since process start. */
export function parseTrace(text: string): Map<string, number> {
  const rows = new Map<string, number>();
  const start = text.lastIndexOf('warroom start-up');
  if (start < 0) return rows;
  for (const line of text.slice(start).split(/\r?\n/).slice(1)) {
    const match = /^\s*(\d+\.\d)\s+\+\d+\.\d\s+(.+?)\s*$/.exec(line);
    if (match) rows.set(match[2]!, Number(match[1]));
  }
  return rows;
}

async function oneRun(target: string, home: string): Promise<Map<string, number>> {
  const demo = path.join(target, 'runbooks/api-high-latency.md');
  const pty = startPty([path.join(target, 'bin/warroom.js'), 'run', demo, '--dry-run'], {
    file: process.execPath,
    env: { ...benchEnv(home), WARROOM_TRACE_STARTUP: '1' },
    cols: 80,
    rows: 24,
    cwd: target,
  });
  await pty.waitFor(HELP_BAR, 20_000);
  // Without Slack configured, the services say where messages go once they are loaded.
  await pty.waitFor('outbox', 20_000).catch(() => undefined);
  await quit(pty);
  return parseTrace(pty.output());
}

export async function run({ target }: BenchContext): Promise<BenchOutput> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-phases-'));
  try {
    await oneRun(target, home);
    const runs: Map<string, number>[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun(target, home));
    const labels = [...(runs[0]?.keys() ?? [])].filter((label) => label !== 'command finished');
    const rows: { label: string; since: Stats; at: Stats }[] = [];
    for (const [i, label] of labels.entries()) {
      const previous = labels[i - 1];
      const present = runs.filter((r) => r.has(label) && (previous === undefined || r.has(previous)));
      if (present.length === 0) continue;
      const at = present.map((r) => r.get(label)!);
      const since = present.map((r) => r.get(label)! - (previous === undefined ? 0 : r.get(previous)!));
      rows.push({ label, since: stats(since), at: stats(at) });
    }
    const table = [
      '| phase (in order) | since the phase before: median (min–max) | since process start: median (min–max) |',
      '| --- | --- | --- |',
      ...rows.map((r) => `| ${r.label} | ${formatStats(r.since, 'ms')} | ${formatStats(r.at, 'ms')} |`),
    ].join('\n');
    return { results: [], section: { title: 'Start-up phases (WARROOM_TRACE_STARTUP=1)', markdown: table } };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
