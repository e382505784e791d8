// The comms service the dashboard calls: it builds messages from the incident state, records
// them in the journal (update.posted and delivery.requested, before any network call), and
// runs the outbox that delivers them. One queue serialises the operations, so the checks that
// keep them idempotent (one alert, one page per escalation, one resolution per resolve) always
// see the effect of the previous one, also after a restart (they read the journal's state).
import { randomUUID } from 'node:crypto';
import type { DeliveryDestination, DeliveryKind, EscalationFiredEvent, IncidentEvent, NewEvent, UpdateKind } from '../core/incident/events.ts';
import type { DeliveryRecord, IncidentState } from '../core/incident/state.ts';
import { buildAlert } from '../core/comms/alert.ts';
import { buildHeadline } from '../core/comms/headline.ts';
import { buildInternalUpdate, parseNextUpdateMinutes } from '../core/comms/internal-update.ts';
import { buildPublicUpdate } from '../core/comms/public-update.ts';
import { buildPage } from '../core/comms/page.ts';
import { buildPagerResolve, buildPagerTrigger } from '../core/comms/pagerduty.ts';
import { buildResolution } from '../core/comms/resolution.ts';
import { internalDraft, publicDraft } from '../core/comms/drafts.ts';
import type {
  ComposedMessage,
  InternalUpdateFields,
  PagerDeliveryPayload,
  PublicUpdateFields,
  SlackDeliveryPayload,
  SlackVia,
} from '../core/comms/types.ts';
import { STATUS_WORDS, statusWord } from '../core/comms/types.ts';
import { computeMetrics } from '../core/incident/metrics.ts';
import { escalationTarget, type WarroomConfig } from '../adapters/config.ts';
import { createDispatch, type Dispatch } from '../adapters/delivery-dispatch.ts';
import { Outbox, type OutboxNotice, type OutboxOptions } from '../adapters/outbox.ts';
import { OUTBOX_FILE } from '../adapters/outbox-file.ts';

export type CommsMode = 'api' | 'webhook' | 'file';

export interface CommsStatus {
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface CommsOptions {
  append: (event: NewEvent) => Promise<IncidentEvent>;
  getState: () => IncidentState;
  config: WarroomConfig;
  incidentDir: string;
  /** The operator, recorded as the actor of update.posted. */
  actor: string;
  now?: () => Date;
  /** Outbox tuning (tests shorten pacing and backoff); dispatch replaceable for tests. */
  outbox?: Pick<OutboxOptions, 'paceMs' | 'backoff'>;
  dispatch?: Dispatch;
  timeoutMs?: number;
}

export type UpdateFieldsFor<K extends UpdateKind> = K extends 'internal' ? InternalUpdateFields : PublicUpdateFields;

/** Web API when a token and channel are set, else the webhook, else the local outbox file. */
export function commsMode(config: WarroomConfig): CommsMode {
  if (config.slack.token && config.slack.channel) return 'api';
  if (config.slack.webhookUrl) return 'webhook';
  return 'file';
}

export const NOT_CONFIGURED_STATUS = `Slack not configured: messages saved to ${OUTBOX_FILE}`;

export class CommsService {
  readonly mode: CommsMode;
  readonly #o: CommsOptions;
  readonly #outbox: Outbox;
  #queue: Promise<unknown> = Promise.resolve();
  #listeners = new Set<(status: CommsStatus) => void>();

