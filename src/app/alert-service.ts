// The alert a war room was opened from, kept live: the watch polls Alertmanager (every 15 s,
// backing off while it is unreachable, never blocking the screen) and journals when the alert
// stops or fires again and when related alerts start; the silence the operator creates from
// the war room (and expires on resolve) goes through here too. In a drill nothing is created
// in Alertmanager: the operator is told so and nothing is journaled as if it had been.
import { AlertmanagerClient } from '../adapters/alertmanager.ts';
import type { AlertingConfig } from '../adapters/alerting-config.ts';
import { AlertWatch } from '../adapters/alert-watch.ts';
import type { Alert } from '../core/alerts/model.ts';
import { buildSilence, matchersText, silenceMatchers, type SilenceRequest } from '../core/alerts/silence.ts';
import { formatMatcher } from '../core/alerts/model.ts';
import { hasMaskedLabel, maskSecretLabels } from '../core/alerts/secret-labels.ts';
import type { LinkedAlert } from '../core/incident/alert-events.ts';
import { WarroomError, errorMessage } from '../errors.ts';
import { SECRET_VALUE } from '../core/command/secret-parameter.ts';
import type { Session } from './session.ts';

/** The journaled alert as Alertmanager's model, for the watch and the silence. */
export function alertOf(linked: LinkedAlert): Alert {
  return {
    fingerprint: linked.fingerprint,
    name: linked.name,
    labels: { ...linked.labels },
    annotations: { ...linked.annotations },
    startsAt: linked.startsAt,
    endsAt: null,
    updatedAt: null,
    generatorURL: linked.generatorURL,
    state: 'active',
    silencedBy: [],
    inhibitedBy: [],
  };
}

export interface AlertServiceOptions {
  session: Session;
  config: AlertingConfig;
  dryRun: boolean;
  now?: () => Date;
  /** Poll delay by failure streak (tests); default 15 s backing off to 2 min. */
  delayMs?: (failures: number) => number;
}

export type SilenceOutcome = { kind: 'created'; id: string } | { kind: 'drill'; matchers: string } | { kind: 'refused'; error: string };

export class AlertService {
  readonly #o: AlertServiceOptions;
  readonly #client: AlertmanagerClient | null;
  #watch: AlertWatch | null = null;

  constructor(options: AlertServiceOptions) {
    this.#o = options;
    const am = options.config.alertmanager;
    this.#client = am ? new AlertmanagerClient(am, { timeoutMs: 10_000 }) : null;
  }

  /** The linked Alertmanager alert, when there is one to watch or silence. */
  get alert(): LinkedAlert | null {
    const linked = this.#o.session.state.alert;
    return linked && linked.source === 'alertmanager' ? linked : null;
  }

