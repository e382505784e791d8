// Where start-up goes, phase by phase. Each phase is a `performance.mark` (cheap enough to leave
// in: a handful per run), so the marks cost nothing unless someone asks; WARROOM_TRACE_STARTUP=1
// prints them as a timeline on stderr when the command ends (during the dashboard the terminal
// belongs to Ink, and a line written into its frame would tear it).
import { performance, type PerformanceMark } from 'node:perf_hooks';

const PREFIX = 'warroom:';

/** The phases in the order a dashboard start passes them, with what each one means. */
export const STARTUP_PHASES = {
  bin: 'bin/warroom.js running',
  // Made by bin/load-bundle.js, with whether V8 took the code cache (accepted, rejected, none, off).
  'bundle-compiled': 'bundle compiled',
  'cli-loaded': 'bundle loaded (cli.ts main)',
  'command-loaded': 'subcommand module loaded',
  'config-loaded': 'config read and checked',
  'journal-open': 'journal opened and replayed',
  'war-room': 'war room built (session over the journal)',
  'ui-loaded': 'Ink, React and the views loaded',
  'render-start': 'first render started',
  'first-frame': 'first frame written (complete: the help bar too)',
  'keys-ready': 'keys bound (a key pressed before waits in the terminal)',
  'services-loaded': 'services loaded (runner, Slack, outbox)',
  'command-done': 'command finished',
} as const;

export type StartupPhase = keyof typeof STARTUP_PHASES;

/** Marks the moment a phase ended. `startTime` places it earlier (a duration measured elsewhere). */
export function markPhase(phase: StartupPhase, startTime?: number): void {
  // Only the first time counts: a second dashboard (the picker opens one after another) is not start-up.
  if (performance.getEntriesByName(PREFIX + phase, 'mark').length > 0) return;
  // The CPU spent so far beside the wall time: on a loaded machine the wall time says how long
  // the operator waited, the CPU time how much of that was our own work.
  const { user, system } = process.cpuUsage();
  const detail = { cpuMs: (user + system) / 1000 };
  performance.mark(PREFIX + phase, startTime === undefined ? { detail } : { startTime, detail });
}

export interface TraceRow {
  label: string;
  /** Milliseconds since the process started. */
  at: number;
  /** CPU milliseconds (user + system, all threads) the process had used by then, when known. */
  cpuMs?: number;
}

/** Node's own phases, then ours, in time order. */
export function startupTimeline(): TraceRow[] {
  const node = performance.nodeTiming;
  const rows: TraceRow[] = [{ label: 'process start', at: 0 }];
  if (node.bootstrapComplete > 0) rows.push({ label: 'Node bootstrapped', at: node.bootstrapComplete });
  for (const mark of performance.getEntriesByType('mark')) {
    if (!mark.name.startsWith(PREFIX)) continue;
    const phase = mark.name.slice(PREFIX.length) as StartupPhase;
    const detail = (mark as PerformanceMark).detail as { cpuMs?: number; note?: string } | null;
    const cpuMs = detail?.cpuMs;
    const label = STARTUP_PHASES[phase] ?? phase;
    rows.push({ label: detail?.note === undefined ? label : `${label} (${detail.note})`, at: mark.startTime, ...(cpuMs === undefined ? {} : { cpuMs }) });
  }
  return rows.sort((a, b) => a.at - b.at);
}

/** The timeline as text: time since process start, time since the row before, what ended. */
export function formatStartupTrace(rows: readonly TraceRow[] = startupTimeline()): string {
  const lines = ['warroom start-up (ms since the process started, +ms since the phase before, CPU ms used by then):'];
  let previous = 0;
  for (const row of rows) {
    const cpu = row.cpuMs === undefined ? '' : `cpu ${row.cpuMs.toFixed(1)}`;
    lines.push(`${row.at.toFixed(1).padStart(8)}  ${`+${(row.at - previous).toFixed(1)}`.padStart(8)}  ${cpu.padEnd(10)}  ${row.label}`);
    previous = row.at;
  }
  return `${lines.join('\n')}\n`;
}

export function traceRequested(env: NodeJS.ProcessEnv): boolean {
  const value = env.WARROOM_TRACE_STARTUP;
  return value !== undefined && value !== '' && value !== '0';
}
