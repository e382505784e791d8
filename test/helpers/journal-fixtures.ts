// Small builders shared by the journal tests: a minimal runbook snapshot, an opened event,
// a temp incident folder with a fresh journal, and polling without fixed sleeps.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJournal, type Journal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION, type NewEvent } from '../../src/core/incident/events.ts';
import type { Runbook } from '../../src/core/runbook/types.ts';

export function minimalRunbook(): Runbook {
  const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 10 } };
  return {
    file: 'runbooks/test.md',
    title: 'Test Runbook',
    titleSource: 'h1',
    titleParameters: [],
    metadata: {},
    severity: 'SEV-2',
    trigger: null,
    frontMatter: {},
    sections: [
      {
        id: 'check',
        title: 'Check',
        level: 2,
        kind: 'check',
        position: at,
        steps: [
          {
            id: 'check/look',
            sectionId: 'check',
            text: 'Look at the dashboards',
            label: null,
            depth: 0,
            task: true,
            checked: false,
            fromHeading: false,
            children: [],
            commands: [],
            variables: [],
            queries: [],
            action: null,
            position: at,
          },
        ],
      },
    ],
    variables: [],
    escalation: [],
    escalationNotes: [],
    diagnostics: [],
  };
}

export function openedEvent(incidentId: string, overrides: Partial<Record<string, unknown>> = {}): NewEvent {
  return {
    type: 'incident.opened',
    actor: 'tester',
    incidentId,
    title: 'Test incident',
    runbookPath: '/tmp/test.md',
    runbookHash: 'ab'.repeat(32),
    runbook: minimalRunbook(),
    service: 'api',
    severity: 'SEV-2',
    detectedAt: null,
    impactStartedAt: null,
    commander: 'tester',
    escalationFrom: 'detection',
    updateCadenceMinutes: 15,
    mode: { dryRun: false, readonly: false },
    ...overrides,
  } as NewEvent;
}

export async function makeTempDir(prefix = 'warroom-journal-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A new incident folder with a journal holding the opened event; the journal stays open. */
export async function newIncidentJournal(root: string, id = 'inc-1', now?: () => Date): Promise<Journal> {
  const dir = path.join(root, id);
  const journal = await createJournal(
    dir,
    { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: '2026-11-26T10:00:00.000Z' },
    now ? { now } : {},
  );
  await journal.append(openedEvent(id));
  return journal;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
