// The incident as reduce() derives it from the journal. Views, messages, `show --json` and
// the post-mortem read this (through selectors.ts); nothing writes it but reduce().
import type { Risk, Runbook } from '../runbook/types.ts';
import type { LinkedAlert } from './alert-events.ts';
import type { DeliveryRequest } from './deliveries.ts';
import type { ResponderRole } from './room-events.ts';
import type {
  ClockOrigin,
  EscalationFiredEvent,
  FlagVia,
  IncidentStatus,
  UpdateKind,
} from './events.ts';

export type StepState = 'open' | 'checked' | 'skipped';

export interface StepProgress {
  state: StepState;
  /** seq and time of the event that set this state. */
  seq: number;
  at: string;
  actor: string;
  note: string | null;
}

export type CommandPhase =
  | 'requested' // dialog open
  | 'confirmed' // confirmed, not started yet
  | 'running'
  | 'finished'
  | 'cancelled'; // cancelled before it ran

/** One command request and everything that happened to it, keyed by the request's seq. */
export interface CommandRun {
  requestSeq: number;
  stepId: string;
  commandId: string;
  template: string;
  risk: Risk;
  phase: CommandPhase;
  requestedAt: string;
  requestedBy: string;
  script: string | null;
  confirmedAt: string | null;
  kubeContext: string | null;
  kubeNamespace: string | null;
  dryRun: boolean;
  startedAt: string | null;
  pid: number | null;
  cwd: string | null;
  outputFile: string | null;
  finishedAt: string | null;
  /** seq of the command.finished event (absent until finished); orders it against updates. */
  finishedSeq?: number;
  exitCode: number | null;
  signal: string | null;
  durationMs: number | null;
  outputBytes: number;
  outputSha256: string | null;
  timedOut: boolean;
  cancelled: boolean;
  error: string | null;
  tail: string[];
  cancelReason: string | null;
  /** Nobody saw how it ended (warroom exited while it ran); `reason` says so in words. */
  outcomeUnknown: boolean;
  reason: string | null;
}

export type FlagPhase = 'requested' | 'confirmed' | 'finished' | 'cancelled';

/** One feature-flag request and what happened to it, keyed by the request's seq like commands. */
export interface FlagRun {
  requestSeq: number;
  stepId: string;
  flag: string;
  value: string;
  via: FlagVia;
  /** As shown in the dialog (request), then as confirmed. */
  script: string;
  /** The flag's value read when the dialog opened; null: unknown. */
  current?: string | null;
  phase: FlagPhase;
  requestedAt: string;
  requestedBy: string;
  confirmedAt: string | null;
  /** The toggle command's shell started (flag.started), and its pid. */
  startedAt?: string | null;
  pid?: number | null;
  dryRun: boolean;
  finishedAt: string | null;
  finishedSeq?: number;
  /** null until finished. */
  ok: boolean | null;
  detail: string | null;
  outputFile: string | null;
  outcomeUnknown: boolean;
  cancelReason: string | null;
}

/** A flag change that ended (flag.finished, or format 1's flag.toggled): what updates report. */
export interface FlagChange {
  seq: number;
  at: string;
  actor: string;
  stepId: string;
  flag: string;
  value: string;
  via: 'command' | 'http' | 'manual' | 'dry-run';
  ok: boolean;
  detail: string | null;
  /** Nobody saw how it ended (warroom exited while it ran): neither done nor failed. */
  outcomeUnknown: boolean;
}

export interface NoteEntry {
  seq: number;
  at: string;
  actor: string;
  text: string;
}

export interface PostedUpdate {
  seq: number;
  at: string;
  actor: string;
  kind: UpdateKind;
  text: string;
  fields: Record<string, string>;
  nextUpdateMinutes: number | null;
  deliveryIds: string[];
}

export type DeliveryPhase = 'pending' | 'delivered' | 'failed';

export type DeliveryRecord = DeliveryRequest & DeliveryProgress;

