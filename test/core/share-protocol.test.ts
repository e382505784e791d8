// The replication protocol's rules, one scenario each, through the model store.
import { describe, expect, it } from 'vitest';
import { nextEscalationEvent } from '../../src/core/clock/clock-events.ts';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events.ts';
import { loadReplica, viewEvents, viewState } from '../../src/core/share/replica.ts';
import { mergeRows } from '../../src/core/share/merge.ts';
import { checkRow, MAX_EVENT_BYTES } from '../../src/core/share/rows.ts';
import { answerRecords, nextPush } from '../../src/core/share/push.ts';
import { at, openedEvent } from './incident/fixtures.ts';
import { ModelStore, ModelTerminal } from './share-model.ts';

const INCIDENT = '2026-11-26-1005-api-high-latency';
const { seq: _seq, at: _at, ...opening } = openedEvent();

function room(count: number): { store: ModelStore; terminals: ModelTerminal[] } {
  const store = new ModelStore(INCIDENT);
  const terminals = Array.from({ length: count }, (_, i) => new ModelTerminal(INCIDENT, `t${i}`, i));
  terminals[0]!.append(opening as NewEvent, at(5));
  for (const t of terminals) t.settle(store);
  return { store, terminals };
}

const check = (stepId: string, actor = 'alice'): NewEvent => ({ type: 'step.checked', actor, stepId, note: null });
const note = (text: string, actor = 'alice'): NewEvent => ({ type: 'note.added', actor, text });

function settleAll(store: ModelStore, terminals: ModelTerminal[]): void {
  for (let round = 0; round < 3; round++) for (const t of terminals) t.settle(store);
}

