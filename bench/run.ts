// `npm run bench`: runs every benchmark module, prints each figure beside its baseline from the
// same run, and records the results with the machine they came from in docs/benchmarks.md.
// Each module exports `run(): Promise<BenchResult[]>`; figures are measured, never asserted
// (tests do not time things).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = ['startup.ts', 'parser.ts', 'journal-replay.ts', 'command-flood.ts', 'dashboard.ts'];

function formatValue(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.versions.node}`;
}

const only = process.argv.slice(2);
const rows: { module: string; result: BenchResult }[] = [];
for (const file of modules) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  process.stderr.write(`bench: ${file}...\n`);
  try {
    const mod = (await import(path.join(here, file))) as { run: () => Promise<BenchResult[]> };
    for (const result of await mod.run()) {
      rows.push({ module: file, result });
      const base = result.baseline ? ` | baseline ${result.baseline.name}: ${formatValue(result.baseline.value, result.baseline.unit)}` : '';
      process.stdout.write(`${result.name}: ${formatValue(result.value, result.unit)}${base}${result.goal ? ` | goal: ${result.goal}` : ''}\n`);
    }
  } catch (error) {
    process.stdout.write(`${file}: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

const table = [
  '| figure | warroom | baseline (same run) | goal |',
  '| --- | --- | --- | --- |',
  ...rows.map(({ result }) =>
    `| ${result.name} | ${formatValue(result.value, result.unit)} | ${
      result.baseline ? `${result.baseline.name}: ${formatValue(result.baseline.value, result.baseline.unit)}` : '—'
    } | ${result.goal ?? '—'} |`,
  ),
].join('\n');

if (only.length === 0) {
  const doc = `# Benchmarks\n\nLatest \`npm run bench\` results. Machine: ${machine()}.\nRecorded ${new Date().toISOString()}.\n\n${table}\n\nHow each figure is measured is described at the top of its module in \`bench/\`.\n`;
  writeFileSync(path.join(here, '..', 'docs', 'benchmarks.md'), doc);
  process.stderr.write('bench: wrote docs/benchmarks.md\n');
}
