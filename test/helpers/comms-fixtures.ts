// Fixtures for the comms tests: the seed's API High Latency runbook as a model, and a small
// event log that stamps seq/at like the journal and replays with the real reducer.
import type { EventStore, Stored } from '../../src/core/incident/event-store.ts';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import type { WarroomConfig } from '../../src/adapters/config.ts';
import type { RunbookCommand, RunbookStep, Runbook, SectionKind, Risk } from '../../src/core/runbook/types.ts';

const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };

function command(id: string, script: string, risk: Risk): RunbookCommand {
  return {
    id,
    script,
    language: 'bash',
    origin: 'fence',
    sampleOutput: [],
    parameters: [],
    risk,
    riskReason: 'test',
    confirm: risk === 'read' ? 'key' : 'yes',
    confirmWord: null,
    annotations: { extra: {} },
    context: { kind: 'local' },
    interactive: false,
    variables: [],
    position: at,
  };
}

function step(sectionId: string, id: string, text: string, label: string | null, commands: RunbookCommand[] = []): RunbookStep {
  return {
    id,
    sectionId,
    text,
    label,
    depth: 0,
    task: false,
    checked: false,
    fromHeading: false,
    children: [],
    commands,
    variables: [],
    queries: [],
    action: null,
    position: at,
  };
}

function sectionOf(id: string, title: string, kind: SectionKind, steps: RunbookStep[]) {
  return { id, title, level: 2, kind, steps, position: at };
}

export function seedRunbook(): Runbook {
  return {
    file: 'runbooks/api-high-latency.md',
    title: '[SERVICE] High Latency Runbook',
    titleSource: 'h1',
    titleParameters: ['SERVICE'],
    metadata: { Severity: 'SEV-2', Trigger: 'P99 Latency > 500ms for 5 minutes' },
    severity: 'SEV-2',
    trigger: 'P99 Latency > 500ms for 5 minutes',
    frontMatter: {},
    sections: [
      sectionOf('prerequisite-checks', 'Prerequisite Checks', 'check', [
        step('prerequisite-checks', 'check-datadog', 'Check Datadog Dashboard', null),
      ]),
      sectionOf('investigation-steps', 'Investigation Steps', 'investigate', [
        step('investigation-steps', 'recent-changes', 'Check Recent Changes', 'Check Recent Changes', [
          command('recent-changes/c0', 'kubectl get deployments', 'read'),
        ]),
      ]),
      sectionOf('mitigation-actions', 'Mitigation Actions', 'mitigate', [
        step('mitigation-actions', 'rollback', 'Rollback Deployment', 'Rollback Deployment', [
          command('rollback/c0', 'kubectl rollout undo deployment/api-service', 'change'),
        ]),
        step('mitigation-actions', 'scale', 'Scale Up', 'Scale Up', [
          command('scale/c0', 'kubectl scale deployment/api-service --replicas=10', 'change'),
        ]),
        step('mitigation-actions', 'breaker', 'Enable Circuit Breaker', 'Enable Circuit Breaker'),
      ]),
    ],
    escalation: [
      { afterMinutes: 15, action: 'page', target: 'Engineering Manager', text: 'If not resolved in 15 mins -> Page Engineering Manager', position: at },
      { afterMinutes: 30, action: 'page', target: 'CTO', text: 'If not resolved in 30 mins -> Page CTO', position: at },
    ],
    variables: [],
    escalationNotes: [],
    diagnostics: [],
  };
}

export const OPENED_AT = '2026-11-26T10:05:00.000Z';
export const DETECTED_AT = '2026-11-26T10:00:00.000Z';

export function seedOpened(overrides: Record<string, unknown> = {}): NewEvent {
  return {
    type: 'incident.opened',
    actor: 'alice',
    incidentId: '2026-11-26-1005-api-high-latency',
    title: 'API High Latency',
    runbookPath: 'runbooks/api-high-latency.md',
    runbookHash: 'ab'.repeat(32),
    runbook: seedRunbook(),
    service: 'api',
    severity: 'SEV-2',
    detectedAt: DETECTED_AT,
    impactStartedAt: null,
    commander: 'alice',
    escalationFrom: 'detection',
    updateCadenceMinutes: 15,
    mode: { dryRun: false, readonly: false },
    ...overrides,
  } as NewEvent;
}

/** Events stamped as the journal would: seq from 1, `at` from a movable clock. */
export class EventLog {
  readonly events: IncidentEvent[] = [];
  now: Date;

  constructor(start = OPENED_AT) {
    this.now = new Date(start);
  }


  advance(ms: number): this {
    this.now = new Date(this.now.getTime() + ms);
    return this;
  }

  append = async (event: NewEvent): Promise<IncidentEvent> => this.add(event);

  /** The log as the war room's EventStore (what the comms service and the outbox take). */
  readonly store: EventStore = storeOf(this);

  add(event: NewEvent): IncidentEvent {
    const stamped = { ...event, seq: this.events.length + 1, at: this.now.toISOString() } as IncidentEvent;
    this.events.push(stamped);
    return stamped;
  }

  state = (): IncidentState => replay(this.events);

  /** A finished command run: requested, confirmed, started, finished. */
  ran(stepId: string, commandId: string, script: string, risk: Risk, result: { exitCode: number; durationMs: number }): void {
    const request = this.add({ type: 'command.requested', actor: 'alice', stepId, commandId, template: script, risk });
    this.add({ type: 'command.confirmed', actor: 'alice', requestSeq: request.seq, script, confirmation: 'yes', kubeContext: 'prod', kubeNamespace: 'api', dryRun: false });
    this.add({ type: 'command.started', actor: 'alice', requestSeq: request.seq, pid: 4242, cwd: '/srv', script, kubeContext: 'prod', outputFile: `commands/${request.seq}.log` });
    this.advance(result.durationMs);
    this.add({
      type: 'command.finished',
      actor: 'alice',
      requestSeq: request.seq,
      exitCode: result.exitCode,
      signal: null,
      durationMs: result.durationMs,
      outputFile: `commands/${request.seq}.log`,
      outputBytes: 10,
      outputSha256: null,
      timedOut: false,
      cancelled: false,
      dryRun: false,
      error: null,
      tail: ['deployment.apps/api-service rolled back'],
    });
  }
}

function storeOf(log: EventLog): EventStore {
  return {
    get state() {
      return log.state();
    },
    get events() {
      return log.events;
    },
    append: async <E extends NewEvent>(event: E) => log.add(event) as Stored<E>,
    subscribe: () => () => undefined,
    close: async () => undefined,
  };
}

export const TEST_TOKEN = 'xoxb-test-token-0000-secret';
export const TEST_ROUTING_KEY = 'R0UT1NGKEY0000000000000000SECRET';

/** A full config object as loadConfig() would return it, pointed at a fake server. */
export function testConfig(base: string | null, overrides: Partial<WarroomConfig['slack']> = {}): WarroomConfig {
  return {
    operator: 'alice',
    commander: null,
    slack: {
      webhookUrl: null,
      token: base ? TEST_TOKEN : null,
      channel: base ? '#incidents' : null,
      apiUrl: base ? `${base}/api` : 'https://slack.com/api',
      mention: '<!here>',
      ...overrides,
    },
    pagerduty: { routingKey: null, url: base ? `${base}/pagerduty/v2/enqueue` : 'https://events.pagerduty.com/v2/enqueue' },
    escalation: { countFrom: 'detection', targets: {} },
    updates: { cadenceMinutes: 15 },
    flags: { command: null, url: null },
    runbooks: { folders: [] },
    commands: { timeoutSeconds: null },
    path: '/nonexistent/config.json',
  };
}
