// What a list of incidents shows of each one (`warroom list`, `latest`, `resume`, the picker),
// folded from events on its own. Only six event types change any of it, so the incident index
// can keep it current from the appends alone, or from a journal's new lines, without replaying
// the rest. It must agree with replay() exactly: test/core/incident/listing.test.ts checks that
// over random journals.
import type { IncidentEvent, IncidentStatus } from './events.ts';
import type { IncidentState } from './state.ts';

export interface IncidentListing {
  title: string;
  severity: string;
  status: IncidentStatus;
  openedAt: string;
  /** As replay() keeps it: set by incident.resolved, cleared on leaving `resolved`. */
  resolvedAt: string | null;
  commander: string;
  /** The incident was opened as a drill (dry run): nothing it ran or sent was real. */
  dryRun: boolean;
  lastSeq: number;
}

export function listingFromState(state: IncidentState): IncidentListing {
  return {
    title: state.title,
    severity: state.severity,
    status: state.status,
    openedAt: state.openedAt,
    resolvedAt: state.resolvedAt,
    commander: state.commander,
    dryRun: state.mode.dryRun,
    lastSeq: state.lastSeq,
  };
}

/** Event types that change a listing field other than lastSeq (the index is rewritten for them). */
const LISTED = new Set<IncidentEvent['type']>([
  'incident.opened',
  'status.changed',
  'severity.changed',
  'commander.changed',
  'incident.resolved',
  'incident.reopened',
]);

export function changesListing(event: IncidentEvent): boolean {
  return LISTED.has(event.type);
}

/**
 * Applies one event, the way reduce() changes these fields. Throws where replay() throws: an
 * incident opened twice, or events before the opening.
 */
export function foldListing(listing: IncidentListing | null, event: IncidentEvent): IncidentListing {
  if (listing === null) {
    if (event.type !== 'incident.opened') throw new Error('journal does not start with incident.opened');
    return {
      title: event.title,
      severity: event.severity,
      status: 'investigating',
      openedAt: event.at,
      resolvedAt: null,
      commander: event.commander,
      dryRun: event.mode.dryRun,
      lastSeq: event.seq,
    };
  }
  const next = { ...listing, lastSeq: event.seq };
  switch (event.type) {
    case 'incident.opened':
      throw new Error(`incident.opened at seq ${event.seq}: an incident is opened only once`);
    case 'status.changed':
      next.status = event.to;
      if (listing.status === 'resolved') next.resolvedAt = null;
      return next;
    case 'severity.changed':
      next.severity = event.to;
      return next;
    case 'commander.changed':
      next.commander = event.to;
      return next;
    case 'incident.resolved':
      next.status = 'resolved';
      next.resolvedAt = event.at;
      return next;
    case 'incident.reopened':
      next.status = 'investigating';
      next.resolvedAt = null;
      return next;
    default:
      return next;
  }
}

export function foldListings(events: readonly IncidentEvent[], from: IncidentListing | null = null): IncidentListing | null {
  let listing = from;
  for (const event of events) listing = foldListing(listing, event);
  return listing;
}
