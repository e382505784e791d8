// Builds the alert service for a war room opened from an Alertmanager alert and starts its watch.
// A broken alerting config does not stop the war room: it is said on the status line.
import { loadAlertingConfig } from '../adapters/alerting-config.ts';
import type { RunMode } from '../core/command/confirm-policy.ts';
import { errorMessage } from '../errors.ts';
import { AlertService } from './alert-service.ts';
import type { Session } from './session.ts';

export type { AlertService } from './alert-service.ts';

export function startAlertService(session: Session, env: NodeJS.ProcessEnv, mode: RunMode, delayMs?: (failures: number) => number): AlertService | null {
  if (session.state.alert === null) return null;
  try {
    const service = new AlertService({ session, config: loadAlertingConfig(env), dryRun: mode.dryRun, ...(delayMs ? { delayMs } : {}) });
    service.start();
    return service;
  } catch (error) {
    session.notify('warn', `alert not watched: ${errorMessage(error)}`, 15_000);
    return null;
  }
}
