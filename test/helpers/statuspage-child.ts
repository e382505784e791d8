// A real warroom process for the status-page crash test: opens an incident's journal (taking its
// lock, as `warroom resume` does) and runs the real outbox and dispatch on it until SIGTERM.
// With WARROOM_TEST_DIE_AFTER=<kind> it kills itself with SIGKILL the moment a delivery of that
// kind came back accepted, before the outbox can journal it: the window between the provider's
// 201 and the `delivery.delivered` record. Prints `ready`, then one JSON line per notice.
// Run with: node test/helpers/statuspage-child.ts <incidentDir>   (Node 24 strips the types)
import { openJournal } from '../../src/adapters/journal.ts';
import { loadConfig } from '../../src/adapters/config.ts';
import { createDispatch, type Dispatch } from '../../src/adapters/delivery-dispatch.ts';
import { Outbox } from '../../src/adapters/outbox.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: statuspage-child.ts <incidentDir>');
const opened = await openJournal(dir);
const journal = opened.journal;
if (!journal) throw new Error(`journal at ${dir} is read-only`);
const store = new JournalStore(journal, opened.events);

const dieAfter = process.env.WARROOM_TEST_DIE_AFTER;
const real = createDispatch({ config: loadConfig(process.env), incidentDir: dir, timeoutMs: 5000 });
const dispatch: Dispatch = async (record, parent, signal) => {
  const outcome = await real(record, parent, signal);
  if (outcome.ok && record.kind === dieAfter) {
    process.stdout.write(`dying after ${record.deliveryId}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  return outcome;
};

const outbox = new Outbox({
  store,
  dispatch,
  paceMs: { statuspage: 20 },
  backoff: { baseMs: 100, maxMs: 400 },
  onNotice: (notice) => process.stdout.write(`${JSON.stringify({ type: notice.type, error: notice.error })}\n`),
});
outbox.start();
// An idle outbox holds no timer, so keep the process alive until told to stop.
const keepAlive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  clearInterval(keepAlive);
  void outbox
    .stop()
    .then(() => journal.close())
    .then(() => process.exit(0));
});
process.stdout.write('ready\n');
