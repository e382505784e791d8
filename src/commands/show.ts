// `warroom show <id|latest> [--json]`: the incident as derived from its journal, for people and
// scripts. Reads without the lock (works while the war room is open) and never needs a TTY.
// Everything printed is redacted (secret-shaped text masked, journals written before a pattern
// existed included) and safe for a terminal; the raw command logs it names are not.
import { resolveIncident } from '../adapters/incidents.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { journalPath, openJournal, type JournalProblem } from '../adapters/journal.ts';
import { computeMetrics, formatMetric, type IncidentMetrics } from '../core/incident/metrics.ts';
import { replay } from '../core/incident/reduce.ts';
import { describeOutcome, sectionProgress } from '../core/incident/selectors.ts';
import { pageState, pageStateWords } from '../core/comms/delivery-state.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { timelineFromEvents, type TimelineEntry } from '../core/incident/timeline.ts';
import { redactDeep } from '../core/redact.ts';
import { sanitizeTerminalText } from '../core/terminal-text.ts';
import { formatDuration, formatTimeOfDay, msBetween } from '../core/time.ts';
import { WarroomError } from '../errors.ts';
import type { CommandIo } from './io.ts';
import type { IncidentEvent } from '../core/incident/events.ts';

/** The view of a shared incident's replica, when the folder has one (null otherwise). */
async function sharedEvents(dir: string): Promise<IncidentEvent[] | null> {
  const file = path.join(dir, 'replica.jsonl');
  if (!existsSync(file)) return null;
  const [{ ReplicaFile }, { viewEvents }] = await Promise.all([import('../adapters/share/replica-file.ts'), import('../core/share/replica.ts')]);
  const events = viewEvents((await ReplicaFile.read(file)).replica);
  return events.length > 0 ? events : null;
}

export interface ShowJson {
  incident: IncidentState;
  metrics: IncidentMetrics;
  timeline: TimelineEntry[];
  problems: JournalProblem[];
}

export async function showCommand(id: string, flags: { json: boolean }, io: CommandIo, now: Date = new Date()): Promise<number> {
  const dir = await resolveIncident(io.env, id);
  // A shared incident's record is its replica (the journal holds only its opening, and a
  // terminal that joined has no journal at all).
  const shared = await sharedEvents(dir);
  const journal = shared !== null && !existsSync(journalPath(dir)) ? null : await openJournal(dir, { readonly: true });
  const problems = journal?.problems ?? [];
  const events = shared ?? journal?.events ?? [];
  if (events.length === 0) throw new WarroomError(`${dir}: the incident has no events (it was never opened)`);
  const incident = replay(events);
  const report: ShowJson = redactDeep({ incident, metrics: computeMetrics(incident), timeline: timelineFromEvents(events), problems });
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    // Text goes to a terminal: notes and scripts typed by anyone must not drive it.
    io.stdout.write(sanitizeTerminalText(formatShow(report, now)));
    for (const problem of report.problems) io.stderr.write(`warroom: ${sanitizeTerminalText(problem.message)}\n`);
  }
  return 0;
}

/** `2026-11-26T10:30:05.123Z` → `2026-11-26 10:30:05 UTC`. */
function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${formatTimeOfDay(iso)} UTC`;
}

function rows(pairs: [string, string][], indent = '  '): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** The plain-text view: header, metrics, progress, commands, escalations, timeline. */
export function formatShow({ incident: s, metrics, timeline, problems }: ShowJson, now: Date): string {
  const out: string[] = [s.title];
  const header: [string, string][] = [
    ['id', s.incidentId],
    ['severity', s.severity],
    ['status', s.status],
    ['commander', s.commander],
  ];
  if (s.service !== null) header.push(['service', s.service]);
  header.push(['runbook', `${s.runbookPath} (sha256 ${s.runbookHash.slice(0, 12)})`]);
  if (s.detectedAt !== null) header.push(['detected', utc(s.detectedAt)]);
  header.push(['opened', `${utc(s.openedAt)} by ${s.openedBy}`]);
  if (s.status === 'resolved' && s.resolvedAt !== null) {
    header.push(['resolved', `${utc(s.resolvedAt)} (duration ${formatMetric(metrics.durationMs)})`]);
  } else {
    header.push(['elapsed', formatDuration(Math.max(0, now.getTime() - Date.parse(s.openedAt)))]);
  }
  const modes = [s.mode.dryRun ? 'DRILL (--dry-run: nothing ran, no message was sent)' : null, s.mode.readonly ? 'read-only' : null].filter((m) => m !== null);
  if (modes.length > 0) header.push(['mode', modes.join(', ')]);
  out.push(...rows(header));

  out.push('', 'Metrics');
  out.push(
    ...rows([
      ['time to detect', formatMetric(metrics.timeToDetectMs)],
      ['time to acknowledge', formatMetric(metrics.timeToAcknowledgeMs)],
      ['time to mitigate', formatMetric(metrics.timeToMitigateMs)],
      ['time to resolve', formatMetric(metrics.timeToResolveMs)],
    ]),
  );

  const sections = sectionProgress(s);
  if (sections.length > 0) {
    out.push('', 'Progress');
    out.push(...rows(sections.map((p) => [p.title, `${p.done}/${p.total}`])));
  }

  if (s.commands.length > 0) {
    out.push('', 'Commands');
    for (const run of s.commands) {
      const when = formatTimeOfDay(run.finishedAt ?? run.startedAt ?? run.requestedAt);
      out.push(`  ${when}  ${oneLine(run.script ?? run.template)}  →  ${describeOutcome(run)}`);
    }
    // The logs are the operator's evidence, kept exactly as printed: secrets included.
    out.push('  full output: commands/<seq>.log in the incident folder (raw, not redacted)');
  }

  if (s.escalations.length > 0) {
    out.push('', 'Escalations');
    for (const e of s.escalations) {
      const why = e.manual ? 'by hand' : `${e.afterMinutes ?? '?'} min threshold`;
      const late = e.late && e.dueAt !== null ? `, ${formatDuration(msBetween(e.dueAt, e.at))} late` : '';
      out.push(`  ${formatTimeOfDay(e.at)}  ${e.action} ${e.target} (${why}${late}): ${pageStateWords(pageState(s, e))}`);
    }
  }

  out.push('', 'Timeline (UTC)');
  const actorWidth = Math.max(...timeline.map((t) => t.actor.length), 0);
  for (const entry of timeline) {
    out.push(`  ${formatTimeOfDay(entry.at)}  ${entry.actor.padEnd(actorWidth)}  ${oneLine(entry.text)}`);
  }

  if (problems.length > 0) {
    out.push('', 'Journal problems');
    for (const problem of problems) out.push(`  ${problem.message}`);
  }
  return `${out.join('\n')}\n`;
}

/** Multi-line scripts and notes stay on one line in this view. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ');
}
