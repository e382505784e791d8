// Builds the alert service for a war room opened from an Alertmanager alert and starts its watch.
// A broken alerting config does not stop the war room: it is said on the status line.
import { loadAlertingConfig } from '../adapters/alerting-config.ts';
import type { RunMode } from '../core/command/confirm-policy.ts';
import { errorMessage } from '../errors.ts';
import { AlertService } from './alert-service.ts';
import type { Session } from './session.ts';
import type { IncidentState } from '../core/incident/state.ts';

export type { AlertService } from './alert-service.ts';

/** The PagerDuty acknowledgement went out (its delivery is journaled): that is when the incident was taken on. */
function pagerDutyAcknowledged(state: IncidentState): boolean {
  return state.deliveries.some((d) => d.destination === 'pagerduty-rest' && d.kind === 'pd.acknowledge' && d.phase === 'delivered');
}

/**
 * Appends incident.acknowledged (via pagerduty) once the PagerDuty acknowledgement is delivered,
 * and at start when a crash came between the two. Time to acknowledge ends there, not at open.
 */
export function acknowledgeWhenPagerDutyDoes(session: Session): () => void {
  const record = () => {
    const state = session.state;
    if (state.alert?.source !== 'pagerduty' || state.acknowledged !== null || !pagerDutyAcknowledged(state)) return;
    session
      .dispatchWith((now) => (now.acknowledged === null ? { type: 'incident.acknowledged', actor: session.actor, by: session.actor, via: 'pagerduty' } : null))
      .catch((error: unknown) => session.notify('error', `acknowledgement not recorded: ${errorMessage(error)}`));
  };
  record();
  return session.store.subscribe((event) => {
    if (event.type === 'delivery.delivered') record();
  });
}

export function startAlertService(session: Session, env: NodeJS.ProcessEnv, mode: RunMode, delayMs?: (failures: number) => number): AlertService | null {
  if (session.state.alert === null) return null;
  acknowledgeWhenPagerDutyDoes(session);
  try {
    const service = new AlertService({ session, config: loadAlertingConfig(env), dryRun: mode.dryRun, ...(delayMs ? { delayMs } : {}) });
    service.start();
    return service;
  } catch (error) {
    session.notify('warn', `alert not watched: ${errorMessage(error)}`, 15_000);
    return null;
  }
}
