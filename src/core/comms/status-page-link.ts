// Once the status page has an update (created or updated, delivered), the internal Slack thread
// is told where: "status page updated: <url>". One thread message per delivered status-page
// delivery, in order; recording it makes it owed no more.
import type { ComposedMessage } from './types.ts';
import type { IncidentState } from '../incident/state.ts';

export const STATUS_PAGE_LINK_PREFIX = 'status page updated: ';

/** The links the thread still owes, oldest first. */
export function statusPageLinksOwed(state: IncidentState): ComposedMessage[] {
  // A drill posted nothing to the page: there is no link to give, and the thread must not say otherwise.
  if (state.mode.dryRun) return [];
  const delivered = state.deliveries.filter((d) => d.destination === 'statuspage' && d.phase === 'delivered');
  const told = state.deliveries.filter(
    (d) => (d.destination === 'slack' || d.destination === 'file') && d.kind === 'update' && d.payload.message.text.startsWith(STATUS_PAGE_LINK_PREFIX),
  ).length;
  return delivered.slice(told).map((d) => {
    const where = d.response?.url ?? d.response?.pageIncidentId ?? 'the status page';
    const text = `${STATUS_PAGE_LINK_PREFIX}${where}`;
    return { plain: text, slack: { text } };
  });
}

/** The status-page incident as the header and the post-mortem name it: its public address, else its id. */
export function statusPageIncident(state: IncidentState): { where: string; status: string | null; failed: string | null; pending: boolean } | null {
  const lane = state.deliveries.filter((d) => d.destination === 'statuspage');
  if (lane.length === 0) return null;
  const created = lane.find((d) => d.kind === 'status.create' && d.phase === 'delivered');
  const last = lane.at(-1)!;
  const status = last.destination === 'statuspage' ? last.payload.status : null;
  return {
    where: created?.response?.url ?? created?.response?.pageIncidentId ?? 'not created yet',
    status,
    failed: last.phase === 'failed' ? (last.lastError ?? 'refused') : null,
    pending: last.phase === 'pending',
  };
}
