// The status-page lane and the requests that feed it, on journals replayed by the real reducer:
// strict order, a refused delivery holding the lane until a resend takes its place, updates
// finding their incident by intent key, and the first update after a resolve opening a new one.
import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/core/incident/state.ts';
import type { StatusPageDeliveryPayload } from '../../../src/core/statuspage/types.ts';
import { nextStatusPageDelivery, pageIncidents } from '../../../src/core/statuspage/lane.ts';
import { openPageIntent, requestPageUpdate, resendPageDelivery, type PageUpdateRequest } from '../../../src/core/statuspage/requests.ts';
import { EventLog, seedOpened } from '../../helpers/comms-fixtures.ts';

const INCIDENT = '2026-11-26-1005-api-high-latency';

function update(fields: Partial<PageUpdateRequest> = {}): PageUpdateRequest {
  return {
    provider: 'atlassian',
    pageId: 'pg1',
    name: 'Degraded API performance',
    status: 'investigating',
    body: 'We are looking into it.',
    impact: 'major',
    components: [{ id: 'cmp-api', name: 'API', status: 'degraded_performance' }],
    notify: true,
    ...fields,
  };
}

function room() {
  const log = new EventLog();
  log.add(seedOpened({ incidentId: INCIDENT }));
  const post = (id: string, fields: Partial<PageUpdateRequest> = {}) => log.add(requestPageUpdate(log.state(), update(fields), id));
  const deliver = (id: string, response = { pageIncidentId: 'inc1', url: 'https://stspg.io/inc1' }) =>
    log.add({ type: 'delivery.delivered', actor: 'system', deliveryId: id, attempt: 1, response });
  const refuse = (id: string, error = 'HTTP 422 Component cmp-x was not found on this page') =>
    log.add({ type: 'delivery.failed', actor: 'system', deliveryId: id, attempt: 1, error, retryable: false, retryAt: null });
  const record = (id: string): DeliveryRecord => {
    const found = log.state().deliveries.find((d) => d.deliveryId === id);
    if (!found) throw new Error(`no delivery ${id}`);
    return found;
  };
  return { log, post, deliver, refuse, record, lane: () => nextStatusPageDelivery(log.state().deliveries) };
}

describe('status-page requests', () => {
  it('the first public update creates, later ones update the same incident, and after a resolve a new one is created', () => {
    const r = room();
    r.post('s1');
    r.post('s2', { status: 'identified' });
    r.post('s3', { status: 'resolved' });
    r.post('s4');
    const [create, second, resolve, again] = r.log.state().deliveries;
    expect(create).toMatchObject({ kind: 'status.create', destination: 'statuspage', parentDeliveryId: null, payload: { op: 'create', intentKey: `${INCIDENT}/s1`, name: 'Degraded API performance' } });
    expect(second).toMatchObject({ kind: 'status.update', parentDeliveryId: 's1', payload: { op: 'update', intentKey: `${INCIDENT}/s1`, status: 'identified' } });
    expect(resolve).toMatchObject({ kind: 'status.update', parentDeliveryId: 's1' });
    expect(again).toMatchObject({ kind: 'status.create', payload: { intentKey: `${INCIDENT}/s4` } });
    expect(openPageIntent(r.log.state().deliveries)).toMatchObject({ intentKey: `${INCIDENT}/s4`, createId: 's4' });
  });

  it('a resolve sets every component the incident touched back to operational', () => {
    const r = room();
    r.post('s1');
    r.post('s2', { components: [{ id: 'cmp-login', name: 'Login', status: 'partial_outage' }] });
    r.post('s3', { status: 'resolved', components: [] });
    expect(r.record('s3').payload).toMatchObject({
      components: [
        { id: 'cmp-api', name: 'API', status: 'operational' },
        { id: 'cmp-login', name: 'Login', status: 'operational' },
      ],
    });
  });
});

