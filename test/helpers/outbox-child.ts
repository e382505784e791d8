// A real warroom process for the outbox crash test: opens an incident's journal (taking the
// lock, as `warroom resume` does), and runs the comms outbox on it until SIGTERM, or until the
// test kills it with SIGKILL. Prints `ready` and each status message as a JSON line.
// Run with: node test/helpers/outbox-child.ts <incidentDir>   (Node 24 strips the types)
import { openJournal } from '../../src/adapters/journal.ts';
import { loadConfig } from '../../src/adapters/config.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';
import { CommsService } from '../../src/app/comms.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: outbox-child.ts <incidentDir>');
const opened = await openJournal(dir);
const journal = opened.journal;
if (!journal) throw new Error(`journal at ${dir} is read-only`);
const comms = new CommsService({
  store: new JournalStore(journal, opened.events),
  config: loadConfig(process.env),
  incidentDir: dir,
  actor: 'child',
  outbox: { paceMs: { slack: 20, pagerduty: 0 }, backoff: { baseMs: 100, maxMs: 400 } },
});
comms.subscribe((status) => process.stdout.write(`${JSON.stringify(status)}\n`));
comms.start();
// An idle outbox holds no timer (it waits for wake()), so like the dashboard (whose stdin keeps
// it alive) this process keeps itself alive until told to stop.
const keepAlive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  clearInterval(keepAlive);
  void comms
    .stop()
    .then(() => journal.close())
    .then(() => process.exit(0));
});
process.stdout.write('ready\n');
