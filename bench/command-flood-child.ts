// Child process for bench/command-flood.ts: runs one command through the real runner (with the
// dashboard's 2,000-line tail) and prints its peak RSS, so the figure is this process alone.
// Usage: node bench/command-flood-child.ts <script> <log file>   (script '' = measure idle)
import { createCommandRunner } from '../src/adapters/runner.ts';
import { OutputTail } from '../src/core/command/output-tail.ts';

const [script = '', logFile = '/dev/null'] = process.argv.slice(2);
let durationMs = 0;
let outputBytes = 0;
if (script !== '') {
  const outcome = await createCommandRunner().run({ script, cwd: process.cwd(), logFile, timeoutMs: 120_000, tail: new OutputTail() });
  if (outcome.exitCode !== 0) throw new Error(`flood exited ${outcome.exitCode} ${outcome.error ?? ''}`);
  durationMs = outcome.durationMs;
  outputBytes = outcome.outputBytes;
}
process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, durationMs, outputBytes })}\n`);
