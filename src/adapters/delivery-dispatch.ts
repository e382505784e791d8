// Sends one delivery record the way its stored payload says: Slack Web API (threaded under its
// parent, or editing it), Slack webhook, PagerDuty with the routing key looked up now, the
// status page, or the local outbox file. Secrets come from the config at send time, never from
// the journal.
import type { DeliveryRecord } from '../core/incident/state.ts';
import { escalationTarget, type WarroomConfig } from './config.ts';
import type { HttpOptions, SendOutcome } from './http-delivery.ts';
import { OutboxFile } from './outbox-file.ts';
import { sendPagerEvent } from './pager.ts';
import path from 'node:path';
import { postSlackWebhook, slackPostMessage, slackUpdateMessage } from './slack.ts';
import { findDelivered, withDeliveryMetadata } from './slack-lookup.ts';
import { sendStatusDelivery } from './statuspage/send.ts';
import type { PagerDutyRestConfig } from './alerting-config.ts';
import { sendPagerDutyWrite } from './pagerduty-rest.ts';

export type Dispatch = (record: DeliveryRecord, parent: DeliveryRecord | null, signal: AbortSignal) => Promise<SendOutcome>;

const gaveUp = (error: string): SendOutcome => ({ ok: false, error, retryable: false, retryAfterMs: null });

export interface DispatchOptions {
  config: WarroomConfig;
  incidentDir: string;
  now?: () => Date;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The PagerDuty REST settings (`pagerduty.apiToken`, `.apiUrl`, `.email`); null: not configured. */
  pagerdutyRest?: PagerDutyRestConfig | null;
}

export function createDispatch(options: DispatchOptions): Dispatch {
  const file = new OutboxFile(options.incidentDir);
  const now = options.now ?? (() => new Date());
  const { config } = options;
  return async (record, parent, signal) => {
    const http: HttpOptions = { signal, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) };
    if (record.destination === 'file') return file.write(record, now());
    if (record.destination === 'statuspage') {
      const statusHttp = { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) };
      return sendStatusDelivery(record, parent, config.statuspage, statusHttp, signal);
    }
    if (record.destination === 'pagerduty-rest') return sendPagerDutyWrite(options.pagerdutyRest ?? null, record.payload, signal);
    if (record.destination === 'pagerduty') {
      const payload = record.payload;
      const key = payload.routingKeyTarget
        ? (escalationTarget(config, payload.routingKeyTarget)?.pagerduty ?? config.pagerduty.routingKey)
        : config.pagerduty.routingKey;
      if (!key) return gaveUp('no PagerDuty routing key configured');
      return sendPagerEvent(config.pagerduty.url, key, payload.event, http);
    }
    const payload = record.payload;
    if (payload.via === 'file') return file.write(record, now());
    if (payload.via === 'webhook') {
      if (!config.slack.webhookUrl) return gaveUp('Slack webhook not configured');
      return postSlackWebhook(config.slack.webhookUrl, payload.message, http);
    }
    const { token } = config.slack;
    if (!token) return gaveUp('Slack token not configured');
    const api = { ...http, apiUrl: config.slack.apiUrl, token };
    const parentTs = parent?.phase === 'delivered' ? parent.response?.ts : undefined;
    const parentChannel = parent?.phase === 'delivered' ? parent.response?.channel : undefined;
    if (record.kind === 'headline') {
      if (!parentTs) return gaveUp('the first message was not delivered, nothing to edit');
      return slackUpdateMessage(parentChannel ?? config.slack.channel ?? '', parentTs, payload.message, api);
    }
    const channel = parentChannel ?? config.slack.channel;
    if (!channel) return gaveUp('Slack channel not configured');
    // A reply whose parent never made it goes out on its own rather than not at all.
    const thread = parentTs ? { ts: parentTs, broadcast: payload.broadcast === true } : null;
    const tag = { deliveryId: record.deliveryId, incidentId: path.basename(options.incidentDir) };
    // An attempt nobody saw answered (warroom died mid-request, or it timed out or was stopped)
    // may have reached Slack: look for it before sending again (see slack-lookup.ts).
    if (record.attempts > (record.answered ?? 0) || record.lastError === 'timeout' || record.lastError === 'stopped') {
      const found = await findDelivered(channel, thread, tag, record.requestedAt, api);
      if (found) return found;
    }
    return slackPostMessage(channel, withDeliveryMetadata(payload.message, tag), thread, api);
  };
}
