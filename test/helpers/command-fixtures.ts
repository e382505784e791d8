// A real incident journal (B2's, fsynced in a temp folder) with a runbook whose steps hold the
// commands the command-flow tests need, and state kept by the real reducer.
import path from 'node:path';
import { createJournal, type Journal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent, type NewEvent } from '../../src/core/incident/events.ts';
import { reduce } from '../../src/core/incident/reduce.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';
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
  journal: Journal;
  events: IncidentEvent[];
  append(event: NewEvent): Promise<IncidentEvent>;
  getState(): IncidentState;
  types(): string[];
}

export async function flowHarness(root: string, steps: RunbookStep[], mode = { dryRun: false, readonly: false }): Promise<FlowHarness> {
  const dir = path.join(root, `inc-${Math.random().toString(36).slice(2, 8)}`);
  const journal = await createJournal(dir, {
    kind: 'warroom-journal',
    formatVersion: JOURNAL_FORMAT_VERSION,
    incidentId: path.basename(dir),
    createdAt: '2026-11-26T10:00:00.000Z',
  });
  const runbook = minimalRunbook();
  runbook.sections.push({ id: 'mitigate', title: 'Mitigate', level: 2, kind: 'mitigate', position: at, steps });
  const events: IncidentEvent[] = [];
  let state: IncidentState | undefined;
  const append = async (event: NewEvent) => {
    const stored = await journal.append(event);
    events.push(stored);
    state = reduce(state, stored);
    return stored;
  };
  await append(openedEvent(path.basename(dir), { runbook, mode }));
  return {
    dir,
    journal,
    events,
    append,
    getState: () => state!,
    types: () => events.map((e) => e.type),
  };
}
