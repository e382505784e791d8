// The comms service the war room calls: it records the messages the incident owes (the plan in
// src/core/comms/plan.ts decides which) and the updates the operator composes, in the journal
// (update.posted and delivery.requested, before any network call), and runs the outbox that
// delivers them. One queue serialises the operations, so each plan sees the effect of the
// previous one, also after a restart (the plan reads the journal's state).
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../core/incident/event-store.ts';
import type { DeliveryRequest } from '../core/incident/deliveries.ts';
import type { DeliveryDestination, NewEvent, UpdateKind } from '../core/incident/events.ts';
import { buildInternalUpdate, parseNextUpdateMinutes } from '../core/comms/internal-update.ts';
import { buildPublicUpdate } from '../core/comms/public-update.ts';
import type { PagerDutyRestConfig } from '../adapters/alerting-config.ts';
import type { StatusPageService } from './status-page.ts';
import { apiAlert, headlineRequest, owedMessages, slackRequest, type CommsSetting } from '../core/comms/plan.ts';
import { internalDraft, publicDraft } from '../core/comms/drafts.ts';
import type { ComposedMessage, InternalUpdateFields, PublicUpdateFields, SlackVia } from '../core/comms/types.ts';
import { STATUS_WORDS, statusWord } from '../core/comms/types.ts';
import { WarroomError, errorMessage } from '../errors.ts';
import { escalationTarget, type WarroomConfig } from '../adapters/config.ts';
import { createDispatch, type Dispatch } from '../adapters/delivery-dispatch.ts';
import { createDrillDispatch } from '../adapters/drill-dispatch.ts';
import { DRILL_NOTICE } from '../core/comms/drill.ts';
import { acceptedState } from '../core/comms/delivery-state.ts';
import { Outbox, type OutboxNotice, type OutboxOptions } from '../adapters/outbox.ts';
import { OUTBOX_FILE } from '../adapters/outbox-file.ts';
import type { CommsPort, StatusLevel } from './session-types.ts';

export type CommsMode = SlackVia;

export interface CommsStatus {
  level: StatusLevel;
  text: string;
}

export interface CommsOptions {
  store: EventStore;
  config: WarroomConfig;
  incidentDir: string;
  /** The operator, recorded as the actor of update.posted. */
  actor: string;
  now?: () => Date;
  /** Outbox tuning (tests shorten pacing and backoff); dispatch replaceable for tests. */
  outbox?: Pick<OutboxOptions, 'paceMs' | 'backoff' | 'gate'>;
  dispatch?: Dispatch;
  timeoutMs?: number;
  /** PagerDuty REST settings (pagerduty.apiToken, apiUrl, email): writes to the incident opened from; null: none. */
  pagerdutyRest?: PagerDutyRestConfig | null;
  /** The status page public updates also go to, when one is configured. */
  statusPage?: StatusPageService;
}

export type UpdateFieldsFor<K extends UpdateKind> = K extends 'internal' ? InternalUpdateFields : PublicUpdateFields;

/** Web API when a token and channel are set, else the webhook, else the local outbox file. */
export function commsMode(config: WarroomConfig): CommsMode {
  if (config.slack.token && config.slack.channel) return 'api';
  if (config.slack.webhookUrl) return 'webhook';
  return 'file';
}

export const NOT_CONFIGURED_STATUS = `Slack not configured: messages saved to ${OUTBOX_FILE}`;

/** How the status line names where a message goes. */
const DESTINATION_NAMES: Record<DeliveryDestination, string> = {
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  'pagerduty-rest': 'PagerDuty',
  file: 'outbox file',
  statuspage: 'status page',
};

