// The journal in human words, one entry per event worth a line. Built from the events rather
// than the state because some detail lives only there (when each retry failed, what a step
// was called at the time). Dialog openings, confirmations and delivery attempts are not worth
// a line: the outcome is.
import type { RunbookStep } from '../runbook/types.ts';
import { formatDuration, formatTimeOfDay, msBetween } from '../time.ts';
import type { AlertLinkedEvent, CommandFinishedEvent, EscalationFiredEvent, IncidentEvent, JournalRepairedEvent, UpdatePostedEvent } from './events.ts';
import { commandScript, flagChangeOf, indexRequests } from './requests.ts';
import { acceptedState } from '../comms/delivery-state.ts';
import { describeFlag, describeOutcome, type CommandOutcome } from './selectors.ts';
import { approvalDecidedText, approvalRequestedText, roleText } from './room-text.ts';

export type TimelineKind =
  | 'impact'
  | 'detect'
  | 'open'
  | 'step'
  | 'note'
  | 'status'
  | 'severity'
  | 'commander'
  | 'parameter'
  | 'command'
  | 'flag'
  | 'escalation'
  | 'update'
  | 'delivery'
  | 'ack'
  | 'presence'
  | 'resolve'
  | 'reopen'
  | 'journal'
  | 'alert';

export interface TimelineEntry {
  /** seq of the event behind the line (impact and detection lines carry the opened event's). */
  seq: number;
  /** When it happened, ISO; for impact and detection, the time they name, not the journal's. */
  at: string;
  actor: string;
  kind: TimelineKind;
  text: string;
}

/** First line of a possibly multi-line script, marked when there was more. */
function oneLine(script: string): string {
  const lines = script.trim().split('\n');
  return lines.length > 1 ? `${lines[0]} …` : (lines[0] ?? '');
}

function stepIndex(steps: readonly RunbookStep[], into: Map<string, string>): Map<string, string> {
  for (const step of steps) {
    into.set(step.id, step.label ?? step.text);
    stepIndex(step.children, into);
  }
  return into;
}

function escalationText(event: EscalationFiredEvent): string {
  // The decision; whether anyone was reached is the delivery's own line (sent / saved to file).
  const verb = event.action === 'page' ? 'escalation: page' : event.action === 'notify' ? 'escalation: notify' : 'escalated to';
  if (event.manual) return `${verb} ${event.target} (by hand${event.level > 0 ? `, level ${event.level}` : ''})`;
  const threshold = event.afterMinutes === null ? `level ${event.level}` : `${event.afterMinutes} min threshold`;
  const late = event.late && event.dueAt !== null ? `, ${formatDuration(msBetween(event.dueAt, event.at))} late` : '';
  return `${verb} ${event.target} (${threshold}${late})`;
}

function updateText(event: UpdatePostedEvent): string {
  const first = event.text.trim().split('\n')[0] ?? '';
  const next = event.nextUpdateMinutes === null ? '' : ` (next in ${event.nextUpdateMinutes} min)`;
  return `posted ${event.kind} update: ${first}${next}`;
}

function finishedOutcome(event: CommandFinishedEvent): CommandOutcome {
  return {
    phase: 'finished',
    exitCode: event.exitCode,
    signal: event.signal,
    durationMs: event.durationMs,
    timedOut: event.timedOut,
    cancelled: event.cancelled,
    dryRun: event.dryRun,
    error: event.error,
    cancelReason: null,
    outcomeUnknown: event.outcome === 'unknown',
    reason: event.reason ?? null,
  };
}

/** `cut an interrupted write at journal.jsonl:12 (kept in journal.damaged.jsonl)`. */
export function journalRepairText(event: JournalRepairedEvent): string {
  const where = event.lines.map((l) => `journal.jsonl:${l.line}`).join(', ');
  if (event.how === 'torn-tail') return `cut an interrupted write at ${where} (kept in ${event.damagedFile})`;
  const count = event.lines.length === 1 ? '1 damaged line' : `${event.lines.length} damaged lines`;
  return event.lines.length === 0 ? 'journal repaired (nothing to move)' : `journal repaired: moved ${count} (${where}) to ${event.damagedFile}`;
}

/** `namespace=shop, pod=api-1`: the named labels the alert has, in that order. */
export function labelText(labels: Readonly<Record<string, string>>, names: readonly string[]): string {
  return names.filter((n) => labels[n] !== undefined && labels[n] !== '').map((n) => `${n}=${labels[n]}`).join(', ');
}

function alertLinkedText(event: AlertLinkedEvent): string {
  if (event.source === 'pagerduty') return `PagerDuty incident ${event.fingerprint} triggered: ${event.name}`;
  const labels = labelText(event.labels, ['severity', 'namespace', 'service', 'job', 'pod']);
  return `alert ${event.name} fired${labels ? ` (${labels})` : ''}`;
}

