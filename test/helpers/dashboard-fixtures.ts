// Fixtures for the dashboard tests: a runbook model with nesting, commands, a query, a flag
// and a parameter; a real journal in a temp folder holding its incident.opened; a manual clock
// (the only fake the project allows); and polling for a frame without fixed sleeps.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJournal, type Journal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent, type IncidentOpenedEvent, type NewEvent } from '../../src/core/incident/events.ts';
import type { Risk, RunbookCommand, Runbook } from '../../src/core/runbook/types.ts';
import type { CommsPort, Session, SessionClock } from '../../src/app/session.ts';
import type { PostmortemWriter } from '../../src/app/session-types.ts';
import { journalStore, openWarRoom, type WarRoom } from '../../src/app/war-room.ts';
import { runbookStep, testPosition } from './runbook-builders.ts';

const at = testPosition;

function command(id: string, script: string, risk: Risk, parameters: string[] = []): RunbookCommand {
  return {
    id,
    script,
    language: 'bash',
    origin: 'fence',
    sampleOutput: [],
    parameters: parameters.map((name) => ({ name, raw: `<${name}>`, syntax: 'angle' as const })),
    risk,
    riskReason: 'test',
    confirm: risk === 'read' ? 'key' : risk === 'change' ? 'yes' : 'typed',
    confirmWord: null,
    annotations: { extra: {} },
    context: { kind: 'local' },
    interactive: false,
    variables: [],
    position: at,
  };
}

const step = runbookStep;

/** Check (2 steps), Investigation (a step with 2 nested items, a command, a query), Mitigation. */
export function dashboardRunbook(extraSteps = 0): Runbook {
  const filler = Array.from({ length: extraSteps }, (_, i) => step('more', `more/${i}`, `Extra step number ${i + 1}`));
  return {
    file: 'runbooks/api-high-latency.md',
    title: 'API High Latency Runbook',
    titleSource: 'h1',
    titleParameters: [],
    metadata: {},
    severity: 'SEV-2',
    trigger: 'P99 Latency > 500ms for 5 minutes',
    frontMatter: {},
    sections: [
      {
        id: 'checks', title: 'Prerequisite Checks', level: 2, kind: 'check', position: at,
        steps: [step('checks', 'checks/datadog', 'Check Datadog Dashboard'), step('checks', 'checks/status', 'Check Status Page')],
      },
      {
        id: 'investigation', title: 'Investigation', level: 2, kind: 'investigate', position: at,
        steps: [
          step('investigation', 'inv/component', 'Identify the Component', {
            children: [
              step('investigation', 'inv/component/db', 'Is it the Database? Check CPU/Connections.', { depth: 1 }),
              step('investigation', 'inv/component/up', 'Is it the Upstream API? Check dependency graphs.', { depth: 1 }),
            ],
          }),
          step('investigation', 'inv/changes', 'Check Recent Changes', { commands: [command('inv/changes/c0', 'kubectl get deployments', 'read')] }),
          step('investigation', 'inv/logs', 'Analyze Logs', { queries: [{ text: 'env:prod service:api status:error', position: at }] }),
        ],
      },
      {
        id: 'mitigation', title: 'Mitigation Actions', level: 2, kind: 'mitigate', position: at,
        steps: [
          step('mitigation', 'mit/rollback', 'Rollback Deployment', {
            label: 'Rollback Deployment',
            action: { kind: 'command', label: 'Rollback Deployment' },
            commands: [command('mit/rollback/c0', 'kubectl rollout undo deployment/api-service', 'change')],
          }),
          step('mitigation', 'mit/restart', 'Restart a pod', {
            commands: [command('mit/restart/c0', 'kubectl delete pod <pod-name>', 'destructive', ['pod-name'])],
          }),
          step('mitigation', 'mit/breaker', 'Enable Circuit Breaker', {
            label: 'Enable Circuit Breaker',
            action: { kind: 'flag', label: 'Enable Circuit Breaker', flag: 'enable_circuit_breaker', value: 'true' },
          }),
        ],
      },
      ...(extraSteps > 0 ? [{ id: 'more', title: 'More', level: 2, kind: 'info' as const, position: at, steps: filler }] : []),
    ],
    escalation: [
      { afterMinutes: 15, action: 'page', target: 'Engineering Manager', text: '15 -> EM', position: at },
      { afterMinutes: 30, action: 'page', target: 'CTO', text: '30 -> CTO', position: at },
    ],
    variables: [],
    escalationNotes: [],
    diagnostics: [],
  };
}

export const OPENED_AT = Date.parse('2026-11-26T10:00:00.000Z');

export function openedEvent(runbook: Runbook, overrides: Partial<IncidentOpenedEvent> = {}): NewEvent {
  return {
    type: 'incident.opened',
    actor: 'alice',
    incidentId: 'test-incident',
    title: runbook.title,
    runbookPath: runbook.file,
    runbookHash: 'f'.repeat(64),
    runbook,
    service: 'api',
    severity: 'SEV-2',
    detectedAt: null,
    impactStartedAt: null,
    commander: 'alice',
    escalationFrom: 'detection',
    updateCadenceMinutes: 15,
    mode: { dryRun: true, readonly: false },
    ...overrides,
  } as NewEvent;
}

/** A clock the test moves by hand; scheduled callbacks never fire by themselves. */
export class ManualClock implements SessionClock {
  ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  now = () => new Date(this.ms);
  schedule = () => () => undefined;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface SessionFixture {
  session: Session;
  room: WarRoom;
  journal: Journal;
  dir: string;
  clock: ManualClock;
  cleanup: () => Promise<void>;
}

/** A war room on a real journal in a temp folder, built by the program's own root (openWarRoom). */
export async function openSession(
  options: { runbook?: Runbook; comms?: CommsPort; opened?: Partial<IncidentOpenedEvent>; writePostmortem?: PostmortemWriter } = {},
): Promise<SessionFixture> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-ui-'));
  const dir = path.join(root, 'test-incident');
  const clock = new ManualClock(OPENED_AT);
  const journal = await createJournal(
    dir,
    { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: 'test-incident', createdAt: new Date(OPENED_AT).toISOString() },
    { now: clock.now },
  );
  const opened = await journal.append(openedEvent(options.runbook ?? dashboardRunbook(), options.opened));
  const room = await openWarRoom({
    incidentDir: dir,
    store: journalStore(journal, [opened]),
    actor: 'alice',
    clock,
    ...(options.writePostmortem ? { writePostmortem: options.writePostmortem } : {}),
  });
  if (options.comms) room.session.attachComms(options.comms);
  return {
    session: room.session,
    room,
    journal,
    dir,
    clock,
    cleanup: async () => {
      await room.session.close().catch(() => undefined);
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `predicate` holds or the deadline passes (then throws with the last value). */
export async function waitUntil<T>(read: () => T, predicate: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!predicate(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value:\n${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = read();
  }
  return value;
}

export async function journalEvents(dir: string): Promise<IncidentEvent[]> {
  const text = await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as IncidentEvent);
}

/**
 * Resolves once Ink listens to stdin (useInput binds in an effect after the first frame;
 * keys written before that are lost).
 */
export async function inputReady(stdin: { listenerCount(event: string): number }): Promise<void> {
  await waitUntil(() => stdin.listenerCount('readable'), (n) => n > 0);
}