describe('the shared log as the incident order', () => {
  it('publishes the opening and lets another terminal join with the same state', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    expect(store.rows).toHaveLength(1);
    expect(viewEvents(b.replica)).toEqual(viewEvents(a.replica));
    expect(b.state?.incidentId).toBe(INCIDENT);
  });

  it('orders concurrent notes by the shared log in every terminal, renumbering the pending ones', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    const fromA = a.append(note('from a'), at(6));
    const fromB = b.append(note('from b', 'bob'), at(6));
    expect(fromA.event.seq).toBe(2);
    expect(fromB.event.seq).toBe(2);
    b.settle(store);
    a.settle(store);
    b.settle(store);
    expect(store.events().map((e) => (e.type === 'note.added' ? e.text : e.type))).toEqual(['incident.opened', 'from b', 'from a']);
    expect(viewEvents(a.replica)).toEqual(store.events());
    expect(viewEvents(b.replica)).toEqual(store.events());
  });

  it('records a step checked in two terminals at once only once: the second is a no-op', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    a.append(check('ia-dash'), at(6));
    b.append(check('ia-dash', 'bob'), at(6));
    settleAll(store, terminals);
    const checks = store.events().filter((e) => e.type === 'step.checked');
    expect(checks).toHaveLength(1);
    expect(checks[0]!.actor).toBe('alice');
    const dropped = b.records.filter((r) => r.r === 'dropped');
    expect(dropped).toEqual([expect.objectContaining({ reason: 'no-op', detail: 'step ia-dash is already checked (by alice)' })]);
    expect(viewState(b.replica)).toEqual(viewState(a.replica));
  });

  it('pages a threshold once across three terminals, and drops the losers\u2019 pages with it', () => {
    const { store, terminals } = room(3);
    const now = new Date(at(16));
    for (const t of terminals) {
      const fired = nextEscalationEvent(t.state!, now);
      expect(fired?.type).toBe('escalation.fired');
      const { event } = t.append(fired!, now.toISOString());
      // What comms does after an escalation: a page that names it by seq.
      t.append(
        { type: 'delivery.requested', actor: 'system', deliveryId: `page-${t.name}`, destination: 'pagerduty', kind: 'pager.trigger', payload: { routingKeyTarget: null, level: 1, escalationSeq: event.seq, event: { event_action: 'trigger', dedup_key: 'page' } }, parentDeliveryId: null },
        now.toISOString(),
      );
    }
    settleAll(store, terminals);
    const events = store.events();
    expect(events.filter((e) => e.type === 'escalation.fired')).toHaveLength(1);
    const pages = events.filter((e) => e.type === 'delivery.requested');
    expect(pages).toHaveLength(1);
    const fired = events.find((e) => e.type === 'escalation.fired')!;
    expect((pages[0] as Extract<IncidentEvent, { type: 'delivery.requested' }>).payload).toMatchObject({ escalationSeq: fired.seq });
    const reasons = terminals.flatMap((t) => t.records.filter((r) => r.r === 'dropped').map((r) => (r as { reason: string }).reason));
    expect(reasons.sort()).toEqual(['no-op', 'no-op', 'orphan', 'orphan']);
    for (const t of terminals) expect(viewEvents(t.replica)).toEqual(events);
  });

  it('refuses a second threshold event by its once-key when the terminal pushed from a stale view', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    const fired = nextEscalationEvent(a.state!, new Date(at(16)))!;
    a.append(fired, at(16));
    b.append(fired, at(16));
    const stale = nextPush(b.replica);
    a.settle(store);
    expect(stale?.kind).toBe('append');
    const answer = store.append(stale as Extract<typeof stale, { kind: 'append' }>);
    expect(answer).toEqual({ kind: 'once-taken', key: 'escalation:level:1', seq: 2 });
    const { records } = answerRecords(b.replica, stale as Extract<typeof stale, { kind: 'append' }>, answer);
    expect(records).toEqual([{ r: 'dropped', id: b.replica.pending[0]!.id, reason: 'once-taken', detail: 'escalation:level:1 was taken by seq 2' }]);
    b.settle(store);
    expect(store.events().filter((e) => e.type === 'escalation.fired')).toHaveLength(1);
    expect(viewEvents(b.replica)).toEqual(store.events());
  });

  it('keeps a command\u2019s later events attached to its request when other events take its place', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    a.online = false;
    const request = a.append({ type: 'command.requested', actor: 'alice', stepId: 'mit-rollback', commandId: 'mit-rollback/c0', template: 'kubectl rollout undo deployment/api-service', risk: 'change' }, at(6));
    expect(request.event.seq).toBe(2);
    for (let i = 0; i < 3; i++) b.append(note(`b ${i}`, 'bob'), at(6));
    b.settle(store);
    a.online = true;
    a.sync(store); // reads b's notes: the request now shows at seq 5
    expect(viewEvents(a.replica).at(-1)).toMatchObject({ type: 'command.requested', seq: 5 });
    // The command flow still holds the seq its append returned (2).
    const confirmed = a.append({ type: 'command.confirmed', actor: 'alice', requestSeq: request.event.seq, script: 'kubectl rollout undo deployment/api-service', confirmation: 'yes', kubeContext: null, kubeNamespace: null, dryRun: false }, at(7));
    expect(confirmed.event).toMatchObject({ requestSeq: 5, seq: 6 });
    settleAll(store, terminals);
    const log = store.events();
    const stored = log.find((e) => e.type === 'command.confirmed') as Extract<IncidentEvent, { type: 'command.confirmed' }>;
    expect(store.rows[stored.requestSeq - 1]!.id).toBe(request.id);
    expect(viewState(b.replica)!.commands[0]).toMatchObject({ phase: 'confirmed', requestedBy: 'alice' });
  });

  it('keeps a flag change\u2019s later events attached to its request when other events take its place', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    a.online = false;
    const request = a.append({ type: 'flag.requested', actor: 'alice', stepId: 'mit-flag', flag: 'enable_circuit_breaker', value: 'true', via: 'manual', script: 'set it by hand' }, at(6));
    expect(request.event.seq).toBe(2);
    for (let i = 0; i < 3; i++) b.append(note(`b ${i}`, 'bob'), at(6));
    b.settle(store);
    a.online = true;
    a.sync(store);
    expect(viewEvents(a.replica).at(-1)).toMatchObject({ type: 'flag.requested', seq: 5 });
    const confirmed = a.append({ type: 'flag.confirmed', actor: 'alice', requestSeq: request.event.seq, script: 'set it by hand', dryRun: false }, at(7));
    expect(confirmed.event).toMatchObject({ requestSeq: 5, seq: 6 });
    a.append({ type: 'flag.finished', actor: 'alice', requestSeq: request.event.seq, via: 'manual', ok: true, detail: 'done by hand', outputFile: null }, at(7));
    settleAll(store, terminals);
    for (const t of [a, b]) expect(viewState(t.replica)!.flagRuns[0]).toMatchObject({ phase: 'finished', ok: true, requestedBy: 'alice' });
  });

  it('does not duplicate an event whose append committed but whose answer was lost', () => {
    const { store, terminals } = room(2);
    const [a] = terminals as [ModelTerminal];
    a.append(note('once'), at(6));
    expect(a.sync(store, { loseAnswer: true })).toBe('lost-answer');
    expect(a.replica.pending).toHaveLength(1);
    settleAll(store, terminals);
    expect(store.events().filter((e) => e.type === 'note.added')).toHaveLength(1);
    expect(a.replica.pending).toHaveLength(0);
  });

  it('puts back rows a failover lost, verbatim, so every terminal keeps the same order', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    a.append(note('n1'), at(6));
    a.append(note('n2'), at(6));
    settleAll(store, terminals);
    const before = store.events();
    store.rows.splice(1); // the new primary lost seqs 2 and 3
    b.append(note('after failover', 'bob'), at(7));
    settleAll(store, terminals);
    expect(store.events().slice(0, 3)).toEqual(before);
    expect(store.events().at(-1)).toMatchObject({ type: 'note.added', text: 'after failover', seq: 4 });
    expect(viewEvents(a.replica)).toEqual(store.events());
  });

  it('rebuilds the same replica from its records (the local file)', () => {
    const { store, terminals } = room(2);
    const [a, b] = terminals as [ModelTerminal, ModelTerminal];
    a.append(check('ia-dash'), at(6));
    b.append(check('ia-dash', 'bob'), at(6));
    b.append(note('pending still'), at(6));
    settleAll(store, [a]);
    b.sync(store);
    const reloaded = loadReplica(INCIDENT, 't1', b.records);
    expect(viewEvents(reloaded)).toEqual(viewEvents(b.replica));
    expect(reloaded.pending).toEqual(b.replica.pending);
  });
});

