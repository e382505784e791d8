// Formats bench results: one console line per figure while the bench runs, and the markdown of
// docs/benchmarks.md (the machine, the table, how each figure is measured) at the end.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchResult, BenchSection, Stats } from './types.ts';

function num(value: number): string {
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

/** `12.3 ms (11.0–15.2)`: median, then min–max over the runs. */
export function formatStats(s: Stats, unit: string): string {
  if (s.p99 !== undefined) return `p50 ${num(s.median)}, p99 ${num(s.p99)}, max ${num(s.max)} ${unit} (n=${s.n})`;
  const range = s.n > 1 && s.min !== s.max ? ` (${num(s.min)}–${num(s.max)})` : '';
  return `${num(s.median)} ${unit}${range}`;
}

export function formatRatio(r: Stats): string {
  const range = r.n > 1 && r.min !== r.max ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : '';
  return `${r.median.toFixed(2)}×${range}`;
}

export function consoleLine(result: BenchResult): string {
  const parts = [`${result.name}: ${formatStats(result.value, result.unit)}`];
  if (result.baseline) parts.push(`baseline ${result.baseline.name}: ${formatStats(result.baseline.value, result.unit)}`);
  if (result.ratio) parts.push(`ratio ${formatRatio(result.ratio)}`);
  if (result.goal) parts.push(`goal ${result.goal}`);
  return parts.join(' | ');
}

function cpuModel(): string {
  const fromOs = os.cpus()[0]?.model?.trim();
  if (fromOs) return fromOs;
  try {
    return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
}

/** CPU model, cores, memory, kernel, Node, and the load average when the bench started. */
export function describeMachine(loadAtStart: number[]): string {
  const load = loadAtStart.map((l) => l.toFixed(2)).join(' ');
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
  return `${cpuModel()}, ${os.availableParallelism()} cores, ${memory}, ${os.type()} ${os.release()}, Node ${process.versions.node}; load average at start ${load} (1, 5, 15 min)`;
}

export function markdownTable(results: BenchResult[]): string {
  const rows = results.map((r) => {
    const baseline = r.baseline ? `${r.baseline.name}: ${formatStats(r.baseline.value, r.unit)}` : '—';
    return `| ${r.name} | ${formatStats(r.value, r.unit)} | ${baseline} | ${r.ratio ? formatRatio(r.ratio) : '—'} | ${r.goal ?? '—'} |`;
  });
  return ['| figure | warroom: median (min–max) | baseline, same run | ratio | goal |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function benchmarksDoc(options: {
  machine: string;
  /** Load average (1, 5, 15 min) when the run ended: other work may have come and gone. */
  loadAtEnd: number[];
  at: Date;
  durationS: number;
  results: BenchResult[];
  sections?: BenchSection[];
  /** Hand-written notes (bench/notes.md), kept in the document as they are. */
  notes?: string;
  failures: string[];
  how: { module: string; text: string }[];
}): string {
  const failed = options.failures.length > 0 ? `\n**Failed:** ${options.failures.join('; ')}\n` : '';
  const sections = (options.sections ?? []).map((s) => `\n## ${s.title}\n\n${s.markdown}\n`).join('');
  const notes = options.notes ? `\n${options.notes.trim()}\n` : '';
  const how = options.how.map(({ module, text }) => `- **${module}**: ${text}`).join('\n');
  return `# Benchmarks

Written by \`npm run bench\` (${options.durationS.toFixed(0)} s). Recorded ${options.at.toISOString()}.

Machine: ${options.machine}; at the end ${options.loadAtEnd.map((l) => l.toFixed(2)).join(' ')}. It is shared with other work, so every figure is compared with a
baseline measured in the same run, the two alternated run by run; the ratio is taken per pair
(median, and min–max over the pairs). Medians come with the min–max over the runs.
${failed}
${markdownTable(options.results)}
${sections}${notes}
## How each figure is measured

${how}

Figures are measured, never asserted: tests do not time things. \`npm run bench -- <module>\`
runs one module (e.g. \`incident-index\`) without rewriting this file; \`-- --target <dir>\`
measures another checkout (built) with this bench, for before/after comparisons.
`;
}
