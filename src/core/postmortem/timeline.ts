// Which journal events make a line in the post-mortem's timeline, and in what words. Built from
// the events (not the reduced state) because order and per-event detail matter here: a step
// ticked, unticked and ticked again is three facts, and the state keeps only the last.
// Runs of checklist ticks are summarised in one line; bookkeeping events (deliveries in flight,
// dialog openings, parameters) make none.
import { approvalDecidedText, approvalRequestedText, roleText } from '../incident/room-text.ts';
import type { AlertLinkedEvent, IncidentEvent, IncidentOpenedEvent, StepEvent } from '../incident/events.ts';
import { deliveryLine, failedDeliveryLine } from './delivery-lines.ts';
import { alertEventLine, alertLine } from './alert-lines.ts';
import { commandScript, flagChangeOf, indexRequests, type CommandFacts } from '../incident/requests.ts';
import { journalRepairText } from '../incident/timeline.ts';
import { formatDuration } from '../time.ts';
import { incidentStartedAt, utcDay, utcTime } from './clock-text.ts';
import { commandResultText } from './command-result.ts';
import { codeSpan, commandSummary, inlineText, mention } from './markdown.ts';
import { parseNoteTag } from './note-tags.ts';
import { stepIndex, stepNameById, type StepRef } from './runbook-steps.ts';

export interface PostmortemTimelineEntry {
  /** ISO instant the line is stamped with. */
  at: string;
  /** Tie-breaker for equal times: journal order. */
  order: number;
  text: string;
}

/** Ticks further apart than this start a new summary line even with nothing in between. */
const TICK_RUN_GAP_MS = 5 * 60_000;

interface TickRun {
  type: StepEvent['type'];
  actor: string;
  firstAt: string;
  lastAt: string;
  order: number;
  items: string[];
}

const TICK_VERB: Record<StepEvent['type'], string> = {
  'step.checked': 'checked',
  'step.unchecked': 'unticked',
  'step.skipped': 'skipped',
};