  /** Why `z` cannot silence here, or null when it can. */
  silenceUnavailable(): string | null {
    if (!this.alert) return 'the war room was not opened from an Alertmanager alert';
    if (!this.#client) return 'alertmanager.url is not set';
    return null;
  }

  /** The matchers a silence would use, as the confirmation shows them. */
  silencePreview(): string {
    const linked = this.alert;
    return linked ? matchersText(silenceMatchers(alertOf(linked))) : '';
  }

  start(): void {
    const linked = this.alert;
    if (!linked || !this.#client || this.#watch) return;
    const { session } = this.#o;
    const record = (build: () => Parameters<Session['dispatch']>[0] | null) =>
      session.dispatchWith(() => build()).catch((error: unknown) => session.notify('error', `alert not recorded: ${errorMessage(error)}`));
    this.#watch = new AlertWatch(
      this.#client,
      alertOf(linked),
      [],
      {
        stopped: async () => {
          await record(() => (session.state.alert?.firing ? { type: 'alert.changed', actor: 'system', fingerprint: linked.fingerprint, firing: false } : null));
          session.notify('info', `alert ${linked.name} stopped firing`);
        },
        firedAgain: async () => {
          await record(() => (session.state.alert?.firing === false ? { type: 'alert.changed', actor: 'system', fingerprint: linked.fingerprint, firing: true } : null));
          session.notify('warn', `alert ${linked.name} fires again`);
        },
        relatedStarted: async (alerts) => {
          for (const alert of alerts) {
            await record(() =>
              session.state.alert?.related.some((r) => r.fingerprint === alert.fingerprint)
                ? null
                : { type: 'alert.related', actor: 'system', fingerprint: alert.fingerprint, name: alert.name, labels: maskSecretLabels(alert.labels), startsAt: alert.startsAt },
            );
          }
          session.notify('warn', `related alert firing: ${alerts.map((a) => a.name).join(', ')}`);
        },
        unreachable: (message) => session.notify('warn', `alert watch: ${message} (retrying)`, 10_000),
        reachable: () => session.notify('info', 'alert watch: Alertmanager answers again'),
        handlerFailed: (error) => session.notify('error', `alert watch: ${errorMessage(error)}`),
      },
      { watchedFiring: linked.firing, ...(this.#o.now ? { now: this.#o.now } : {}), ...(this.#o.delayMs ? { delayMs: this.#o.delayMs } : {}) },
    );
    this.#watch.start();
  }

  /** Poll now (tests; a key could call it). */
  pollNow(): Promise<void> {
    return this.#watch?.pollNow() ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.#watch?.stop();
    this.#watch = null;
  }

  /** Creates the silence the operator confirmed and journals its id; a drill creates nothing. */
  async silence(durationMinutes: number, comment: string): Promise<SilenceOutcome> {
    const unavailable = this.silenceUnavailable();
    const linked = this.alert;
    if (unavailable !== null || !linked || !this.#client) return { kind: 'refused', error: unavailable ?? 'no alert' };
    const now = this.#o.now?.() ?? new Date();
    const built = buildSilence({ alert: alertOf(linked), now, durationMinutes, createdBy: this.#o.session.actor, comment });
    if (!built.ok) return { kind: 'refused', error: built.error };
    // The journal, the screen and the drill show the matchers as journaled (a secret label as its mark).
    const matchers = built.request.matchers.map(formatMatcher);
    if (this.#o.dryRun) return { kind: 'drill', matchers: matchers.join(', ') };
    let id: string;
    try {
      const request = hasMaskedLabel(linked.labels) ? await this.#withLiveLabels(linked, built.request) : built.request;
      id = await this.#client.createSilence(request);
    } catch (error) {
      return { kind: 'refused', error: errorMessage(error) };
    }
    await this.#o.session.dispatch({ type: 'alert.silenced', actor: this.#o.session.actor, silenceId: id, matchers, endsAt: built.request.endsAt, comment: built.request.comment });
    return { kind: 'created', id };
  }

  /**
   * A label kept out of the journal as a secret is matched by its real value, which only
   * Alertmanager has: the alert's labels as it lists them now (its fingerprint is their hash).
   */
  async #withLiveLabels(linked: LinkedAlert, request: SilenceRequest): Promise<SilenceRequest> {
    const live = (await this.#client!.findAlerts(linked.fingerprint)).find((a) => a.fingerprint === linked.fingerprint);
    if (!live) throw new WarroomError(`a label of ${linked.name} is a secret the journal does not hold, and Alertmanager no longer lists the alert to match it: silence it in Alertmanager`);
    return { ...request, matchers: request.matchers.map((m) => (m.value === SECRET_VALUE ? { ...m, value: live.labels[m.name] ?? m.value } : m)) };
  }

  /** The silence this war room created and did not expire yet. */
  get activeSilence(): string | null {
    const silence = this.alert?.silence;
    return silence && !silence.expired ? silence.id : null;
  }

  async expireSilence(): Promise<string> {
    const id = this.activeSilence;
    if (id === null || !this.#client) throw new WarroomError('no silence of this war room to expire');
    if (this.#o.dryRun) return `drill: silence ${id} not expired`;
    await this.#client.expireSilence(id);
    await this.#o.session.dispatch({ type: 'alert.silence-expired', actor: this.#o.session.actor, silenceId: id });
    return `silence ${id} expired`;
  }
}
