// A real process creating an incident, for the atomic-creation and home-error tests:
//
//   create-incident-child.ts crash <home>    SIGKILLs itself after the header is durable
//   create-incident-child.ts create <home>   creates one; prints `created <id>` or `error <message>`
import { createIncident } from '../../src/adapters/incident-create.ts';
import { openedEvent } from './journal-fixtures.ts';

async function main(): Promise<void> {
  const [mode, home] = process.argv.slice(2);
  const env = { WARROOM_HOME: home };
  try {
    const created = await createIncident({
      env,
      now: () => new Date(),
      runbookSlug: 'child',
      opened: (id) => openedEvent(id),
      afterHeader: mode === 'crash' ? () => void process.kill(process.pid, 'SIGKILL') : undefined,
    });
    await created.journal.close();
    process.stdout.write(`created ${created.id}\n`);
  } catch (error) {
    process.stdout.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

void main();
