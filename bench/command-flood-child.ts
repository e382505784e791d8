// Child process for bench/command-flood.ts: loads the runner of the checkout under test, says
// `ready`, runs one command through it (with the dashboard's 2,000-line tail) when told `go`,
// says `done <bytes>`, then stays alive until stdin closes, so the parent can read this process's
// RSS from outside before, during and after the command.
// Usage: node bench/command-flood-child.ts <target checkout> <script> <log file>
import { createInterface } from 'node:readline';
import type * as OutputTailModule from '../src/core/command/output-tail.ts';
import type * as RunnerModule from '../src/adapters/runner.ts';
import { targetModule } from './target.ts';

const [target = '.', script = 'true', logFile = '/dev/null'] = process.argv.slice(2);
const { createCommandRunner } = await targetModule<typeof RunnerModule>(target, 'src/adapters/runner.ts');
const { OutputTail } = await targetModule<typeof OutputTailModule>(target, 'src/core/command/output-tail.ts');

const runner = createCommandRunner();
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line !== 'go') continue;
  const outcome = await runner.run({ script, cwd: process.cwd(), logFile, timeoutMs: 120_000, tail: new OutputTail() });
  if (outcome.exitCode !== 0) throw new Error(`flood exited ${outcome.exitCode} ${outcome.error ?? ''}`);
  process.stdout.write(`done ${outcome.outputBytes}\n`);
}
