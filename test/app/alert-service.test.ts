// The war room's alert service against a real Alertmanager: a silence is created with the
// alert's labels and journaled, a drill creates none and journals nothing, the expiry is
// journaled, and a poll after the alert ended records alert.changed once. A label kept out of the
// journal as a secret is matched by the value Alertmanager lists.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerClient } from '../../src/adapters/alertmanager.ts';
import { AlertService } from '../../src/app/alert-service.ts';
import type { AlertingConfig } from '../../src/adapters/alerting-config.ts';
import { startAlertmanager, type AlertmanagerServer } from '../helpers/alertmanager.ts';
import { openSession, type SessionFixture } from '../helpers/dashboard-fixtures.ts';
import { waitFor } from '../helpers/fake-services.ts';
import { maskSecretLabels } from '../../src/core/alerts/secret-labels.ts';
import { promises as fs } from 'node:fs';
import path from 'node:path';

let am: AlertmanagerServer;
let fx: SessionFixture | undefined;
const labels = { alertname: 'HighLatency', namespace: 'shop', service: 'api', severity: 'warning' };
const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
const DB_URL = 'postgres://app:s3cret-pw-4242@orders-db:5432/orders';
const secretLabels = { alertname: 'OrdersDbDown', namespace: 'shop', db_url: DB_URL, severity: 'critical' };

const config = (): AlertingConfig => ({
  alertmanager: { url: am.url, token: null, basicAuth: null, caFile: null },
  pagerduty: null,
  runbooks: { folders: [], urlMap: {}, fetchPrefixes: [], fetchMaxBytes: 1_000_000 },
  severityMap: {},
});

/** A war room linked to the firing alert `name`, its labels journaled as the war room's opening does. */
async function linkedSession(name = 'HighLatency'): Promise<SessionFixture> {
  const client = new AlertmanagerClient(config().alertmanager!);
  const [alert] = await client.findAlerts(name);
  fx = await openSession();
  await fx.session.dispatch({
    type: 'alert.linked', actor: 'alice', source: 'alertmanager', fingerprint: alert!.fingerprint, name: alert!.name, labels: maskSecretLabels(alert!.labels),
    annotations: alert!.annotations, startsAt: alert!.startsAt, generatorURL: alert!.generatorURL, filled: [], pagerdutyUrl: null,
  });
  return fx;
}

beforeAll(async () => {
  am = await startAlertmanager();
  await am.postAlerts([{ labels, startsAt }, { labels: secretLabels, startsAt }]);
}, 60_000);

afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

afterAll(async () => {
  await am?.stop();
});

describe('AlertService', () => {
  it('a drill creates no silence and journals none, and says so', async () => {
    const { session } = await linkedSession();
    const service = new AlertService({ session, config: config(), dryRun: true });
    const outcome = await service.silence(30, 'drill');
    expect(outcome).toEqual({ kind: 'drill', matchers: 'alertname="HighLatency", namespace="shop", service="api", severity="warning"' });
    expect((await am.silences()).filter((s) => s.comment === 'drill')).toEqual([]);
    expect(session.state.alert?.silence).toBeNull();
  });

  it('creates the silence with the exact labels and createdBy, journals its id, and expires it', async () => {
    const { session } = await linkedSession();
    const service = new AlertService({ session, config: config(), dryRun: false });
    const outcome = await service.silence(45, 'working on it');
    expect(outcome.kind).toBe('created');
    const id = outcome.kind === 'created' ? outcome.id : '';
    const silence = (await am.silences()).find((s) => s.id === id);
    expect(silence).toMatchObject({ createdBy: 'alice', comment: 'working on it', status: { state: 'active' } });
    expect(silence?.matchers).toHaveLength(4);
    expect(session.state.alert?.silence).toMatchObject({ id, expired: false });
    expect(await service.expireSilence()).toBe(`silence ${id} expired`);
    await waitFor(async () => (await am.silences()).find((s) => s.id === id)?.status.state === 'expired', 'the silence to expire');
    expect(session.state.alert?.silence?.expired).toBe(true);
  });

  it('journals the alert stopping once, seen by a poll', async () => {
    const { session } = await linkedSession();
    const service = new AlertService({ session, config: config(), dryRun: false, delayMs: () => 60_000 });
    service.start();
    await service.pollNow();
    expect(session.state.alert?.firing).toBe(true);
    await am.postAlerts([{ labels, startsAt, endsAt: new Date().toISOString() }]);
    await waitFor(async () => {
      await service.pollNow();
      return session.state.alert?.firing === false;
    }, 'the alert to stop', 30_000);
    await service.pollNow();
    await service.stop();
    expect(session.events.filter((e) => e.type === 'alert.changed')).toHaveLength(1);
    // Back on for the other tests' alert.
    await am.postAlerts([{ labels, startsAt }]);
  }, 60_000);

  it('matches a label the journal holds only as the secret mark by the value Alertmanager lists', async () => {
    const { session, dir } = await linkedSession('OrdersDbDown');
    expect(session.state.alert?.labels.db_url).toBe('‹secret›');
    const drill = await new AlertService({ session, config: config(), dryRun: true }).silence(30, 'drill');
    expect(drill).toMatchObject({ kind: 'drill', matchers: expect.stringContaining('db_url="‹secret›"') });
    const service = new AlertService({ session, config: config(), dryRun: false });
    expect(service.silencePreview()).not.toContain('s3cret');
    const outcome = await service.silence(30, 'orders db');
    expect(outcome.kind).toBe('created');
    const silence = (await am.silences()).find((s) => outcome.kind === 'created' && s.id === outcome.id);
    expect(silence?.matchers).toContainEqual(expect.objectContaining({ name: 'db_url', value: DB_URL, isRegex: false }));
    expect(session.state.alert?.silence?.matchers).toContain('db_url="‹secret›"');
    await service.expireSilence();
    expect(await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8')).not.toContain('s3cret');
  });

  it('refuses that silence, saying why, once Alertmanager no longer lists the alert', async () => {
    const { session } = await linkedSession('OrdersDbDown');
    await am.postAlerts([{ labels: secretLabels, startsAt, endsAt: new Date().toISOString() }]);
    try {
      const service = new AlertService({ session, config: config(), dryRun: false });
      const outcome = await service.silence(30, 'orders db');
      expect(outcome).toEqual({ kind: 'refused', error: expect.stringContaining('a label of OrdersDbDown is a secret the journal does not hold') });
      expect(session.state.alert?.silence).toBeNull();
    } finally {
      await am.postAlerts([{ labels: secretLabels, startsAt }]);
    }
  });
});
