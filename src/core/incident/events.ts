// Everything that happens in a war room is one of these events, appended to the journal
// (one JSON line each) before the screen or anything else reacts. State is derived from them
// by reduce(); nothing derived is ever stored here.
import type { EscalationAction, Runbook } from '../runbook/types.ts';
import type { JournalRepairedEvent } from './journal-repaired-event.ts';

export type { JournalRepairedEvent } from './journal-repaired-event.ts';
import type { EventBase } from './event-base.ts';
import type { FlagCancelledEvent, FlagConfirmedEvent, FlagFinishedEvent, FlagRequestedEvent, FlagStartedEvent } from './flag-events.ts';
import type { ApprovalDecidedEvent, ApprovalRequestedEvent, RoleAssignedEvent } from './room-events.ts';
import type * as Command from './command-events.ts';
import type * as Delivery from './delivery-events.ts';
import type { OperatorLeftEvent, OperatorReturnedEvent } from './operator-events.ts';

export type { OperatorLeftEvent, OperatorReturnedEvent } from './operator-events.ts';
import type { AlertEvent } from './alert-events.ts';

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

/** Where escalation thresholds count from. */
export type ClockOrigin = 'detection' | 'open';

export type UpdateKind = 'internal' | 'public';

export type { DeliveryDestination, DeliveryKind } from './deliveries.ts';

export type { EventBase } from './event-base.ts';

export interface IncidentOpenedEvent extends EventBase {
  type: 'incident.opened';
  incidentId: string;
  title: string;
  runbookPath: string;
  /** sha256 of the runbook file's bytes, hex. */
  runbookHash: string;
  /** Parsed snapshot: the war room works from this, not from the file. */
  runbook: Runbook;
  service: string | null;
  severity: string;
  /** When the alert fired / the problem was detected; null when unknown. */
  detectedAt: string | null;
  /** When impact started (trigger), if known; gives time to detect. */
  impactStartedAt: string | null;
  commander: string;
  escalationFrom: ClockOrigin;
  /** Default promise for the next update, in minutes. */
  updateCadenceMinutes: number;
  mode: { dryRun: boolean; readonly: boolean };
}

export interface StepEvent extends EventBase {
  type: 'step.checked' | 'step.unchecked' | 'step.skipped';
  stepId: string;
  note: string | null;
}

export interface NoteAddedEvent extends EventBase {
  type: 'note.added';
  text: string;
}

export interface StatusChangedEvent extends EventBase {
  type: 'status.changed';
  from: IncidentStatus;
  /** `resolved` is never set this way: see incident.resolved. */
  to: Exclude<IncidentStatus, 'resolved'>;
}

export interface SeverityChangedEvent extends EventBase {
  type: 'severity.changed';
  from: string;
  to: string;
}

export interface CommanderChangedEvent extends EventBase {
  type: 'commander.changed';
  from: string;
  to: string;
}

export interface ParameterSetEvent extends EventBase {
  type: 'parameter.set';
  name: string;
  /** SECRET_VALUE for a secret: its value stays in the memory of the warroom it was typed in. */
  value: string;
  secret?: boolean;
}

export type * from './command-events.ts';

export type { FlagCancelledEvent, FlagConfirmedEvent, FlagFinishedEvent, FlagRequestedEvent, FlagStartedEvent, FlagVia } from './flag-events.ts';
export type { ApprovalDecidedEvent, ApprovalRequestedEvent, ResponderRole, RoleAssignedEvent } from './room-events.ts';

/** Format 1 journals: one event per flag change, recorded after the fact. Read, never written. */
export interface FlagToggledEvent extends EventBase {
  type: 'flag.toggled';
  stepId: string;
  flag: string;
  value: string;
  via: 'command' | 'http' | 'manual' | 'dry-run';
  ok: boolean;
  detail: string | null;
}