describe('untrusted rows', () => {
  const good = (seq: number, body: unknown, id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`) => {
    const text = JSON.stringify(body);
    const b = body as { type?: unknown; actor?: unknown };
    return checkRow(INCIDENT, { seq, eventId: id, origin: 'mallory', actor: b.actor, type: b.type, bodyBytes: text.length, body: text });
  };

  it('rejects each kind of bad row with a message naming it, and goes on with the rows after it', () => {
    const { store, terminals } = room(1);
    const [a] = terminals as [ModelTerminal];
    const noteAt = (seq: number, text: string) => ({ type: 'note.added', seq, at: at(6), actor: 'bob', text });
    const rows = [
      checkRow(INCIDENT, { seq: 2, eventId: '00000000-0000-4000-8000-000000000002', origin: 'm', actor: 'bob', type: 'note.added', bodyBytes: 9, body: '{"type":' }),
      good(3, { ...noteAt(3, 'x'), type: 'note.exploded' }),
      good(4, noteAt(99, 'wrong seq')),
      checkRow(INCIDENT, { seq: 5, eventId: '00000000-0000-4000-8000-000000000005', origin: 'm', actor: 'bob', type: 'note.added', bodyBytes: MAX_EVENT_BYTES + 1, body: null }),
      good(6, { ...openedEvent(), seq: 6 }),
      good(7, noteAt(7, 'dup id'), a.replica.shared[0]!.id!),
      good(8, noteAt(8, 'no id'), 'not-a-uuid'),
      // seq 9 is missing
      good(10, noteAt(10, 'fine')),
    ];
    const merged = mergeRows(a.replica, 1, rows);
    const where = (seq: number) => `shared row (incident ${INCIDENT}, seq ${seq})`;
    expect(merged.problems).toEqual([
      `${where(2)}: event body is not JSON`,
      `${where(3)}: unknown event type "note.exploded" (written by a newer warroom? upgrade to read it)`,
      `${where(4)}: body says seq 99`,
      `${where(5)}: event body of ${MAX_EVENT_BYTES + 1} bytes is over the ${MAX_EVENT_BYTES}-byte limit`,
      `${where(6)}: a second incident.opened`,
      `${where(7)}: event id ${a.replica.shared[0]!.id} is already at seq 1`,
      `${where(8)}: event id is not a uuid`,
      `${where(9)}: missing from the shared log`,
    ]);
    expect(() => a.settle(store)).not.toThrow();
    const replica = loadReplica(INCIDENT, 't0', [...a.records, ...merged.records]);
    expect(replica.shared).toHaveLength(10);
    expect(viewState(replica)!.notes.map((n) => n.text)).toEqual(['fine']);
  });

  it('refuses a row whose opening names another incident', () => {
    const entry = good(1, { ...openedEvent(), incidentId: 'someone-else' });
    expect(entry).toMatchObject({ kind: 'rejected', problem: `shared row (incident ${INCIDENT}, seq 1): opens incident someone-else` });
  });
});
