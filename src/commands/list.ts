// `warroom list [--all] [--json]`: the newest incidents and the open ones among the older, a
// screenful or two, newest first (every one with --all or --json, for scripts). Reads journals
// without locking them, so it works while a war room is open on one of them.
import { listIncidents, listRecentIncidents, type IncidentSummary } from '../adapters/incidents.ts';
import { warroomPaths } from '../adapters/home.ts';
import { formatDuration } from '../core/time.ts';
import type { CommandIo } from './io.ts';

/** The newest incidents listed without --all, and at most as many older open ones: a screenful, not ten years. */
export const RECENT_LIMIT = 30;

export async function listCommand(flags: { json: boolean; all?: boolean }, io: CommandIo, now: Date = new Date()): Promise<number> {
  const every = flags.json || flags.all === true;
  const { incidents, more, moreOpen } = every ? { incidents: await listIncidents(io.env, now), more: 0, moreOpen: 0 } : await listRecentIncidents(io.env, { newest: RECENT_LIMIT, olderOpen: RECENT_LIMIT }, now);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(incidents, null, 2)}\n`);
    return 0;
  }
  if (incidents.length === 0) {
    io.stdout.write(`No incidents yet in ${warroomPaths(io.env).incidentsDir}. Start one with: warroom run <runbook.md>\n`);
    return 0;
  }
  io.stdout.write(formatTable(incidents));
  if (more > 0) io.stdout.write(`${moreLine(more, moreOpen)}\n`);
  for (const incident of incidents) {
    if (incident.error !== null) io.stderr.write(`warroom: ${incident.id}: ${incident.error}\n`);
    for (const problem of incident.problems) io.stderr.write(`warroom: ${incident.id}: ${problem}\n`);
  }
  return 0;
}

/**
 * 12345 → `12,345`. By hand: the first toLocaleString of a process loads ICU's number formats,
 * ~17 ms of a `warroom list` that otherwise takes a few.
 */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What the list leaves out, open ones named: an open incident must never pass unnoticed. */
export function moreLine(more: number, moreOpen: number): string {
  const count = (n: number, what: string) => `${groupThousands(n)} ${what}${n === 1 ? '' : 's'}`;
  if (moreOpen === 0) return `… and ${count(more, 'older resolved incident')}: warroom list --all`;
  const resolved = more - moreOpen;
  return `… and ${count(moreOpen, 'older open incident')}${resolved > 0 ? ` and ${count(resolved, 'older resolved one')}` : ''}: warroom list --all`;
}

/** `2026-11-26T10:30:05.000Z` → `2026-11-26 10:30` (UTC, as every time warroom prints). */
export function shortUtc(iso: string | null): string {
  return iso === null ? '-' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function formatTable(incidents: IncidentSummary[]): string {
  const header = ['ID', 'STATUS', 'SEV', 'OPENED (UTC)', 'DURATION', 'COMMANDER', 'TITLE'];
  const rows = incidents.map((i) => [
    i.id,
    i.error !== null ? 'unreadable' : (i.status ?? '-'),
    i.severity ?? '-',
    shortUtc(i.openedAt),
    i.durationMs === null ? '-' : formatDuration(i.durationMs),
    i.commander ?? '-',
    i.error !== null ? '(see below)' : `${i.dryRun ? '[DRILL] ' : ''}${i.title ?? '-'}`,
  ]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col === cells.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