function capitalise(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

function commandLine(f: CommandFacts, steps: Map<string, StepRef>): string {
  const script = commandScript(f);
  const who = mention(f.requested?.actor ?? f.started?.actor ?? f.finished?.actor ?? 'unknown');
  const step = f.requested ? ` (step ${stepNameById(steps, f.requested.stepId)})` : '';
  const result = f.finished
    ? commandResultText(f.finished)
    : 'no result recorded (still running, or warroom stopped before it ended)';
  const verb = f.finished?.dryRun && f.finished.error === null ? 'would have run' : 'ran';
  return `${who} ${verb} ${commandSummary(script)}${step}: ${result}.`;
}

function tickRunText(run: TickRun): string {
  const verb = TICK_VERB[run.type];
  const [only] = run.items;
  if (run.items.length === 1 && only !== undefined) return `${mention(run.actor)} ${verb}: ${only}.`;
  return `${mention(run.actor)} ${verb} ${run.items.length} steps (${run.items.join(', ')}).`;
}

function openedLines(e: IncidentOpenedEvent, linked: AlertLinkedEvent | undefined): PostmortemTimelineEntry[] {
  const lines: PostmortemTimelineEntry[] = [];
  const order = e.seq * 4;
  if (e.impactStartedAt !== null) lines.push({ at: e.impactStartedAt, order, text: 'Impact started.' });
  if (linked) {
    // The alert is the first fact of the incident: at its startsAt, ahead of anything at that instant.
    lines.push({ at: linked.startsAt, order: -1, text: alertLine(linked) });
  } else if (e.detectedAt !== null) {
    const trigger = e.runbook.trigger ? `Alert fired: ${inlineText(e.runbook.trigger, 200)}.` : 'Problem detected.';
    lines.push({ at: e.detectedAt, order: order + 1, text: trigger });
  }
  const how = 'opened the war room';
  const mode = e.mode.dryRun ? ', DRILL: nothing ran or was sent' : e.mode.readonly ? ', read-only mode' : '';
  const details = `${inlineText(e.severity, 40)}, commander ${mention(e.commander)}, runbook ${codeSpan(inlineText(e.runbookPath, 200))}${mode}`;
  lines.push({ at: e.at, order: order + 2, text: `${mention(e.actor)} ${how} (${details}).` });
  return lines;
}

export function postmortemTimeline(events: readonly IncidentEvent[]): PostmortemTimelineEntry[] {
  const opened = events.find((e): e is IncidentOpenedEvent => e.type === 'incident.opened');
  if (!opened) return [];
  const linked = events.find((e): e is AlertLinkedEvent => e.type === 'alert.linked');
  const steps = stepIndex(opened.runbook);
  const day = utcDay(incidentStartedAt(opened));
  const requests = indexRequests(events);
  const commands = requests.commands;
  const entries: PostmortemTimelineEntry[] = [];
  let run: TickRun | null = null;

  const flush = (): void => {
    if (run) entries.push({ at: run.firstAt, order: run.order, text: tickRunText(run) });
    run = null;
  };
  const line = (e: IncidentEvent, text: string): void => {
    flush();
    entries.push({ at: e.at, order: e.seq * 4, text });
  };

  for (const e of events) {
    switch (e.type) {
      case 'incident.opened':
        flush();
        entries.push(...openedLines(e, linked));
        break;
      case 'step.checked':
      case 'step.unchecked':
      case 'step.skipped': {
        const name = stepNameById(steps, e.stepId);
        const item = e.note ? `${name} (${inlineText(e.note, 200)})` : name;
        const current = run as TickRun | null;
        const joins =
          current !== null &&
          current.type === e.type &&
          current.actor === e.actor &&
          Date.parse(e.at) - Date.parse(current.lastAt) <= TICK_RUN_GAP_MS;
        if (joins && current) {
          current.items.push(item);
          current.lastAt = e.at;
        } else {
          flush();
          run = { type: e.type, actor: e.actor, firstAt: e.at, lastAt: e.at, order: e.seq * 4, items: [item] };
        }
        break;
      }
      case 'note.added': {
        const { tag, body } = parseNoteTag(e.text);
        const what = tag === 'cause' ? 'noted a cause' : tag === 'action' ? 'noted an action item' : 'noted';
        line(e, `${mention(e.actor)} ${what}: ${inlineText(body, 300)}`);
        break;
      }
      case 'status.changed':
        line(e, `${mention(e.actor)} changed status: ${capitalise(e.from)} → ${capitalise(e.to)}.`);
        break;
      case 'severity.changed':
        line(e, `${mention(e.actor)} changed severity: ${inlineText(e.from, 40)} → ${inlineText(e.to, 40)}.`);
        break;
      case 'commander.changed':
        line(e, `${mention(e.actor)} handed command from ${mention(e.from)} to ${mention(e.to)}.`);
        break;
      case 'command.started':
        line(e, commandLine(commands.get(e.requestSeq) ?? { started: e }, steps));
        break;
      case 'command.finished':
        // Dry runs and commands that never started have no start event: the result is the line.
        if (!commands.get(e.requestSeq)?.started) line(e, commandLine(commands.get(e.requestSeq) ?? { finished: e }, steps));
        break;
      case 'command.cancelled':
        line(e, `${mention(e.actor)} cancelled ${commandSummary(commandScript(commands.get(e.requestSeq)))} before it ran: ${inlineText(e.reason, 200)}.`);
        break;
      case 'flag.toggled':
      case 'flag.finished': {
        const change = flagChangeOf(e, requests);
        const detail = change.detail ? `: ${inlineText(change.detail, 200)}` : '';
        const result = change.outcomeUnknown ? `outcome unknown${detail}` : change.via === 'manual' && change.ok ? 'done by hand' : change.ok ? 'ok' : `failed${detail}`;
        const flag = `${codeSpan(inlineText(change.flag, 100))} to ${codeSpan(inlineText(change.value, 100))}`;
        const who = e.type === 'flag.finished' ? (requests.flags.get(e.requestSeq)?.confirmed?.actor ?? e.actor) : e.actor;
        if (change.via === 'dry-run') line(e, `${mention(who)} would have set flag ${flag} (drill, nothing changed).`);
        else line(e, `${mention(who)} set flag ${flag} (via ${change.via}): ${result}.`);
        break;
      }
      case 'flag.cancelled': {
        const requested = requests.flags.get(e.requestSeq)?.requested;
        const flag = requested ? `${codeSpan(inlineText(requested.flag, 100))} to ${codeSpan(inlineText(requested.value, 100))}` : 'a flag';
        line(e, `${mention(e.actor)} cancelled setting ${flag} before it ran: ${inlineText(e.reason, 200)}.`);
        break;
      }
      case 'escalation.fired': {
        // Whether anyone was reached is the delivery's line: this one records the decision.
        const verb = e.action === 'page' ? 'Escalation: page' : e.action === 'notify' ? 'Escalation: notify' : 'Escalated to';
        const why = e.manual
          ? `manual escalation by ${mention(e.actor)}`
          : e.afterMinutes !== null
            ? `not resolved after ${e.afterMinutes} min`
            : `escalation level ${e.level}`;
        const lateMs = e.late && e.dueAt !== null ? Date.parse(e.at) - Date.parse(e.dueAt) : null;
        const late = lateMs !== null && lateMs > 0 ? `; fired ${formatDuration(lateMs)} late, warroom was not running` : '';
        line(e, `${verb} ${inlineText(e.target, 100)} (${why}${late}).`);
        break;
      }
      case 'update.due':
        line(e, `${capitalise(e.kind)} status update overdue (was due ${utcTime(e.dueAt, day)}).`);
        break;
      case 'update.posted': {
        const status = Object.entries(e.fields).find(([k]) => k.toLowerCase() === 'status')?.[1];
        const impact = Object.entries(e.fields).find(([k]) => k.toLowerCase() === 'impact')?.[1];
        const publicText = Object.entries(e.fields).find(([k]) => k.toLowerCase() === 'text')?.[1] ?? e.text;
        const head = `${mention(e.actor)} posted ${e.kind === 'public' ? 'a public' : 'an internal'} update`;
        const statusText = status ? ` (${inlineText(status, 40)})` : '';
        const body =
          e.kind === 'public'
            ? `: “${inlineText(publicText, 200)}”`
            : impact
              ? `; impact: ${inlineText(impact, 200)}`
              : '';
        line(e, `${head}${statusText}${body}`);
        break;
      }
      case 'delivery.failed': {
        if (e.retryAt !== null) break; // still retrying: only giving up is worth a line
        line(e, failedDeliveryLine(e, requests.deliveries.get(e.deliveryId)));
        break;
      }
      case 'operator.left':
        line(e, `${mention(e.operator)} left the war room.`);
        break;
      case 'operator.returned':
        line(e, `${mention(e.operator)} came back to the war room.`);
        break;
      case 'incident.acknowledged':
        line(e, `${mention(e.by)} acknowledged the incident${e.via === 'pagerduty' ? ' in PagerDuty' : ''}.`);
        break;
      case 'incident.resolved':
        line(e, `${mention(e.actor)} resolved the incident${e.summary ? `: ${inlineText(e.summary, 300)}` : '.'}`);
        break;
      case 'incident.reopened':
        line(e, `${mention(e.actor)} reopened the incident${e.reason ? `: ${inlineText(e.reason, 300)}` : '.'}`);
        break;
      case 'journal.repaired':
        // The record itself changed: a post-mortem reader must know lines were moved out.
        line(e, `${capitalise(journalRepairText(e))}.`);
        break;
      case 'role.assigned':
        line(e, `${capitalise(roleText(e))}.`);
        break;
      case 'approval.requested':
        line(e, `${capitalise(approvalRequestedText(e))}.`);
        break;
      case 'approval.decided':
        line(e, `${capitalise(approvalDecidedText(e, null))}.`);
        break;
      case 'alert.changed':
      case 'alert.related':
      case 'alert.silenced':
      case 'alert.silence-expired':
        line(e, alertEventLine(e, day));
        break;
      case 'alert.linked':
      case 'parameter.set':
      case 'command.requested':
      case 'command.confirmed':
      case 'flag.requested':
      case 'flag.confirmed':
      case 'flag.started':
      case 'delivery.requested':
      case 'delivery.attempted':
        break;
      case 'delivery.delivered': {
        const text = deliveryLine(e, requests.deliveries.get(e.deliveryId), opened.mode.dryRun);
        if (text !== null) line(e, text);
        break;
      }
      default: {
        const unknown: never = e;
        void unknown;
      }
    }
  }
  flush();
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
}

/** The timeline as Markdown list items, e.g. `- **10:00 UTC**: Alert fired: ...`. */
export function timelineMarkdown(entries: readonly PostmortemTimelineEntry[], referenceDay: string): string[] {
  return entries.map((entry) => `- **${utcTime(entry.at, referenceDay)}**: ${entry.text}`);
}
