// Opening a war room: a new incident from a runbook (`warroom run`), or an existing one
// (`warroom resume`). Both hand back the journal with the incident lock held and the events so
// far; the caller (dashboard or plain mode) builds its state from those.
import path from 'node:path';
import { claimIncidentDir, hasJournal, latestOpenIncident, resolveIncident } from '../adapters/incidents.ts';
import { createJournal, openJournal, type Journal, type JournalProblem } from '../adapters/journal.ts';
import { warroomPaths } from '../adapters/home.ts';
import { RunbookCache } from '../adapters/runbook-cache.ts';
import { loadRunbook } from '../adapters/runbook-files.ts';
import {
  JOURNAL_FORMAT_VERSION,
  type ClockOrigin,
  type IncidentEvent,
  type IncidentOpenedEvent,
  type NewEvent,
} from '../core/incident/events.ts';
import type { Runbook } from '../core/runbook/types.ts';
import { parseDetectedAt } from '../core/time.ts';
import { alertWindowMinutes } from '../core/runbook/alert-window.ts';
import { UsageError, WarroomError } from '../errors.ts';
import type { SecretValues } from './secret-values.ts';

/** What the operator chooses about a new incident (`warroom run`'s flags, the picker's questions). */
export interface IncidentChoices {
  /** Fills `[SERVICE]` (and other spellings of the SERVICE placeholder) in the title. */
  service?: string;
  /** Default: the runbook's `**Severity**`, else SEV-3. */
  severity?: string;
  /** Default: the operator (`actor`). */
  commander?: string;
  /** `--detected-at`: ISO time with zone, or a duration ago (`14m`). */
  detectedAt?: string;
  /** When impact began: ISO time or a duration ago. Default: detection minus the trigger's alert window. */
  impactStartedAt?: string;
  /** Default: the runbook title with the service filled in. */
  title?: string;
  dryRun: boolean;
  readonly: boolean;
}

export interface OpenNewIncidentOptions extends IncidentChoices {
  runbookPath: string;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Who opens it; becomes the event's actor. */
  actor: string;
  /** Promise for the next status update, minutes. Default 15 (config may say otherwise). */
  updateCadenceMinutes?: number;
  /** Where escalation thresholds count from. Default `detection` (open time when unknown). */
  escalationFrom?: ClockOrigin;
  /** Resolves a relative runbook path. Default: process.cwd(). */
  cwd?: string;
  /** Puts the runbook into the new incident folder (a fetched copy) and gives its path; runbookPath then only names the folder. */
  runbookInto?: (dir: string) => Promise<string>;
  /** Default impactStartedAt from the trigger's alert window. Default true. */
  impactFromWindow?: boolean;
}

export interface OpenedIncident {
  id: string;
  dir: string;
  /** null when the journal is damaged: the incident can only be looked at. */
  journal: Journal | null;
  events: IncidentEvent[];
  problems: JournalProblem[];
  readonly: boolean;
  /** Why a damaged journal opened read-only (`file:line`, and how to repair it). */
  readonlyReason?: string | null;
  /** The journal.repaired event this open appended after cutting a torn last line. */
  repaired?: IncidentEvent | null;
  /** Secret values the opening journaled as the mark (an alert's `db_url`), for this war room's commands. */
  secrets?: SecretValues;
}

export const DEFAULT_SEVERITY = 'SEV-3';
export const DEFAULT_UPDATE_CADENCE_MINUTES = 15;

/** WARROOM_OPERATOR, else $USER, else `operator`; config may supply `override`. */
export function operatorName(env: NodeJS.ProcessEnv, override?: string | null): string {
  const candidates = [override, env.WARROOM_OPERATOR, env.USER, env.USERNAME];
  for (const candidate of candidates) {
    const trimmed = candidate?.trim();
    if (trimmed) return trimmed;
  }
  return 'operator';
}

/** `[SERVICE] High Latency Runbook` + `api` → `api High Latency Runbook`. */
export function incidentTitle(runbook: Runbook, service: string | undefined): string {
  let title = runbook.title;
  if (service !== undefined && service !== '') {
    // Every spelling the parser recognises for a placeholder named "service", any case.
    title = title.replace(/\[service\]|<service>|\$\{service\}|\{\{\s*service\s*\}\}|\$service\b/gi, service);
  }
  return title.replace(/\s+Runbook$/i, '').trim() || runbook.title;
}