export interface DeliveryProgress {
  deliveryId: string;
  requestSeq: number;
  requestedAt: string;
  parentDeliveryId: string | null;
  /** pending: waiting or retrying; failed: gave up (non-retryable); delivered: done. */
  phase: DeliveryPhase;
  attempts: number;
  /** Attempts that got an answer (a failure recorded); fewer than `attempts`: one was cut short by a crash. */
  answered?: number;
  lastError: string | null;
  retryAt: string | null;
  response: { ts?: string; channel?: string; file?: string; pageIncidentId?: string; url?: string } | null;
  deliveredAt: string | null;
}

export interface SeverityChange {
  seq: number;
  at: string;
  actor: string;
  from: string;
  to: string;
}

export interface StatusChange {
  seq: number;
  at: string;
  actor: string;
  from: IncidentStatus;
  to: IncidentStatus;
}

/** A change to the journal itself (journal.repaired): lines moved to journal.damaged.jsonl. */
export interface JournalRepair {
  seq: number;
  at: string;
  how: 'torn-tail' | 'repair';
  /** Line numbers (before the change) of what was moved out. */
  lines: number[];
  damagedFile: string;
}

export interface ApprovalRecord {
  /** The seq of approval.requested. */
  seq: number;
  at: string;
  requestSeq: number;
  requester: string;
  stepId: string;
  commandId: string;
  script: string;
  risk: string;
  reason: string;
  /** Where it would run (absent in journals from before it was recorded). */
  where?: string;
  decision: { seq: number; at: string; by: string; approved: boolean; reason: string | null } | null;
}

export interface IncidentState {
  incidentId: string;
  title: string;
  runbook: Runbook;
  runbookPath: string;
  runbookHash: string;
  service: string | null;
  severity: string;
  severityHistory: SeverityChange[];
  status: IncidentStatus;
  statusHistory: StatusChange[];
  commander: string;
  commanderHistory: { seq: number; at: string; actor: string; from: string; to: string }[];
  openedAt: string;
  openedBy: string;
  detectedAt: string | null;
  impactStartedAt: string | null;
  escalationFrom: ClockOrigin;
  updateCadenceMinutes: number;
  mode: { dryRun: boolean; readonly: boolean };
  /** Step states by step id; steps never touched are absent (their runbook initial state applies). */
  steps: Record<string, StepProgress>;
  notes: NoteEntry[];
  parameters: Record<string, string>;
  /** All command requests in order of request. */
  commands: CommandRun[];
  /** All flag requests in order of request (same id space as commands: the request's seq). */
  flagRuns: FlagRun[];
  flags: FlagChange[];
  escalations: EscalationFiredEvent[];
  updates: PostedUpdate[];
  /** Deadlines that became due and were recorded (update.due events). */
  updateDue: { seq: number; at: string; kind: UpdateKind; dueAt: string }[];
  deliveries: DeliveryRecord[];
  /** The first incident.acknowledged: the end of time to acknowledge. */
  acknowledged: { at: string; by: string; via: 'operator' | 'pagerduty' } | null;
  resolvedAt: string | null;
  resolvedSummary: string | null;
  reopenedAt: string[];
  /** Every journal.repaired, oldest first: the record was changed, and where the removed lines are. */
  journalRepairs: JournalRepair[];
  /** The alert the war room was opened from (alert.linked), and what became of it; null when opened by hand. */
  alert: LinkedAlert | null;
  /** Everyone who appended an event, in order of first appearance (for post-mortem authors). */
  actors: string[];
  /** Who holds each role of a shared room (absent until a role is first taken). */
  roles?: Partial<Record<ResponderRole, string>>;
  /** Every role.assigned, oldest first (hand-overs; the post-mortem lists them). */
  roleHistory?: { seq: number; at: string; role: ResponderRole; to: string; from: string | null }[];
  /** Two-person rule requests, in order of request, with their decision once made. */
  approvals?: ApprovalRecord[];
  lastSeq: number;
  lastEventAt: string;
}
