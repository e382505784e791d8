// The journal in human words, one entry per event worth a line. Built from the events rather
// than the state because some detail lives only there (when each retry failed, what a step
// was called at the time). Dialog openings, confirmations and delivery attempts are not worth
// a line: the outcome is.
import type { RunbookStep } from '../runbook/types.ts';
import { formatDuration, formatTimeOfDay, msBetween } from '../time.ts';
import type { CommandFinishedEvent, EscalationFiredEvent, IncidentEvent, JournalRepairedEvent, UpdatePostedEvent } from './events.ts';
import { commandScript, flagChangeOf, indexRequests } from './requests.ts';
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
  | 'resolve'
  | 'reopen'
  | 'journal';

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
  const verb = event.action === 'page' ? 'paged' : event.action === 'notify' ? 'notified' : 'escalated to';
  if (event.manual) return `${verb} ${event.target} (manual)`;
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

export function timelineFromEvents(events: readonly IncidentEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let stepNames = new Map<string, string>();
  const requests = indexRequests(events);
  const script = (requestSeq: number) => oneLine(commandScript(requests.commands.get(requestSeq)) || '?');
  const delivery = (id: string) => {
    const requested = requests.deliveries.get(id);
    return requested ? `${requested.kind} to ${requested.destination}` : id;
  };
  const failedBefore = new Set<string>();

  for (const event of events) {
    const line = (kind: TimelineKind, text: string, at = event.at) =>
      entries.push({ seq: event.seq, at, actor: event.actor, kind, text });
    const stepName = (id: string) => stepNames.get(id) ?? id;
    const withNote = (text: string, note: string | null) => (note === null || note === '' ? text : `${text} (${note})`);

    switch (event.type) {
      case 'incident.opened':
        stepNames = stepIndex(event.runbook.sections.flatMap((s) => s.steps), new Map());
        if (event.impactStartedAt !== null) line('impact', 'impact started', event.impactStartedAt);
        if (event.detectedAt !== null) line('detect', 'alert fired / problem detected', event.detectedAt);
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
        break;
      case 'command.cancelled':
        line('command', withNote(`cancelled before it ran: ${script(event.requestSeq)}`, event.reason));
        break;
      case 'command.started':
        line('command', `started ${oneLine(event.script)}`);
        break;
      case 'command.finished': {
        const outcome = describeOutcome(finishedOutcome(event));
        const ran = script(event.requestSeq);
        line('command', event.dryRun && event.error === null ? `dry run: ${ran} (nothing ran)` : `ran ${ran}: ${outcome}`);
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
      case 'delivery.delivered':
        line('delivery', `delivered ${delivery(event.deliveryId)}${event.attempt > 1 ? ` after ${event.attempt} attempts` : ''}`);
        break;
      case 'delivery.failed':
        // The first failure and the final give-up are news; each retry failing again is not.
        if (event.retryAt === null) line('delivery', `gave up delivering ${delivery(event.deliveryId)}: ${event.error}`);
        else if (!failedBefore.has(event.deliveryId)) {
          line('delivery', `delivering ${delivery(event.deliveryId)} failed (${event.error}), retrying`);
        }
        failedBefore.add(event.deliveryId);
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
      default: {
        const unknown: never = event;
        throw new Error(`unknown event type: ${JSON.stringify((unknown as { type?: unknown }).type)}`);
      }
    }
  }
  return entries;
}
