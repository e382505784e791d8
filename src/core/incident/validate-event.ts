// Run-time check of one parsed journal line. The journal reader calls this before reduce(), so a
// hand-edited or damaged journal is reported (with its line) instead of misread. The schema
// table is typed against the event union: adding a field to an event without adding its
// check here does not compile.
import { compileFieldsCheck, type FieldsCheck } from './compiled-checks.ts';
import type { EventBase, IncidentEvent, IncidentEventType } from './events.ts';

type Check = ((value: unknown) => boolean) & { describe: string; optional?: true };

function check(describe: string, test: (value: unknown) => boolean): Check {
  return Object.assign(test, { describe });
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = check('a string', (v) => typeof v === 'string');
const nonEmpty = check('a non-empty string', (v) => typeof v === 'string' && v.length > 0);
const time = check('an ISO time with a zone', (v) => typeof v === 'string' && ISO_TIME.test(v) && plausibleTime(v));

/**
 * The fields of a time the pattern already shaped are in range (month 01–12, day 01–31, hour
 * 00–23, minute and second 00–59). Every event has a time and every journal line is checked on
 * every open: this is what Date.parse would refuse, without a Date per line.
 */
function plausibleTime(v: string): boolean {
  const two = (at: number) => (v.charCodeAt(at) - 48) * 10 + (v.charCodeAt(at + 1) - 48);
  const month = two(5);
  const day = two(8);
  const zone = v.endsWith('Z') || (two(v.length - 5) <= 23 && two(v.length - 2) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && two(11) <= 23 && two(14) <= 59 && two(17) <= 59 && zone;
}
const int = check('an integer', (v) => Number.isSafeInteger(v));
const nat = check('a non-negative integer', (v) => Number.isSafeInteger(v) && (v as number) >= 0);
const positive = check('a positive integer', (v) => Number.isSafeInteger(v) && (v as number) > 0);
const minutes = check('a non-negative number', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
const bool = check('true or false', (v) => typeof v === 'boolean');
const object = check('an object', (v) => isObject(v));
const strings = check('an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
const stringRecord = check('an object of strings', (v) => isObject(v) && Object.values(v).every((s) => typeof s === 'string'));

/** A field later versions added: absent in older journals, checked when present. */
function optional(inner: Check): Check {
  return Object.assign(check(inner.describe, (v) => inner(v)), { optional: true as const });
}

function nullable(inner: Check): Check {
  return check(`${inner.describe} or null`, (v) => v === null || inner(v));
}

function oneOf(...values: string[]): Check {
  return check(`one of ${values.join(', ')}`, (v) => typeof v === 'string' && values.includes(v));
}

const status = oneOf('investigating', 'identified', 'monitoring', 'resolved');
const updateKind = oneOf('internal', 'public');
const flagVia = oneOf('command', 'http', 'manual');

const step: Check = check('a runbook step', (v) => isStep(v));
function isStep(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.text === 'string' &&
    typeof v.checked === 'boolean' &&
    Array.isArray(v.children) &&
    v.children.every(isStep) &&
    Array.isArray(v.commands)
  );
}

// Deep enough for what the engine reads from the snapshot: sections, steps, thresholds.
const runbook = check('a runbook snapshot (title, sections with steps, escalation thresholds)', (v) => {
  if (!isObject(v) || typeof v.title !== 'string') return false;
  if (!Array.isArray(v.sections) || !Array.isArray(v.escalation)) return false;
  const sectionsOk = v.sections.every(
    (s) => isObject(s) && typeof s.id === 'string' && typeof s.title === 'string' && typeof s.kind === 'string' && Array.isArray(s.steps) && s.steps.every(step),
  );
  const escalationOk = v.escalation.every(
    (t) => isObject(t) && minutes(t.afterMinutes) && typeof t.target === 'string' && oneOf('page', 'notify', 'escalate')(t.action),
  );
  return sectionsOk && escalationOk;
});

const repairedLines = check('an array of {line, problem}', (v) => Array.isArray(v) && v.every((l) => isObject(l) && positive(l.line) && str(l.problem)));
const seqGaps = check('an array of {after, next}', (v) => Array.isArray(v) && v.every((g) => isObject(g) && nat(g.after) && positive(g.next)));
const filledParameters = check(
  'an array of {name, label, value} strings',
  (v) => Array.isArray(v) && v.every((p) => isObject(p) && nonEmpty(p.name) && str(p.label) && str(p.value)),
);
const mode = check('{dryRun, readonly} booleans', (v) => isObject(v) && bool(v.dryRun) && bool(v.readonly));
const response = check('a delivery response object or null', (v) => v === null || isObject(v));

// Every field of an event, optional ones included: a field added later is wrapped in
// optional() (absent in older journals, checked when present), and leaving one out does not compile.
type FieldsOf<T extends IncidentEventType> = Exclude<keyof Extract<IncidentEvent, { type: T }>, keyof EventBase | 'type'>;
type Schemas = { [T in IncidentEventType]: Record<FieldsOf<T>, Check> };

const stepFields = { stepId: nonEmpty, note: nullable(str) };

const schemas: Schemas = {
  'incident.opened': {
    incidentId: nonEmpty,
    title: str,
    runbookPath: str,
    runbookHash: str,
    runbook,
    service: nullable(str),
    severity: str,
    detectedAt: nullable(time),
    impactStartedAt: nullable(time),
    commander: str,
    escalationFrom: oneOf('detection', 'open'),
    updateCadenceMinutes: minutes,
    mode,
  },
  'step.checked': stepFields,
  'step.unchecked': stepFields,
  'step.skipped': stepFields,
  'note.added': { text: str },
  'status.changed': { from: status, to: oneOf('investigating', 'identified', 'monitoring') },
  'severity.changed': { from: str, to: str },
  'commander.changed': { from: str, to: str },
  'parameter.set': { name: nonEmpty, value: str, secret: optional(bool) },
  'command.requested': { stepId: str, commandId: str, template: str, risk: oneOf('read', 'change', 'destructive') },
  'command.confirmed': {
    requestSeq: positive,
    script: str,
    confirmation: oneOf('key', 'yes', 'typed'),
    kubeContext: nullable(str),
    kubeNamespace: nullable(str),
    dryRun: bool,
  },
  'command.cancelled': { requestSeq: positive, reason: str },
  'command.started': {
    requestSeq: positive,
    pid: nullable(int),
    cwd: str,
    script: str,
    kubeContext: nullable(str),
    outputFile: str,
    pgid: optional(positive),
    procStart: optional(nat),
    bootId: optional(str),
    runToken: optional(str),
    detach: optional(bool),
    interactive: optional(bool),
  },
  'command.finished': {
    requestSeq: positive,
    exitCode: nullable(int),
    signal: nullable(str),
    durationMs: minutes,
    outputFile: nullable(str),
    outputBytes: nat,
    outputSha256: nullable(str),
    timedOut: bool,
    cancelled: bool,
    dryRun: bool,
    error: nullable(str),
    tail: strings,
    outcome: optional(oneOf('unknown')),
    reason: optional(str),
    interactive: optional(bool),
  },
  'flag.toggled': {
    stepId: str,
    flag: str,
    value: str,
    via: oneOf('command', 'http', 'manual', 'dry-run'),
    ok: bool,
    detail: nullable(str),
  },
  'flag.requested': { stepId: str, flag: str, value: str, via: flagVia, script: str, current: optional(nullable(str)) },
  'flag.confirmed': { requestSeq: positive, script: str, dryRun: bool },
  'flag.started': {
    requestSeq: positive,
    pid: nullable(int),
    outputFile: str,
    pgid: optional(positive),
    procStart: optional(nat),
    bootId: optional(str),
    runToken: optional(str),
  },
  'flag.cancelled': { requestSeq: positive, reason: str },
  'flag.finished': {
    requestSeq: positive,
    via: oneOf('command', 'http', 'manual', 'dry-run'),
    ok: bool,
    detail: nullable(str),
    outputFile: nullable(str),
    outcome: optional(oneOf('unknown')),
  },
  'escalation.fired': {
    level: nat,
    afterMinutes: nullable(minutes),
    action: oneOf('page', 'notify', 'escalate'),
    target: str,
    dueAt: nullable(time),
    late: bool,
    manual: bool,
  },
  'update.due': { kind: updateKind, dueAt: time },
  'update.posted': {
    kind: updateKind,
    text: str,
    fields: stringRecord,
    nextUpdateMinutes: nullable(minutes),
    deliveryIds: strings,
  },
  'delivery.requested': {
    deliveryId: nonEmpty,
    destination: oneOf('slack', 'pagerduty', 'pagerduty-rest', 'file', 'statuspage'),
    kind: oneOf('alert', 'headline', 'update', 'public', 'page', 'resolution', 'pager.trigger', 'pager.resolve', 'pd.acknowledge', 'pd.note', 'pd.resolve', 'status.create', 'status.update'),
    payload: object,
    parentDeliveryId: nullable(str),
  },
  'delivery.attempted': { deliveryId: nonEmpty, attempt: positive },
  'delivery.delivered': { deliveryId: nonEmpty, attempt: positive, response },
  'delivery.failed': { deliveryId: nonEmpty, attempt: positive, error: str, retryable: bool, retryAt: nullable(time) },
  'incident.acknowledged': { by: nonEmpty, via: oneOf('operator', 'pagerduty') },
  'role.assigned': { role: oneOf('operations', 'communications', 'scribe'), to: nonEmpty, from: nullable(str) },
  'approval.requested': { requestSeq: positive, stepId: str, commandId: str, script: str, risk: str, reason: str, where: optional(str) },
  'approval.decided': { requestSeq: positive, approved: bool, reason: nullable(str) },
  'operator.left': { operator: nonEmpty },
  'operator.returned': { operator: nonEmpty, leftSeq: positive },
  'incident.resolved': { from: status, summary: nullable(str) },
  'incident.reopened': { reason: nullable(str) },
  'alert.linked': {
    source: oneOf('alertmanager', 'pagerduty'),
    fingerprint: nonEmpty,
    name: nonEmpty,
    labels: stringRecord,
    annotations: stringRecord,
    startsAt: time,
    generatorURL: nullable(str),
    filled: filledParameters,
    pagerdutyUrl: nullable(str),
  },
  'alert.changed': { fingerprint: nonEmpty, firing: bool },
  'alert.related': { fingerprint: nonEmpty, name: nonEmpty, labels: stringRecord, startsAt: time },
  'alert.silenced': { silenceId: nonEmpty, matchers: strings, endsAt: time, comment: str },
  'alert.silence-expired': { silenceId: nonEmpty },
  'journal.repaired': { how: oneOf('torn-tail', 'repair'), lines: repairedLines, damagedFile: str, seqGaps },
};

const base: Record<keyof EventBase, Check> = { seq: positive, at: time, actor: nonEmpty };

interface TypeChecks {
  entries: [string, Check][];
  names: string[];
  checks: Check[];
  /** Compiled when an event of the type is first checked: a new incident's start meets three types, not sixty. */
  run: FieldsCheck | null;
}

// Built once: the journal reader validates every line of every journal it opens.
const fieldChecks = new Map<string, TypeChecks>(
  Object.entries(schemas).map(([type, fields]) => {
    const entries = Object.entries({ ...base, ...fields } as Record<string, Check>);
    return [type, { entries, names: entries.map(([name]) => name), checks: entries.map(([, valid]) => valid), run: null }];
  }),
);

/** True when `type` names an event this version knows. */
export function isKnownEventType(type: unknown): type is IncidentEventType {
  return typeof type === 'string' && fieldChecks.has(type);
}

/**
 * Checks that a parsed JSON value is a well-formed event of a known type. Returns one line
 * saying what is wrong (`seq 12 (step.checked): stepId must be a non-empty string`), or null.
 * Unknown extra fields are allowed, so journals written by a later version with additive
 * fields still read.
 */
export function validateEvent(value: unknown): string | null {
  if (!isObject(value)) return 'event is not a JSON object';
  const { type } = value;
  if (typeof type !== 'string') return 'event has no type';
  const known = fieldChecks.get(type);
  if (known === undefined) return `unknown event type ${JSON.stringify(type)}`;
  const at = (known.run ??= compileFieldsCheck(known.entries))(value, known.checks);
  if (at === -1) return null;
  if (at >= 0) return `${where(value, type)}: missing ${known.names[at]}`;
  return `${where(value, type)}: ${known.names[-2 - at]} must be ${known.checks[-2 - at]!.describe}`;
}

/** `seq 12 (step.checked)`: built only for a line that is wrong. */
function where(value: Record<string, unknown>, type: string): string {
  return Number.isSafeInteger(value.seq) ? `seq ${String(value.seq)} (${type})` : type;
}