/** Creates the incident folder and journal and appends `incident.opened`. */
export async function openNewIncident(opts: OpenNewIncidentOptions): Promise<OpenedIncident & { journal: Journal }> {
  const openedAt = opts.now();
  let detectedAt: string | null = null;
  if (opts.detectedAt !== undefined) {
    const parsed = parseDetectedAt(opts.detectedAt, openedAt);
    if (!parsed.ok) throw new UsageError(parsed.error);
    detectedAt = parsed.value.toISOString();
  }
  let impactStartedAt: string | null = null;
  if (opts.impactStartedAt !== undefined) {
    const parsed = parseDetectedAt(opts.impactStartedAt, openedAt);
    if (!parsed.ok) throw new UsageError(`--impact-started-at: ${parsed.error}`);
    impactStartedAt = parsed.value.toISOString();
  }
  let runbookPath = path.resolve(opts.cwd ?? process.cwd(), opts.runbookPath);
  const slug = path.basename(runbookPath).replace(/\.(md|markdown)$/i, '');
  // Diagnostics do not block: mid-incident, an imperfect runbook beats none. They travel in
  // the snapshot for the dashboard to show. A local runbook is read before anything is created.
  const cache = new RunbookCache(path.join(warroomPaths(opts.env).cacheDir, 'runbooks'));
  let loaded = opts.runbookInto ? null : await loadRunbook(runbookPath, cache);
  const { id, dir } = await claimIncidentDir(opts.env, openedAt, slug);
  if (opts.runbookInto) {
    runbookPath = await opts.runbookInto(dir);
    loaded = await loadRunbook(runbookPath, cache);
  }
  const { runbook, hash } = loaded!;

  const window = alertWindowMinutes(runbook.trigger);
  if (impactStartedAt === null && detectedAt !== null && window !== null && opts.impactFromWindow !== false) {
    impactStartedAt = new Date(Date.parse(detectedAt) - window * 60_000).toISOString();
  }

  const journal = await createJournal(
    dir,
    { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: openedAt.toISOString() },
    { now: opts.now },
  );
  const opened: NewEvent = {
    type: 'incident.opened',
    actor: opts.actor,
    incidentId: id,
    title: opts.title?.trim() || incidentTitle(runbook, opts.service),
    runbookPath,
    runbookHash: hash,
    runbook,
    service: opts.service?.trim() || null,
    severity: opts.severity?.trim() || runbook.severity || DEFAULT_SEVERITY,
    detectedAt,
    impactStartedAt,
    // Names are stored without a leading `@`: mentions add it once.
    commander: opts.commander?.trim().replace(/^@+/, '') || opts.actor,
    escalationFrom: opts.escalationFrom ?? 'detection',
    updateCadenceMinutes: opts.updateCadenceMinutes ?? DEFAULT_UPDATE_CADENCE_MINUTES,
    mode: { dryRun: opts.dryRun, readonly: opts.readonly },
  } satisfies Omit<IncidentOpenedEvent, 'seq' | 'at'>;
  try {
    const event = await journal.append(opened, openedAt);
    return { id, dir, journal, events: [event], problems: [], readonly: false };
  } catch (error) {
    await journal.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Opens an existing incident for writing: `idOrLatest` is an id, a unique prefix or `latest`;
 * undefined means the newest unresolved incident. Holds the lock unless the journal is damaged
 * (then `journal` is null and `readonly` true, with the problems to show).
 */
export async function resumeIncidentJournal(
  env: NodeJS.ProcessEnv,
  idOrLatest: string | undefined,
  options: { now?: () => Date } = {},
): Promise<OpenedIncident> {
  let dir: string;
  if (idOrLatest === undefined) {
    const open = await latestOpenIncident(env);
    if (open === null) throw new UsageError('no open incident to resume; start one with: warroom run <runbook.md>');
    dir = open.dir;
  } else {
    dir = await resolveIncident(env, idOrLatest);
    if (!hasJournal(path.dirname(dir), path.basename(dir))) {
      throw new UsageError(`${path.basename(dir)} was joined from a shared room: open it with warroom join ${path.basename(dir)}`);
    }
  }
  const opened = await openJournal(dir, options.now ? { now: options.now } : {});
  if (opened.events.length === 0) {
    await opened.journal?.close();
    throw new WarroomError(`${path.join(dir, 'journal.jsonl')}: the incident has no events (it was never opened)`);
  }
  return {
    id: path.basename(dir),
    dir,
    journal: opened.journal,
    events: opened.events,
    problems: opened.problems,
    readonly: opened.readonly,
    readonlyReason: opened.readonlyReason,
    repaired: opened.repaired,
  };
}
