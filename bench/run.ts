// `npm run bench`: runs every benchmark module, prints each figure beside its baseline from the
// same run, and records the results with the machine they came from in docs/benchmarks.md.
//   npm run bench                      all modules; rewrites docs/benchmarks.md
//   npm run bench -- flood index       only modules whose name starts with these
//   npm run bench -- --target <dir>    measure another (built) checkout, e.g. the start of a branch
//   BENCH_PRESSES=200 npm run bench    fewer key presses per latency condition (default 1000)
// Each module exports `how` and `run(context)`; figures are measured, never asserted.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { benchmarksDoc, consoleLine, describeMachine } from './report.ts';
import type { BenchContext, BenchModule, BenchResult, BenchSection } from './types.ts';

const self = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const modules = [
  'startup.ts',
  'parser.ts',
  'journal-replay.ts',
  'command-flood.ts',
  'incident-index.ts',
  'dashboard-start.ts',
  'startup-phases.ts',
  'startup-profile.ts',
  'dashboard-keys.ts',
  'dashboard-idle.ts',
  'dashboard-flood.ts',
  'share.ts',
];

const args = process.argv.slice(2);
const only: string[] = [];
let target = self;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--target') target = path.resolve(args[++i] ?? '.');
  else only.push(args[i]!);
}
const context: BenchContext = { target, self, presses: Number(process.env.BENCH_PRESSES ?? 1000) };

const loadAtStart = os.loadavg();
const machine = describeMachine(loadAtStart);
const started = performance.now();
process.stderr.write(`bench: ${machine}\nbench: measuring ${target}\n`);

const results: BenchResult[] = [];
const sections: BenchSection[] = [];
const failures: string[] = [];
const how: { module: string; text: string }[] = [];
for (const file of modules) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  process.stderr.write(`bench: ${file}...\n`);
  const mod = (await import(path.join(self, 'bench', file))) as BenchModule;
  how.push({ module: file.replace(/\.ts$/, ''), text: mod.how });
  try {
    const output = await mod.run(context);
    const figures = Array.isArray(output) ? output : output.results;
    if (!Array.isArray(output)) {
      sections.push(output.section);
      process.stdout.write(`${output.section.title}\n${output.section.markdown}\n`);
    }
    for (const result of figures) {
      results.push(result);
      process.stdout.write(`${consoleLine(result)}\n`);
    }
  } catch (error) {
    const message = `${file}: ${error instanceof Error ? error.message : String(error)}`;
    failures.push(message.split('\n')[0] ?? message);
    process.stdout.write(`FAILED ${message}\n`);
  }
}

const durationS = (performance.now() - started) / 1000;
process.stderr.write(`bench: done in ${durationS.toFixed(0)} s\n`);
if (only.length === 0 && target === self) {
  const notesFile = path.join(self, 'bench', 'notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : undefined;
  writeFileSync(path.join(self, 'docs', 'benchmarks.md'), benchmarksDoc({ machine, loadAtEnd: os.loadavg(), at: new Date(), durationS, results, sections, notes, failures, how }));
  process.stderr.write('bench: wrote docs/benchmarks.md\n');
}
if (failures.length > 0) process.exitCode = 1;