  constructor(options: CommsOptions) {
    this.#o = options;
    this.mode = commsMode(options.config);
    const dispatch =
      options.dispatch ??
      createDispatch({
        config: options.config,
        incidentDir: options.incidentDir,
        ...(options.now ? { now: options.now } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
    this.#outbox = new Outbox({
      append: options.append,
      getState: options.getState,
      dispatch,
      ...(options.now ? { now: options.now } : {}),
      ...options.outbox,
      onNotice: (notice) => this.#onNotice(notice),
    });
  }

  /** Status-line messages: "update posted", "Slack unreachable, 2 queued", "Slack error: …". */
  subscribe(listener: (status: CommsStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(status: CommsStatus): void {
    for (const listener of this.#listeners) listener(status);
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #now(): Date {
    return this.#o.now ? this.#o.now() : new Date();
  }

  /** Start delivering (pending deliveries from before a restart included). */
  start(signal?: AbortSignal): void {
    this.#outbox.start(signal);
    if (this.mode === 'file') this.#emit({ level: 'warn', text: NOT_CONFIGURED_STATUS });
    // Pages for escalations recorded just before a crash, whose messages were never requested.
    void this.#serial(async () => {
      for (const escalation of this.#o.getState().escalations) await this.#page(escalation);
    }).catch((error: unknown) => this.#emit({ level: 'error', text: `page failed: ${String(error)}` }));
  }

  stop(): Promise<void> {
    return this.#outbox.stop();
  }

  /**
   * Give messages that are due now (the resolution, a headline edit held back by the pacing)
   * up to `timeoutMs` to go out; call before stop() while the journal still accepts appends.
   * Messages waiting out an outage stay pending for the next start.
   */
  async drain(timeoutMs = 5000): Promise<void> {
    await this.#queue;
    await this.#outbox.drain(timeoutMs);
  }

  /** Composer defaults from the state. */
  draft<K extends UpdateKind>(kind: K): UpdateFieldsFor<K> {
    const state = this.#o.getState();
    const fields = kind === 'internal' ? internalDraft(state, this.#o.config.updates.cadenceMinutes) : publicDraft(state);
    return fields as UpdateFieldsFor<K>;
  }

  /** Exactly what postUpdate would send, built the same way. */
  compose<K extends UpdateKind>(kind: K, fields: UpdateFieldsFor<K>): ComposedMessage {
    return kind === 'internal'
      ? buildInternalUpdate(this.#o.getState(), fields as InternalUpdateFields)
      : buildPublicUpdate(fields as PublicUpdateFields);
  }

  /**
   * The first message of the incident: once per way of sending, however often it is called.
   * An incident opened with nothing configured (its alert went to the outbox file) and resumed
   * after Slack was set up gets its alert posted then, or the channel would never hear of it;
   * in Web API mode the headline is edited right away to show where things stand by now.
   */
  announceOpened(): Promise<void> {
    return this.#serial(async () => {
      const state = this.#o.getState();
      const alerts = state.deliveries.filter((d) => d.kind === 'alert');
      if (alerts.some((d) => slackVia(d) === this.mode)) return;
      if (alerts.length > 0 && (this.mode === 'file' || state.status === 'resolved')) return;
      // The channel already heard through the Web API; a webhook post would only repeat it.
      if (this.mode === 'webhook' && alerts.some((d) => slackVia(d) === 'api')) return;
      const message = buildAlert(state, { mention: this.#o.config.slack.mention });
      await this.#requestSlack('alert', message, null);
      if (alerts.length > 0 && this.mode === 'api') await this.#requestHeadline(this.#newId('headline'));
      this.#outbox.wake();
    });
  }

  postUpdate<K extends UpdateKind>(kind: K, fields: UpdateFieldsFor<K>): Promise<void> {
    return this.#serial(async () => {
      const message = this.compose(kind, fields);
      const ids = { main: this.#newId(kind === 'internal' ? 'update' : 'public'), headline: this.#newId('headline') };
      const withHeadline = this.mode === 'api' && this.#alertId() !== null;
      const deliveryIds = withHeadline ? [ids.main, ids.headline] : [ids.main];
      const plainFields: Record<string, string> = { ...fields };
      const nextUpdateMinutes =
        kind === 'internal' ? parseNextUpdateMinutes((fields as InternalUpdateFields).nextUpdate) : null;
      await this.#o.append({
        type: 'update.posted',
        actor: this.#o.actor,
        kind,
        text: message.plain,
        fields: plainFields,
        nextUpdateMinutes,
        deliveryIds,
      });
      await this.#requestSlack(kind === 'internal' ? 'update' : 'public', message, this.#alertId(), { id: ids.main });
      if (withHeadline) await this.#requestHeadline(ids.headline);
      this.#outbox.wake();
      this.#emit({ level: 'info', text: this.mode === 'file' ? `update saved to ${OUTBOX_FILE} (Slack not configured)` : 'update queued' });
    });
  }

  /** postUpdate from the composer's string values (missing fields count as empty). */
  postComposed(kind: UpdateKind, values: Readonly<Record<string, string>>): Promise<void> {
    if (kind === 'internal') {
      const { status = '', impact = '', actions = '', nextUpdate = '' } = values;
      return this.postUpdate('internal', { status, impact, actions, nextUpdate });
    }
    const status = STATUS_WORDS.find((w) => w === values.status) ?? statusWord(this.#o.getState().status);
    return this.postUpdate('public', { status, text: values.text ?? '' });
  }

  /** Re-edit the headline (e.g. after a status change); Web API mode only. */
  refreshHeadline(): Promise<void> {
    return this.#serial(async () => {
      if (this.mode !== 'api' || this.#alertId() === null) return;
      await this.#requestHeadline(this.#newId('headline'));
      this.#outbox.wake();
    });
  }

  /** Page for an escalation.fired event: Slack message, and PagerDuty when a key applies. Once per event. */
  page(event: EscalationFiredEvent): Promise<void> {
    return this.#serial(() => this.#page(event));
  }

  async #page(event: EscalationFiredEvent): Promise<void> {
    const state = this.#o.getState();
    const done = state.deliveries.some(
      (d) => (d.kind === 'page' || d.kind === 'pager.trigger') && (d.payload as { escalationSeq?: number }).escalationSeq === event.seq,
    );
    if (done) return;
    const target = escalationTarget(this.#o.config, event.target);
    const message = buildPage(state, event, { mention: target?.slack ?? null });
    await this.#requestSlack('page', message, this.#alertId(), { escalationSeq: event.seq, broadcast: true });
    const routingKeyTarget = target?.pagerduty ? event.target : null;
    if (routingKeyTarget || this.#o.config.pagerduty.routingKey) {
      await this.#request('pagerduty', 'pager.trigger', buildPagerTrigger(state, event, routingKeyTarget), null);
    }
    this.#outbox.wake();
    this.#emit({ level: 'warn', text: `paging ${event.target}` });
  }

  /** Resolution in the thread, headline edit, and a PagerDuty resolve for every triggered level. */
  announceResolved(): Promise<void> {
    return this.#serial(async () => {
      const state = this.#o.getState();
      if (state.status !== 'resolved' || state.resolvedAt === null) return;
      const resolvedAt = state.resolvedAt;
      if (state.deliveries.some((d) => d.kind === 'resolution' && d.requestedAt >= resolvedAt)) return;
      const message = buildResolution(state, computeMetrics(state));
      await this.#requestSlack('resolution', message, this.#alertId(), { broadcast: true });
      if (this.mode === 'api' && this.#alertId() !== null) await this.#requestHeadline(this.#newId('headline'));
      for (const trigger of unresolvedTriggers(state.deliveries)) {
        const payload = trigger.payload as PagerDeliveryPayload;
        await this.#request('pagerduty', 'pager.resolve', buildPagerResolve(state, payload.level, payload.routingKeyTarget), null);
      }
      this.#outbox.wake();
    });
  }

  /** The alert that threads and headline edits hang on: the one posted through the Web API. */
  #alertId(): string | null {
    return this.#o.getState().deliveries.find((d) => d.kind === 'alert' && slackVia(d) === 'api')?.deliveryId ?? null;
  }

  #newId(kind: string): string {
    return `${kind}-${randomUUID().slice(0, 13)}`;
  }

