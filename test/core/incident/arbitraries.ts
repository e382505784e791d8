// fast-check generators for random but well-formed journals, shared by the replay property
// test and the event validator test.
import fc from 'fast-check';
import type { IncidentEvent, NewEvent } from '../../../src/core/incident/events.ts';
import { at, openedEvent } from './fixtures.ts';

const stepIds = ['ia-dash', 'ia-deploys', 'ia-pods', 'ia-pods-oom', 'mit-rollback', 'mit-flag', 'unknown-step'];
const actor = fc.constantFrom('alice', 'bob', 'system');
const text = fc.string({ maxLength: 12 });
const stepId = fc.constantFrom(...stepIds);
// Small ranges so references (request seqs, delivery ids) often hit something that exists.
const requestSeq = fc.integer({ min: 1, max: 12 });
const deliveryId = fc.constantFrom('d1', 'd2', 'd3');
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
// What a journal line can hold: JSON has no -0 (it reads back as 0), so none is generated.
const jsonObject = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })).map((v) => JSON.parse(JSON.stringify(v)) as object);

export const newEvent: fc.Arbitrary<NewEvent> = fc.oneof(
  fc.record({ type: fc.constantFrom('step.checked', 'step.unchecked', 'step.skipped'), actor, stepId, note: nullable(text) }),
  fc.record({ type: fc.constant('note.added'), actor, text }),
  fc.record({ type: fc.constant('operator.left'), actor, operator: fc.constantFrom('alice', 'bob') }),
  fc.record({ type: fc.constant('operator.returned'), actor, operator: fc.constantFrom('alice', 'bob'), leftSeq: requestSeq }),
  fc.record({
    type: fc.constant('status.changed'),
    actor,
    from: fc.constantFrom('investigating', 'identified', 'monitoring', 'resolved'),
    to: fc.constantFrom('investigating', 'identified', 'monitoring'),
  }),
  fc.record({ type: fc.constant('severity.changed'), actor, from: fc.constant('SEV-2'), to: fc.constantFrom('SEV-1', 'SEV-3') }),
  fc.record({ type: fc.constant('commander.changed'), actor, from: fc.constant('alice'), to: fc.constantFrom('bob', 'carol') }),
  fc.record({ type: fc.constant('parameter.set'), actor, name: fc.constantFrom('NS', 'POD'), value: text }),
  fc.record({
    type: fc.constant('command.requested'),
    actor,
    stepId,
    commandId: fc.constant('ia-pods/c0'),
    template: fc.constant('kubectl get pods'),
    risk: fc.constantFrom('read', 'change', 'destructive'),
  }),
  fc.record({
    type: fc.constant('command.confirmed'),
    actor,
    requestSeq,
    script: text,
    confirmation: fc.constantFrom('key', 'yes', 'typed'),
    kubeContext: nullable(text),
    kubeNamespace: nullable(text),
    dryRun: fc.boolean(),
  }),
  fc.record({ type: fc.constant('command.cancelled'), actor, requestSeq, reason: text }),
  fc.record({
    type: fc.constant('command.started'),
    actor,
    requestSeq,
    pid: nullable(fc.nat()),
    cwd: fc.constant('/tmp'),
    script: text,
    kubeContext: nullable(text),
    outputFile: fc.constant('commands/3.log'),
  }),
  fc.record({
    type: fc.constant('command.finished'),
    actor,
    requestSeq,
    exitCode: nullable(fc.integer({ min: 0, max: 2 })),
    signal: nullable(fc.constantFrom('SIGTERM', 'SIGKILL')),
    durationMs: fc.nat(),
    outputFile: nullable(fc.constant('commands/3.log')),
    outputBytes: fc.nat(),
    outputSha256: nullable(fc.constant('ab')),
    timedOut: fc.boolean(),
    cancelled: fc.boolean(),
    dryRun: fc.boolean(),
    error: nullable(text),
    tail: fc.array(text, { maxLength: 3 }),
    outcome: fc.constant('unknown'),
    reason: text,
  }, { requiredKeys: ['type', 'actor', 'requestSeq', 'exitCode', 'signal', 'durationMs', 'outputFile', 'outputBytes', 'outputSha256', 'timedOut', 'cancelled', 'dryRun', 'error', 'tail'] }),
  fc.record({
    type: fc.constant('flag.toggled'),
    actor,
    stepId,
    flag: fc.constant('circuit_breaker_api'),
    value: fc.constantFrom('true', 'false'),
    via: fc.constantFrom('command', 'http', 'manual', 'dry-run'),
    ok: fc.boolean(),
    detail: nullable(text),
  }),
  fc.record({
    type: fc.constant('flag.requested'),
    actor,
    stepId,
    flag: fc.constant('circuit_breaker_api'),
    value: fc.constantFrom('true', 'false'),
    via: fc.constantFrom('command', 'http', 'manual'),
    script: text,
  }),
  fc.record({ type: fc.constant('flag.confirmed'), actor, requestSeq, script: text, dryRun: fc.boolean() }),
  fc.record({ type: fc.constant('flag.cancelled'), actor, requestSeq, reason: text }),
  fc.record({
    type: fc.constant('flag.started'),
    actor,
    requestSeq,
    pid: nullable(fc.integer({ min: 1, max: 4_000_000 })),
    outputFile: fc.constant('commands/4.log'),
    pgid: fc.integer({ min: 1, max: 4_000_000 }),
    procStart: fc.nat(),
    bootId: text,
    runToken: text,
  }, { requiredKeys: ['type', 'actor', 'requestSeq', 'pid', 'outputFile'] }),
  fc.record({
    type: fc.constant('flag.finished'),
    actor,
    requestSeq,
    via: fc.constantFrom('command', 'http', 'manual', 'dry-run'),
    ok: fc.boolean(),
    detail: nullable(text),
    outputFile: nullable(fc.constant('commands/4.log')),
    outcome: fc.constant('unknown'),
  }, { requiredKeys: ['type', 'actor', 'requestSeq', 'via', 'ok', 'detail', 'outputFile'] }),
  fc.record({
    type: fc.constant('escalation.fired'),
    actor,
    level: fc.integer({ min: 0, max: 2 }),
    afterMinutes: nullable(fc.constantFrom(15, 30)),
    action: fc.constantFrom('page', 'notify', 'escalate'),
    target: fc.constantFrom('Engineering Manager', 'CTO'),
    dueAt: nullable(fc.constant(at(15))),
    late: fc.boolean(),
    manual: fc.boolean(),
  }),
  fc.record({ type: fc.constant('update.due'), actor, kind: fc.constantFrom('internal', 'public'), dueAt: fc.constant(at(20)) }),
  fc.record({
    type: fc.constant('update.posted'),
    actor,
    kind: fc.constantFrom('internal', 'public'),
    text,
    fields: fc.dictionary(fc.constantFrom('status', 'impact'), text),
    nextUpdateMinutes: nullable(fc.constantFrom(15, 30)),
    deliveryIds: fc.array(deliveryId, { maxLength: 2 }),
  }),
  fc.record({
    type: fc.constant('delivery.requested'),
    actor,
    deliveryId,
    destination: fc.constantFrom('slack', 'pagerduty', 'file'),
    kind: fc.constantFrom('alert', 'update', 'page', 'pager.trigger'),
    payload: jsonObject,
    parentDeliveryId: nullable(deliveryId),
  }),
  fc.record({ type: fc.constant('delivery.attempted'), actor, deliveryId, attempt: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    type: fc.constant('delivery.delivered'),
    actor,
    deliveryId,
    attempt: fc.integer({ min: 1, max: 4 }),
    response: nullable(fc.record({ ts: fc.constant('1.2'), channel: fc.constant('C1') })),
  }),
  fc.record({
    type: fc.constant('delivery.failed'),
    actor,
    deliveryId,
    attempt: fc.integer({ min: 1, max: 4 }),
    error: fc.constantFrom('HTTP 429', 'ECONNREFUSED'),
    retryable: fc.boolean(),
    retryAt: nullable(fc.constant(at(30))),
  }),
  fc.record({
    type: fc.constant('incident.resolved'),
    actor,
    from: fc.constantFrom('investigating', 'monitoring'),
    summary: nullable(text),
  }),
  fc.record({ type: fc.constant('incident.reopened'), actor, reason: nullable(text) }),
) as fc.Arbitrary<NewEvent>;

export const journal: fc.Arbitrary<IncidentEvent[]> = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(newEvent, fc.integer({ min: 0, max: 90_000 })), { maxLength: 60 }))
  .map(([fromOpen, rest]) => {
    const events: IncidentEvent[] = [openedEvent({ escalationFrom: fromOpen ? 'open' : 'detection' })];
    let ms = Date.parse(at(5));
    rest.forEach(([event, gap], i) => {
      ms += gap;
      events.push({ ...event, seq: i + 2, at: new Date(ms).toISOString() } as IncidentEvent);
    });
    return events;
  });
