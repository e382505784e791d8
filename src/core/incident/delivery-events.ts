// A message's life in the journal: requested before any network call, then each attempt and
// its answer. The outbox replays these to know what is still owed after a crash.
import type { DeliveryRequest } from './deliveries.ts';
import type { EventBase } from './event-base.ts';

/** A message to send, recorded before any network call; destination, kind and payload go together. */
export type DeliveryRequestedEvent = EventBase &
  DeliveryRequest & {
    type: 'delivery.requested';
    deliveryId: string;
    /** For thread replies and edits: the delivery whose response gives the parent ts. */
    parentDeliveryId: string | null;
  };

export interface DeliveryAttemptedEvent extends EventBase {
  type: 'delivery.attempted';
  deliveryId: string;
  attempt: number;
}

export interface DeliveryDeliveredEvent extends EventBase {
  type: 'delivery.delivered';
  deliveryId: string;
  attempt: number;
  /** What the far end said that later messages need (Slack ts/channel, the status-page incident). */
  response: { ts?: string; channel?: string; file?: string; pageIncidentId?: string; url?: string } | null;
}

export interface DeliveryFailedEvent extends EventBase {
  type: 'delivery.failed';
  deliveryId: string;
  attempt: number;
  /** One line: `HTTP 429`, `ECONNREFUSED`, `channel_not_found`... */
  error: string;
  retryable: boolean;
  /** When the outbox will try again; null when it gave up. */
  retryAt: string | null;
}
