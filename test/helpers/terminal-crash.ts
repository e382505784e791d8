// Child process for test/ui/terminal.test.ts: enters the alternate screen with the cursor hidden,
// installs the guard, then dies the way argv[2] says (uncaught error, rejected promise, SIGHUP).
import { guardTerminal } from '../../src/ui/terminal.ts';

process.stdout.write('\u001b[?1049h\u001b[?25l');
guardTerminal({ stdout: process.stdout, stdin: process.stdin, stderr: process.stderr }, async () => {
  process.stdout.write('[cleanup ran]');
});
process.stdout.write('[ready]');
const how = process.argv[2];
if (how === 'throw') setTimeout(() => {
  throw new Error('boom in a timer\nsecond line of the message');
}, 10);
if (how === 'reject') void Promise.reject(new Error('rejected'));
if (how === 'hang') setInterval(() => undefined, 1000);