describe('the status-page lane', () => {
  it('sends in request order; an update goes only once its create was delivered, with that create as parent', () => {
    const r = room();
    expect(r.lane()).toEqual({ kind: 'idle' });
    r.post('s1');
    r.post('s2', { status: 'identified' });
    expect(r.lane()).toMatchObject({ kind: 'send', head: { deliveryId: 's1' }, parent: null, queued: 2 });
    r.deliver('s1');
    expect(r.lane()).toMatchObject({ kind: 'send', head: { deliveryId: 's2' }, parent: { deliveryId: 's1' }, queued: 1 });
    r.deliver('s2');
    expect(r.lane()).toEqual({ kind: 'idle' });
    expect(pageIncidents(r.log.state().deliveries)).toEqual([
      { intentKey: `${INCIDENT}/s1`, provider: 'atlassian', pageId: 'pg1', ref: { id: 'inc1', url: 'https://stspg.io/inc1' }, status: 'identified', lastDeliveredAt: expect.any(String), pending: 0 },
    ]);
  });

  it('a refused create holds the lane with its reason; a resend takes its place, before the update that waited', () => {
    const r = room();
    r.post('s1');
    r.post('s2', { status: 'identified' });
    r.refuse('s1');
    expect(r.lane()).toMatchObject({ kind: 'held', head: { deliveryId: 's1' }, reason: 'refused: HTTP 422 Component cmp-x was not found on this page; resend it to continue', queued: 2 });
    const resend = resendPageDelivery(r.record('s1'), 's1b', { components: [] });
    if ('problem' in resend) throw new Error(resend.problem);
    expect(resend.event).toMatchObject({ kind: 'status.create', parentDeliveryId: null, payload: { replaces: 's1', intentKey: `${INCIDENT}/s1`, components: [] } });
    r.log.add(resend.event);
    expect(r.lane()).toMatchObject({ kind: 'send', head: { deliveryId: 's1b' }, queued: 2 });
    r.deliver('s1b');
    // The update finds its incident through the intent key, though it names s1 as parent.
    expect(r.lane()).toMatchObject({ kind: 'send', head: { deliveryId: 's2', parentDeliveryId: 's1' }, parent: { deliveryId: 's1b' } });
    expect(pageIncidents(r.log.state().deliveries)[0]).toMatchObject({ ref: { id: 'inc1' }, pending: 1 });
  });

  it('a refused update holds the ones behind it too, and its resend goes first', () => {
    const r = room();
    r.post('s1');
    r.deliver('s1');
    r.post('s2', { status: 'identified', body: 'typo' });
    r.post('s3', { status: 'monitoring' });
    r.refuse('s2', 'HTTP 422 Body is too long');
    expect(r.lane()).toMatchObject({ kind: 'held', head: { deliveryId: 's2' } });
    const resend = resendPageDelivery(r.record('s2'), 's2b', { body: 'fixed' });
    if ('problem' in resend) throw new Error(resend.problem);
    r.log.add(resend.event);
    expect(r.lane()).toMatchObject({ kind: 'send', head: { deliveryId: 's2b', payload: { body: 'fixed', status: 'identified' } }, parent: { deliveryId: 's1' } });
  });

  it('only a refused delivery can be resent', () => {
    const r = room();
    r.post('s1');
    expect(resendPageDelivery(r.record('s1'), 'x')).toEqual({ problem: 'only a refused delivery is resent (this one is pending)' });
  });

  it('an unreadable payload goes to the sender (which refuses it with its reason) rather than blocking silently', () => {
    const r = room();
    r.log.add({ type: 'delivery.requested', actor: 'system', deliveryId: 'bad', destination: 'statuspage', kind: 'status.update', payload: { op: 'update' } as unknown as StatusPageDeliveryPayload, parentDeliveryId: null });
    expect(r.lane()).toMatchObject({ kind: 'send', head: { deliveryId: 'bad' }, parent: null });
  });

  it('an update with no create in the journal is held, not sent', () => {
    const r = room();
    r.post('s1');
    r.deliver('s1');
    const { name: _name, ...fields } = update();
    const payload = { ...fields, op: 'update' as const, intentKey: 'elsewhere' };
    r.log.add({ type: 'delivery.requested', actor: 'system', deliveryId: 'o1', destination: 'statuspage', kind: 'status.update', payload, parentDeliveryId: null });
    expect(r.lane()).toMatchObject({ kind: 'held', head: { deliveryId: 'o1' }, reason: 'waiting for the status-page incident to be created' });
  });
});
