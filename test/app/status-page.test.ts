// What the composer says about the status page, against a Statuspage stand-in on 127.0.0.1:
// where the update goes (and that a drill sends nothing), the components listed once, and the
// request refused with the names the page does not have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusPageService } from '../../src/app/status-page.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { dashboardRunbook, openedEvent } from '../helpers/dashboard-fixtures.ts';
import { statusConfig } from '../helpers/statuspage-fixtures.ts';
import { startStatuspage, type StatuspageStandIn } from '../helpers/statuspage-server.ts';

let page: StatuspageStandIn;
beforeAll(async () => {
  page = await startStatuspage();
});
afterAll(async () => {
  await page?.close();
});

const state = (dryRun: boolean) =>
  replay([{ ...openedEvent(dashboardRunbook(), { mode: { dryRun, readonly: false } }), seq: 1, at: '2026-12-02T10:00:00.000Z' } as IncidentEvent]);

function service(): StatusPageService {
  return new StatusPageService(statusConfig(page.url, page.pageId));
}

describe('StatusPageService', () => {
  it('says where the update goes, and that a drill sends nothing', async () => {
    const sp = service();
    await sp.load();
    expect(sp.components?.map((c) => c.name)).toEqual(['API', 'Login', 'Website']);
    expect(sp.route(state(false))).toBe(`creates an incident on Atlassian Statuspage ${page.pageId}`);
    expect(sp.route(state(true))).toBe(`drill: would post to Atlassian Statuspage ${page.pageId} (creates an incident); nothing is sent`);
  });

  it('refuses a request naming a component the page does not have', async () => {
    const sp = service();
    await sp.load();
    const refused = sp.request(state(false), { status: 'Investigating', text: 'Slow.', components: 'Billing: major_outage' }, 'status-1');
    expect(refused).toEqual({ ok: false, problems: ['the page has no component "Billing"'] });
    const ok = sp.request(state(false), { status: 'Investigating', text: 'Some users see errors. We are on it.', components: 'API: major' }, 'status-2');
    expect(ok.ok && ok.event.type === 'delivery.requested' && ok.event.kind).toBe('status.create');
    expect(ok.ok && ok.event.type === 'delivery.requested' && ok.event.payload).toMatchObject({ name: 'Some users see errors.', components: [{ id: 'cmp-api', status: 'major_outage' }] });
  });

  it('lets a send wait for the listing in flight, which load() starts only once', async () => {
    const sp = service();
    await sp.listed(); // nothing started: nothing to wait for
    const before = page.requests.length;
    void sp.load();
    void sp.load();
    expect(sp.components).toBeNull();
    await sp.listed();
    expect(sp.components?.map((c) => c.name)).toEqual(['API', 'Login', 'Website']);
    expect(page.requests.length - before).toBe(1);
    expect(sp.request(state(false), { status: 'Investigating', text: 'Slow.', components: 'API: major' }, 'status-3').ok).toBe(true);
  });
});
