// A small hand-built runbook and event factories shared by the incident and clock tests.
// Built by hand (not parsed) so these tests do not depend on the parser.
import type {
  EscalationThreshold,
  Runbook,
  RunbookCommand,
  RunbookSection,
  RunbookStep,
  SectionKind,
} from '../../../src/core/runbook/types.ts';
import type { IncidentEvent, IncidentOpenedEvent, NewEvent } from '../../../src/core/incident/events.ts';
import { runbookStep, testPosition } from '../../helpers/runbook-builders.ts';

const here = testPosition;

function command(stepId: string, script: string, risk: RunbookCommand['risk'] = 'read'): RunbookCommand {
  return {
    id: `${stepId}/c0`,
    script,
    language: 'bash',
    origin: 'fence',
    sampleOutput: [],
    parameters: [],
    risk,
    riskReason: risk === 'read' ? 'get' : 'undo',
    confirm: risk === 'read' ? 'key' : risk === 'change' ? 'yes' : 'typed',
    confirmWord: null,
    annotations: { extra: {} },
    context: { kind: 'local' },
    interactive: false,
    variables: [],
    position: here,
  };
}

const step = runbookStep;

function section(id: string, title: string, kind: SectionKind, steps: RunbookStep[]): RunbookSection {
  return { id, title, level: 2, kind, steps, position: here };
}

function threshold(afterMinutes: number, target: string): EscalationThreshold {
  return { afterMinutes, action: 'page', target, text: `${afterMinutes} minutes: Page ${target}`, position: here };
}

export function fixtureRunbook(): Runbook {
  return {
    file: 'runbooks/api-high-latency.md',
    title: '[SERVICE] High Latency Runbook',
    titleSource: 'h1',
    titleParameters: ['SERVICE'],
    metadata: { Severity: 'SEV-2' },
    severity: 'SEV-2',
    trigger: 'P95 latency > 500ms for 5 minutes',
    frontMatter: {},
    sections: [
      section('initial-assessment', 'Initial Assessment', 'check', [
        step('initial-assessment', 'ia-dash', 'Check Datadog Dashboard'),
        step('initial-assessment', 'ia-deploys', 'Review recent deployments', { checked: true }),
        step('initial-assessment', 'ia-pods', 'Check pods', {
          commands: [command('ia-pods', 'kubectl get pods -n production')],
          children: [
            step('initial-assessment', 'ia-pods-restarts', 'Look for restarts', { depth: 1 }),
            step('initial-assessment', 'ia-pods-oom', 'Look for OOMKilled', { depth: 1 }),
          ],
        }),
      ]),
      section('mitigation', 'Mitigation Steps', 'mitigate', [
        step('mitigation', 'mit-rollback', 'Rollback Deployment', {
          label: 'Rollback Deployment',
          commands: [command('mit-rollback', 'kubectl rollout undo deployment/api-service', 'change')],
          action: { kind: 'command', label: 'Rollback Deployment' },
        }),
        step('mitigation', 'mit-flag', 'Enable Circuit Breaker', {
          label: 'Enable Circuit Breaker',
          action: { kind: 'flag', label: 'Enable Circuit Breaker', flag: 'circuit_breaker_api', value: 'true' },
        }),
      ]),
      section('info', 'Notes', 'info', []),
    ],
    variables: [],
    escalation: [threshold(15, 'Engineering Manager'), threshold(30, 'CTO')],
    escalationNotes: [],
    diagnostics: [],
  };
}

export const T0 = Date.parse('2026-11-26T10:00:00.000Z');

/** ISO time `minutes` (may be fractional) after 10:00 UTC on the fixture day. */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

export function openedEvent(overrides: Partial<IncidentOpenedEvent> = {}): IncidentOpenedEvent {
  return {
    type: 'incident.opened',
    seq: 1,
    at: at(5),
    actor: 'alice',
    incidentId: '2026-11-26-1005-api-high-latency',
    title: 'api-service High Latency',
    runbookPath: 'runbooks/api-high-latency.md',
    runbookHash: 'ab'.repeat(32),
    runbook: fixtureRunbook(),
    service: 'api-service',
    severity: 'SEV-2',
    detectedAt: at(0),
    impactStartedAt: null,
    commander: 'alice',
    escalationFrom: 'detection',
    updateCadenceMinutes: 15,
    mode: { dryRun: false, readonly: false },
    ...overrides,
  };
}

/**
 * Stamps events the way the journal does: seq counts up from the opened event's, and `at`
 * is given per event in minutes after 10:00.
 */
export class EventLog {
  readonly events: IncidentEvent[];

  constructor(opened: IncidentOpenedEvent = openedEvent()) {
    this.events = [opened];
  }

  add(minutes: number, event: NewEvent): IncidentEvent {
    const last = this.events[this.events.length - 1];
    const stamped = { ...event, seq: (last?.seq ?? 0) + 1, at: at(minutes) } as IncidentEvent;
    this.events.push(stamped);
    return stamped;
  }
}
