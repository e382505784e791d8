// Whether a war room opening on a local incident runs shared: `warroom run` with share.url set
// publishes the new incident; `warroom resume` of an incident that has a replica (it was shared
// or joined here) opens it shared again. Without share.url nothing changes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WarroomConfig } from '../../adapters/config.ts';
import type { IncidentEvent, NewEvent } from '../../core/incident/events.ts';
import type { OpenedIncident } from '../open-incident.ts';
import { openSharedIncident, REPLICA_FILE, type SharedIncident } from './open-shared.ts';

/** The opening as a new event (the replica stamps its own seq and time). */
function asNew(event: IncidentEvent): NewEvent {
  const { seq: _seq, at: _at, ...rest } = event;
  return rest as NewEvent;
}

export interface ShareForOptions {
  config: WarroomConfig;
  actor: string;
  opened: OpenedIncident;
  /** A new incident from `warroom run`: publish it. */
  publish: boolean;
}

export async function shareFor(o: ShareForOptions): Promise<SharedIncident | null> {
  const url = o.config.share?.url ?? null;
  const journal = o.opened.journal;
  if (url === null || journal === null) return null;
  const hasReplica = existsSync(path.join(o.opened.dir, REPLICA_FILE));
  const first = o.opened.events[0];
  if (!hasReplica && !(o.publish && first?.type === 'incident.opened')) return null;
  return openSharedIncident({
    url,
    caFile: o.config.share?.caFile ?? null,
    incidentId: o.opened.id,
    dir: o.opened.dir,
    operator: o.actor,
    terminalName: o.config.share?.terminal ?? null,
    ...(hasReplica || first === undefined ? {} : { publish: asNew(first) }),
    // The journal's lock is the incident folder's lock: held until the shared room is closed.
    release: () => journal.close(),
  });
}