export interface EscalationFiredEvent extends EventBase {
  type: 'escalation.fired';
  /** 1-based index into the runbook's thresholds; 0 for a manual `e` escalation. */
  level: number;
  afterMinutes: number | null;
  action: EscalationAction;
  target: string;
  /** When the threshold was due; `at` may be later when the app was not running. */
  dueAt: string | null;
  late: boolean;
  manual: boolean;
}

export interface UpdateDueEvent extends EventBase {
  type: 'update.due';
  kind: UpdateKind;
  dueAt: string;
}

export interface UpdatePostedEvent extends EventBase {
  type: 'update.posted';
  kind: UpdateKind;
  /** The message as plain text (the Slack fallback text). */
  text: string;
  /** Structured fields the operator filled (impact, actions, status word...). */
  fields: Record<string, string>;
  /** Promise for the next update, minutes; null for none (e.g. resolved). */
  nextUpdateMinutes: number | null;
  deliveryIds: string[];
}

export type * from './delivery-events.ts';

export interface IncidentResolvedEvent extends EventBase {
  type: 'incident.resolved';
  from: IncidentStatus;
  summary: string | null;
}

/** Someone took the incident on ("I'm on it"): the moment that gives time to acknowledge. */
export interface IncidentAcknowledgedEvent extends EventBase {
  type: 'incident.acknowledged';
  /** Who acknowledged, without a leading `@`. */
  by: string;
  /** `operator`: the `a` key; `pagerduty`: the PagerDuty incident was acknowledged from here. */
  via: 'operator' | 'pagerduty';
}

export interface IncidentReopenedEvent extends EventBase {
  type: 'incident.reopened';
  reason: string | null;
}

export type IncidentEvent =
  | IncidentOpenedEvent
  | StepEvent
  | NoteAddedEvent
  | StatusChangedEvent
  | SeverityChangedEvent
  | CommanderChangedEvent
  | ParameterSetEvent
  | Command.CommandRequestedEvent
  | Command.CommandConfirmedEvent
  | Command.CommandCancelledEvent
  | Command.CommandStartedEvent
  | Command.CommandFinishedEvent
  | FlagToggledEvent
  | FlagRequestedEvent
  | FlagConfirmedEvent
  | FlagStartedEvent
  | FlagCancelledEvent
  | FlagFinishedEvent
  | EscalationFiredEvent
  | UpdateDueEvent
  | UpdatePostedEvent
  | Delivery.DeliveryRequestedEvent
  | Delivery.DeliveryAttemptedEvent
  | Delivery.DeliveryDeliveredEvent
  | Delivery.DeliveryFailedEvent
  | IncidentAcknowledgedEvent
  | RoleAssignedEvent
  | ApprovalRequestedEvent
  | ApprovalDecidedEvent
  | IncidentResolvedEvent
  | IncidentReopenedEvent
  | OperatorLeftEvent
  | OperatorReturnedEvent
  | JournalRepairedEvent
  | AlertEvent;

export type {
  AlertChangedEvent,
  AlertEvent,
  AlertLinkedEvent,
  AlertRelatedEvent,
  AlertSilencedEvent,
  AlertSilenceExpiredEvent,
} from './alert-events.ts';

export type IncidentEventType = IncidentEvent['type'];

/**
 * An event before the journal stamps it: the journal assigns seq and at (from its clock),
 * so callers cannot invent either. Distributes over the union so each variant keeps its fields.
 */
export type NewEvent = IncidentEvent extends infer E
  ? E extends IncidentEvent
    ? Omit<E, 'seq' | 'at'>
    : never
  : never;

/** First line of every journal file. */
export interface JournalHeader {
  kind: 'warroom-journal';
  formatVersion: number;
  incidentId: string;
  createdAt: string;
}

/**
 * 2: flag changes are requested, confirmed and finished like commands (flag.* events). Format 1
 * journals (with flag.toggled) still open and replay: the reader accepts every version up to this.
 */
export const JOURNAL_FORMAT_VERSION = 2;