export function timelineFromEvents(events: readonly IncidentEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const linked = events.find((e): e is AlertLinkedEvent => e.type === 'alert.linked');
  let stepNames = new Map<string, string>();
  const requests = indexRequests(events);
  const script = (requestSeq: number) => oneLine(commandScript(requests.commands.get(requestSeq)) || '?');
  const delivery = (id: string) => {
    const requested = requests.deliveries.get(id);
    return requested ? `${requested.kind} to ${requested.destination}` : id;
  };
  const failedBefore = new Set<string>();
  let drill = false;

  for (const event of events) {
    const line = (kind: TimelineKind, text: string, at = event.at) =>
      entries.push({ seq: event.seq, at, actor: event.actor, kind, text });
    const stepName = (id: string) => stepNames.get(id) ?? id;
    const withNote = (text: string, note: string | null) => (note === null || note === '' ? text : `${text} (${note})`);

    switch (event.type) {
      case 'incident.opened':
        stepNames = stepIndex(event.runbook.sections.flatMap((s) => s.steps), new Map());
        drill = event.mode.dryRun;
        if (event.impactStartedAt !== null) line('impact', 'impact started', event.impactStartedAt);
        // Opened from an alert: the alert itself is the first line, in place of the generic one.
        if (linked) line('alert', alertLinkedText(linked), linked.startsAt);
        else if (event.detectedAt !== null) line('detect', 'alert fired / problem detected', event.detectedAt);
        line('open', `war room opened: ${event.title} (${event.severity}, commander ${event.commander})`);
        break;
      case 'step.checked':
        line('step', withNote(`checked: ${stepName(event.stepId)}`, event.note));
        break;
      case 'step.unchecked':
        line('step', withNote(`unchecked: ${stepName(event.stepId)}`, event.note));
        break;
      case 'step.skipped':
        line('step', withNote(`skipped: ${stepName(event.stepId)}`, event.note));
        break;
      case 'note.added':
        line('note', event.text.trim() === '' ? '(empty note)' : event.text);
        break;
      case 'status.changed':
        line('status', `status ${event.from} → ${event.to}`);
        break;
      case 'severity.changed':
        line('severity', `severity ${event.from} → ${event.to}`);
        break;
      case 'commander.changed':
        line('commander', `commander handed over: ${event.from} → ${event.to}`);
        break;
      case 'parameter.set':
        line('parameter', `set ${event.name} = ${event.value}`);
        break;
      case 'command.requested':
      case 'command.confirmed':
      case 'flag.requested':
      case 'flag.confirmed':
      case 'flag.started':
        break;
      case 'command.cancelled':
        line('command', withNote(`cancelled before it ran: ${script(event.requestSeq)}`, event.reason));
        break;
      case 'command.started':
        line('command', `started ${oneLine(event.script)}${event.interactive ? ' (with the terminal)' : ''}`);
        break;
      case 'command.finished': {
        const outcome = describeOutcome(finishedOutcome(event));
        const ran = script(event.requestSeq);
        line('command', event.dryRun && event.error === null ? `would have run: ${ran} (drill, nothing ran)` : `ran ${ran}: ${outcome}`);
        break;
      }
      case 'flag.toggled':
      case 'flag.finished':
        line('flag', `flag ${describeFlag(flagChangeOf(event, requests))}`);
        break;
      case 'flag.cancelled': {
        const requested = requests.flags.get(event.requestSeq)?.requested;
        const what = requested ? `${requested.flag} → ${requested.value}` : '?';
        line('flag', withNote(`flag change cancelled before it ran: ${what}`, event.reason));
        break;
      }
      case 'escalation.fired':
        line('escalation', escalationText(event));
        break;
      case 'update.due':
        line('update', `${event.kind} update due (promised for ${formatTimeOfDay(event.dueAt)} UTC)`);
        break;
      case 'update.posted':
        line('update', updateText(event));
        break;
      case 'delivery.requested':
      case 'delivery.attempted':
        break;
      case 'delivery.delivered': {
        const requested = requests.deliveries.get(event.deliveryId);
        const view = requested ? acceptedState(requested, event.response, drill) : { word: 'sent', detail: 'accepted' };
        const after = event.attempt > 1 ? `, after ${event.attempt} attempts` : '';
        line('delivery', `${view.word}: ${delivery(event.deliveryId)} (${view.detail}${after})`);
        break;
      }
      case 'delivery.failed':
        // The first failure and the final give-up are news; each retry failing again is not.
        if (event.retryAt === null) line('delivery', `failed: ${delivery(event.deliveryId)} (${event.error})`);
        else if (!failedBefore.has(event.deliveryId)) {
          line('delivery', `queued: ${delivery(event.deliveryId)} (${event.error}, retrying)`);
        }
        failedBefore.add(event.deliveryId);
        break;
      case 'operator.left':
        line('presence', `${event.operator} left the war room`);
        break;
      case 'operator.returned':
        line('presence', `${event.operator} came back to the war room`);
        break;
      case 'incident.acknowledged':
        line('ack', event.via === 'pagerduty' ? `${event.by} acknowledged (PagerDuty)` : `${event.by} acknowledged`);
        break;
      case 'incident.resolved':
        line('resolve', event.summary === null || event.summary === '' ? 'resolved' : `resolved: ${event.summary}`);
        break;
      case 'incident.reopened':
        line('reopen', event.reason === null || event.reason === '' ? 'reopened' : `reopened: ${event.reason}`);
        break;
      case 'journal.repaired':
        line('journal', journalRepairText(event));
        break;
      case 'role.assigned':
        line('commander', roleText(event));
        break;
      case 'approval.requested':
        line('command', approvalRequestedText(event));
        break;
      case 'approval.decided':
        line('command', approvalDecidedText(event, script(event.requestSeq)));
        break;
      case 'alert.linked':
        break; // shown first, with incident.opened
      case 'alert.changed':
        line('alert', event.firing ? 'alert fires again' : 'alert stopped firing');
        break;
      case 'alert.related':
        line('alert', `related alert started: ${event.name} (${labelText(event.labels, ['namespace', 'service', 'pod'])})`);
        break;
      case 'alert.silenced':
        line('alert', `silenced ${event.matchers.join(', ')} until ${formatTimeOfDay(event.endsAt)} UTC (silence ${event.silenceId})`);
        break;
      case 'alert.silence-expired':
        line('alert', `silence ${event.silenceId} expired`);
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unknown event type: ${JSON.stringify((unknown as { type?: unknown }).type)}`);
      }
    }
  }
  return entries;
}
