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
  `leaving is parsed. ${RUNS} runs after a warm-up; per phase, the median (min–max) of its wall time ` +
  'since the phase before and since the process started, and the same for the CPU time the process ' +
  'had used (process.cpuUsage at each mark: on a loaded machine, how much of the wait was our own ' +
  'work; Node\'s bootstrap is not marked with CPU, so its row shows 0). Phases absent from the ' +
  'target (an older checkout without the trace) are not shown.';

export interface TracePoint {
  /** ms since the process started */
  at: number;
  /** CPU ms the process had used by then (0 where the trace does not say) */
  cpu: number;
}

/** Rows of the trace, by label. */
export function parseTrace(text: string): Map<string, TracePoint> {
  const rows = new Map<string, TracePoint>();
  const start = text.lastIndexOf('warroom start-up');
  if (start < 0) return rows;
  for (const line of text.slice(start).split(/\r?\n/).slice(1)) {
    const match = /^\s*(\d+\.\d)\s+\+\d+\.\d\s+(?:cpu (\d+\.\d))?\s+(.+?)\s*$/.exec(line);
    if (match) rows.set(match[3]!, { at: Number(match[1]), cpu: Number(match[2] ?? 0) });
  }
  return rows;
}

async function oneRun(target: string, home: string): Promise<Map<string, TracePoint>> {
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
    const runs: Map<string, TracePoint>[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun(target, home));
    const labels = [...(runs[0]?.keys() ?? [])].filter((label) => label !== 'command finished');
    const rows: { label: string; since: Stats; at: Stats; cpuSince: Stats; cpu: Stats }[] = [];
    for (const [i, label] of labels.entries()) {
      const previous = labels[i - 1];
      const present = runs.filter((r) => r.has(label) && (previous === undefined || r.has(previous)));
      if (present.length === 0) continue;
      const point = (r: Map<string, TracePoint>) => r.get(label)!;
      const before = (r: Map<string, TracePoint>) => (previous === undefined ? { at: 0, cpu: 0 } : r.get(previous)!);
      rows.push({
        label,
        since: stats(present.map((r) => point(r).at - before(r).at)),
        at: stats(present.map((r) => point(r).at)),
        cpuSince: stats(present.map((r) => Math.max(0, point(r).cpu - before(r).cpu))),
        cpu: stats(present.map((r) => point(r).cpu)),
      });
    }
    const table = [
      '| phase (in order) | wall, since the phase before | wall, since process start | CPU, since the phase before | CPU used by then |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.label} | ${formatStats(r.since, 'ms')} | ${formatStats(r.at, 'ms')} | ${formatStats(r.cpuSince, 'ms')} | ${formatStats(r.cpu, 'ms')} |`),
    ].join('\n');
    return { results: [], section: { title: 'Start-up phases (WARROOM_TRACE_STARTUP=1)', markdown: table } };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
