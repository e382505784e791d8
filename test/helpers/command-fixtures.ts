// A real incident journal (fsynced in a temp folder) behind the program's own event store, with a
// runbook whose steps hold the commands the command-flow tests need.
import path from 'node:path';
import { createJournal } from '../../src/adapters/journal.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent } from '../../src/core/incident/events.ts';
import type { Risk, RunbookCommand, RunbookStep, StepAction } from '../../src/core/runbook/types.ts';
import { minimalRunbook, openedEvent } from './journal-fixtures.ts';

const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 10 } };

export function cmd(id: string, script: string, risk: Risk, extra: Partial<RunbookCommand> = {}): RunbookCommand {
  const confirm = risk === 'read' ? 'key' : risk === 'change' ? 'yes' : 'typed';
  return {
    id: `${id}/c0`,
    script,
    language: 'bash',
    origin: 'fence',
    sampleOutput: [],
    parameters: [],
    risk,
    riskReason: risk === 'read' ? 'get' : 'annotation',
    confirm,
    confirmWord: null,
    annotations: { extra: {} },
    context: { kind: 'local' },
    interactive: false,
    variables: [],
    position: at,
    ...extra,
  };
}

export function step(id: string, commands: RunbookCommand[], action: StepAction | null = null): RunbookStep {
  return {
    id,
    sectionId: 'mitigate',
    text: id,
    label: id,
    depth: 0,
    task: false,
    checked: false,
    fromHeading: false,
    children: [],
    commands,
    variables: [],
    queries: [],
    action,
    position: at,
  };
}

export interface FlowHarness {
  dir: string;
  /** The war room's event store on a real journal (the one the program uses). */
  store: JournalStore;
  readonly events: readonly IncidentEvent[];
  types(): string[];
}

let harnessCount = 0;

export async function flowHarness(root: string, steps: RunbookStep[], mode = { dryRun: false, readonly: false }): Promise<FlowHarness> {
  harnessCount += 1;
  const dir = path.join(root, `inc-${process.pid}-${harnessCount}`);
  const journal = await createJournal(dir, {
    kind: 'warroom-journal',
    formatVersion: JOURNAL_FORMAT_VERSION,
    incidentId: path.basename(dir),
    createdAt: '2026-11-26T10:00:00.000Z',
  });
  const runbook = minimalRunbook();
  runbook.sections.push({ id: 'mitigate', title: 'Mitigate', level: 2, kind: 'mitigate', position: at, steps });
  const opened = await journal.append(openedEvent(path.basename(dir), { runbook, mode }));
  const store = new JournalStore(journal, [opened]);
  return {
    dir,
    store,
    get events() {
      return store.events;
    },
    types: () => store.events.map((e) => e.type),
  };
}
