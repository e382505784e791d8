// A real process writing journals, for the incident-index crash tests; the parent SIGKILLs it.
//
//   index-crash-child.ts create-stop <home>   creates an incident; once it is durable, says
//                                             `durable <id>` and hangs (its index line never written)
//   index-crash-child.ts resolve-stop <dir>   resolves the incident at <dir>; once durable, says
//                                             `durable` and hangs, the same way
//   index-crash-child.ts churn <dir>          changes status, severity and commander as fast as
//                                             it can through the real index hook, saying
//                                             `acked <seq>` after each append
import { createIncident } from '../../src/adapters/incident-create.ts';
import { openJournal, type JournalObserver } from '../../src/adapters/journal.ts';
import type { NewEvent } from '../../src/core/incident/events.ts';
import { openedEvent } from './journal-fixtures.ts';

const hang = () => new Promise<never>(() => undefined);

/** Stands in for the index hook: tells the parent the journal is durable, and writes nothing. */
const stopHere = (message: string): JournalObserver => ({
  appended: () => void process.stdout.write(`${message}\n`),
  closing: async () => undefined,
});

const churn: NewEvent[] = [
  { type: 'status.changed', actor: 'child', from: 'investigating', to: 'identified' },
  { type: 'severity.changed', actor: 'child', from: 'SEV-2', to: 'SEV-1' },
  { type: 'note.added', actor: 'child', text: 'still looking' },
  { type: 'commander.changed', actor: 'child', from: 'tester', to: 'ben' },
  { type: 'incident.resolved', actor: 'child', from: 'identified', summary: null },
  { type: 'incident.reopened', actor: 'child', reason: 'came back' },
];

async function main(): Promise<void> {
  const [mode, where = ''] = process.argv.slice(2);
  if (mode === 'create-stop') {
    let id = '';
    await createIncident({
      env: { WARROOM_HOME: where },
      now: () => new Date(),
      runbookSlug: 'crash',
      opened: (chosen) => {
        id = chosen;
        return openedEvent(chosen, { title: 'created, then killed' });
      },
      observer: { appended: () => void process.stdout.write(`durable ${id}\n`), closing: async () => undefined },
    });
    await hang();
  }
  if (mode === 'resolve-stop') {
    const { journal } = await openJournal(where, { observer: stopHere('durable') });
    await journal?.append({ type: 'incident.resolved', actor: 'child', from: 'investigating', summary: 'killed before the index' });
    await hang();
  }
  if (mode === 'churn') {
    const { journal } = await openJournal(where);
    if (journal === null) throw new Error('journal opened read-only');
    for (let i = 0; ; i++) {
      const event = await journal.append(churn[i % churn.length]!);
      process.stdout.write(`acked ${event.seq}\n`);
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

void main();