export class CommsService implements CommsPort {
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
        pagerdutyRest: options.pagerdutyRest ?? null,
      });
    this.#outbox = new Outbox({
      store: options.store,
      dispatch,
      drill: createDrillDispatch(options.incidentDir, options.now),
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

  #setting(): CommsSetting {
    const { config } = this.#o;
    return {
      via: this.mode,
      mention: config.slack.mention,
      target: (role) => {
        const target = escalationTarget(config, role);
        return target ? { slack: target.slack ?? null, pagerduty: Boolean(target.pagerduty) } : null;
      },
      pagerduty: Boolean(config.pagerduty.routingKey),
      pagerdutyRest: Boolean(this.#o.pagerdutyRest),
      now: this.#o.now ? this.#o.now() : new Date(),
    };
  }

  /** Start delivering (pending deliveries from before a restart included) and record what is owed. */
  start(signal?: AbortSignal): void {
    this.#outbox.start(signal);
    if (this.#drill) this.#emit({ level: 'info', text: `drill: messages are written to ${OUTBOX_FILE}, none is sent` });
    else if (this.mode === 'file') this.#emit({ level: 'warn', text: NOT_CONFIGURED_STATUS });
    // The alert, and pages for escalations recorded just before a crash whose messages were never requested.
    this.catchUp().catch((error: unknown) => this.#emit({ level: 'error', text: `comms: ${errorMessage(error)}` }));
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

  /** Records every message the incident owes now (none twice: each record makes it owed no more). */
  catchUp(): Promise<void> {
    return this.#serial(async () => {
      const state = this.#o.store.state;
      const owed = owedMessages(state, this.#setting());
      for (const { request, threaded } of owed) await this.#request(request, threaded);
      if (owed.length > 0) this.#outbox.wake();
      for (const { request } of owed) {
        if (request.kind !== 'page') continue;
        const escalation = state.escalations.find((e) => e.seq === request.payload.escalationSeq);
        if (escalation) this.#emit({ level: 'warn', text: this.#pageRecorded(escalation.target) });
      }
    });
  }

  /** `comms.internalDomains`: names under these never go out in a public update. */
  get internalDomains(): readonly string[] {
    return this.#o.config.comms?.internalDomains ?? [];
  }

  /** Composer defaults from the state. */
  draft<K extends UpdateKind>(kind: K): UpdateFieldsFor<K> {
    const state = this.#o.store.state;
    const fields = kind === 'internal' ? internalDraft(state, this.#o.config.updates.cadenceMinutes) : publicDraft(state);
    return fields as UpdateFieldsFor<K>;
  }

  /** Exactly what postUpdate would send, built the same way. */
  compose<K extends UpdateKind>(kind: K, fields: UpdateFieldsFor<K>): ComposedMessage {
    return kind === 'internal'
      ? buildInternalUpdate(this.#o.store.state, fields as InternalUpdateFields)
      : buildPublicUpdate(fields as PublicUpdateFields);
  }

  postUpdate<K extends UpdateKind>(kind: K, fields: UpdateFieldsFor<K>, statusPage?: NewEvent): Promise<void> {
    return this.#serial(async () => {
      const message = this.compose(kind, fields);
      const ids = { main: newId(kind === 'internal' ? 'update' : 'public'), headline: newId('headline') };
      const withHeadline = this.mode === 'api' && apiAlert(this.#o.store.state) !== null;
      const nextUpdateMinutes = kind === 'internal' ? parseNextUpdateMinutes((fields as InternalUpdateFields).nextUpdate) : null;
      await this.#o.store.append({
        type: 'update.posted',
        actor: this.#o.actor,
        kind,
        text: message.plain,
        fields: { ...fields },
        nextUpdateMinutes,
        deliveryIds: [ids.main, ...(withHeadline ? [ids.headline] : []), ...(statusPage?.type === 'delivery.requested' ? [statusPage.deliveryId] : [])],
      });
      await this.#request(slackRequest(kind === 'internal' ? 'update' : 'public', message, this.mode), true, ids.main);
      if (withHeadline) await this.#request(headlineRequest(this.#o.store.state, this.#setting()), true, ids.headline);
      if (statusPage) await this.#o.store.append(statusPage);
      this.#outbox.wake();
      if (this.#drill) this.#emit({ level: 'info', text: `update ${DRILL_NOTICE}` });
      else this.#emit({ level: 'info', text: this.mode === 'file' ? `update saved to ${OUTBOX_FILE} (Slack not configured)` : 'update queued' });
    });
  }

  /** postUpdate from the composer's string values (missing fields count as empty). */
  async postComposed(kind: UpdateKind, values: Readonly<Record<string, string>>): Promise<void> {
    if (kind === 'internal') {
      const { status = '', impact = '', actions = '', nextUpdate = '' } = values;
      return this.postUpdate('internal', { status, impact, actions, nextUpdate });
    }
    await this.#o.statusPage?.listed();
    const status = STATUS_WORDS.find((w) => w === values.status) ?? statusWord(this.#o.store.state.status);
    const page = this.#o.statusPage?.configured ? this.#o.statusPage.request(this.#o.store.state, { status, text: values.text ?? '', components: values.components ?? '' }, newId('status')) : null;
    if (page && !page.ok) return Promise.reject(new WarroomError(`status page: ${page.problems.join('; ')}`));
    return this.postUpdate('public', { status, text: values.text ?? '' }, page?.ok ? page.event : undefined);
  }

  /** `P`: the refused status-page update again, as the operator fixed it (journaled before it is sent). */
  resendStatusPage(values: Readonly<Record<string, string>>): Promise<void> {
    return this.#serial(async () => {
      await this.#o.statusPage?.listed();
      const status = STATUS_WORDS.find((w) => w === values.status) ?? statusWord(this.#o.store.state.status);
      const page = this.#o.statusPage?.resend(this.#o.store.state, { status, text: values.text ?? '', components: values.components ?? '' }, newId('status'));
      if (!page || !page.ok) throw new WarroomError(`status page: ${page ? page.problems.join('; ') : 'not configured'}`);
      await this.#o.store.append(page.event);
      this.#outbox.wake();
      this.#emit({ level: 'info', text: 'status-page update queued again' });
    });
  }

  async #request(request: DeliveryRequest, threaded: boolean, id = newId(request.kind.replace('.', '-'))): Promise<void> {
    // Only the Web API threads; webhook and file messages stand alone.
    const parent = threaded && request.destination === 'slack' && this.mode === 'api' ? (apiAlert(this.#o.store.state)?.deliveryId ?? null) : null;
    await this.#o.store.append({ type: 'delivery.requested', actor: 'system', deliveryId: id, parentDeliveryId: parent, ...request });
  }

  /** How a page to `target` goes out now, for the `e` confirmation: who is reached, and how. */
  pageRoute(target: string): string {
    if (this.#drill) return `drill: the page is written to ${OUTBOX_FILE}, nothing is sent`;
    const setting = this.#setting().target(target);
    const ways: string[] = [];
    if (this.mode !== 'file') ways.push(`Slack ${this.mode === 'api' ? (this.#o.config.slack.channel ?? '') : 'webhook'}${setting?.slack ? ` mentioning ${setting.slack}` : ''}`.replace('  ', ' '));
    if (setting?.pagerduty) ways.push(`PagerDuty (${target}'s routing key)`);
    else if (this.#o.config.pagerduty.routingKey) ways.push('PagerDuty (the global routing key)');
    return ways.length > 0 ? `via ${ways.join(' and ')}` : `no pager configured: the page is only saved to ${OUTBOX_FILE}`;
  }

  /** What the status line says once a page is recorded: never "paged" before a receiver accepted it. */
  #pageRecorded(target: string): string {
    if (this.#drill) return `page to ${target}: ${DRILL_NOTICE}`;
    const pager = this.#setting().target(target)?.pagerduty || this.#o.config.pagerduty.routingKey;
    if (this.mode === 'file' && !pager) return `${target} page not sent: no pager configured (saved to ${OUTBOX_FILE})`;
    return `page to ${target} queued`;
  }

  get #drill(): boolean {
    return this.#o.store.state.mode.dryRun;
  }

  #onNotice(notice: OutboxNotice): void {
    const service = DESTINATION_NAMES[notice.delivery.destination];
    if (notice.type === 'delivered' && this.#drill) {
      if (notice.delivery.kind !== 'headline') this.#emit({ level: 'info', text: `${notice.delivery.kind} ${DRILL_NOTICE}` });
    } else if (notice.type === 'delivered') {
      if (notice.delivery.destination === 'file') return;
      const what = notice.delivery.kind === 'update' || notice.delivery.kind === 'public' ? 'update' : notice.delivery.kind;
      // The record as the journal now holds it: its response carries the receiver's id.
      const stored = this.#o.store.state.deliveries.find((d) => d.deliveryId === notice.delivery.deliveryId) ?? notice.delivery;
      const { word, detail } = acceptedState(stored, stored.response, false);
      if (notice.delivery.kind !== 'headline') this.#emit({ level: 'info', text: `${what} ${word} (${service}, ${detail})` });
    } else if (notice.type === 'retrying') {
      this.#emit({ level: 'warn', text: `${service} unreachable (${notice.error}), ${notice.queued} queued` });
    } else {
      this.#emit({ level: 'error', text: `${service} error: ${notice.error}` });
    }
  }
}

function newId(kind: string): string {
  return `${kind}-${randomUUID().slice(0, 13)}`;
}
