// A real warroom-like process for the crash and hang-up tests: runs one command with the real
// runner and reports on stdout.
//
//   runner-child.ts <logFile> <graceMs> plain <script>      prints `started <info json>`, then waits
//   runner-child.ts <logFile> <graceMs> shutdown <script>   the same, with installShutdown: on a
//       hang-up, SIGTERM, two SIGINTs or stdin ending it cancels the run, prints
//       `shutdown <reason> <outcome json>` and exits through the mechanism
import { createCommandRunner } from '../../src/adapters/runner.ts';
import { installShutdown } from '../../src/adapters/shutdown.ts';

const [logFile, grace, mode, script] = process.argv.slice(2);
if (!logFile || !grace || !script || (mode !== 'plain' && mode !== 'shutdown')) {
  process.stderr.write('usage: runner-child.ts <logFile> <graceMs> plain|shutdown <script>\n');
  process.exit(2);
}
const abort = new AbortController();
const running = createCommandRunner().run({
  script,
  cwd: process.cwd(),
  logFile,
  timeoutMs: 3_600_000,
  graceMs: Number(grace),
  signal: abort.signal,
  onStart: (_pid, info) => process.stdout.write(`started ${JSON.stringify(info)}\n`),
});
if (mode === 'shutdown') {
  if (process.env.RUNNER_CHILD_READ_STDIN) process.stdin.resume();
  installShutdown({
    timeoutMs: Number(grace) + 10_000,
    onInterrupt: () => process.stdout.write('interrupt once\n'),
    async onShutdown(reason) {
      abort.abort();
      const outcome = await running;
      process.stdout.write(`shutdown ${reason} ${JSON.stringify(outcome)}\n`);
    },
  });
}
void running.then(() => process.stdout.write('finished\n'));