  async #requestHeadline(id: string): Promise<void> {
    const message = buildHeadline(this.#o.getState(), { mention: this.#o.config.slack.mention, now: this.#now() });
    await this.#requestSlack('headline', message, this.#alertId(), { id });
  }

  async #requestSlack(
    kind: DeliveryKind,
    message: ComposedMessage,
    parentId: string | null,
    extra: { id?: string; escalationSeq?: number; broadcast?: boolean } = {},
  ): Promise<void> {
    const via: SlackVia = this.mode;
    const payload: SlackDeliveryPayload = { via, message: message.slack };
    if (extra.escalationSeq !== undefined) payload.escalationSeq = extra.escalationSeq;
    if (extra.broadcast) payload.broadcast = true;
    // Only the Web API threads; webhook and file messages stand alone.
    await this.#request(via === 'file' ? 'file' : 'slack', kind, payload, via === 'api' ? parentId : null, extra.id);
  }

  async #request(
    destination: DeliveryDestination,
    kind: DeliveryKind,
    payload: unknown,
    parentDeliveryId: string | null,
    id = this.#newId(kind.replace('.', '-')),
  ): Promise<void> {
    await this.#o.append({ type: 'delivery.requested', actor: 'system', deliveryId: id, destination, kind, payload, parentDeliveryId });
  }

  #onNotice(notice: OutboxNotice): void {
    const service = notice.delivery.destination === 'pagerduty' ? 'PagerDuty' : notice.delivery.destination === 'file' ? 'outbox file' : 'Slack';
    if (notice.type === 'delivered') {
      if (notice.delivery.destination === 'file') return;
      const what = notice.delivery.kind === 'update' || notice.delivery.kind === 'public' ? 'update posted' : `${notice.delivery.kind} sent`;
      if (notice.delivery.kind !== 'headline') this.#emit({ level: 'info', text: what });
    } else if (notice.type === 'retrying') {
      this.#emit({ level: 'warn', text: `${service} unreachable (${notice.error}), ${notice.queued} queued` });
    } else {
      this.#emit({ level: 'error', text: `${service} error: ${notice.error}` });
    }
  }
}

function slackVia(delivery: DeliveryRecord): SlackVia | null {
  if (delivery.destination === 'file') return 'file';
  if (delivery.destination !== 'slack') return null;
  return (delivery.payload as Partial<SlackDeliveryPayload>).via ?? null;
}

/** pager.trigger deliveries with no pager.resolve after them for the same dedup key. */
function unresolvedTriggers(deliveries: readonly DeliveryRecord[]): DeliveryRecord[] {
  const open = new Map<string, DeliveryRecord>();
  for (const d of deliveries) {
    if (d.destination !== 'pagerduty') continue;
    const key = (d.payload as PagerDeliveryPayload).event.dedup_key;
    if (d.kind === 'pager.trigger') open.set(key, d);
    else if (d.kind === 'pager.resolve') open.delete(key);
  }
  return [...open.values()];
}

export function createComms(options: CommsOptions): CommsService {
  return new CommsService(options);
}
