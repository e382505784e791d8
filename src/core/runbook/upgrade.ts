// Old journals snapshot the runbook as the parser of their day produced it. Before that parser
// knew contexts, variables and referrals, none of those fields existed: an old incident must
// still open, so the snapshot is filled with what it meant then (every command local, no
// variables), never re-parsed (the file may have changed since).
import { LOCAL } from './contexts.ts';
import { confirmFor } from './risk.ts';
import type { ExecutionContext, Risk, Runbook, RunbookCommand, RunbookSection, RunbookStep } from './types.ts';

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const RISKS: readonly Risk[] = ['read', 'change', 'destructive'];
const CONTEXT_KINDS = new Set(['local', 'node', 'pod', 'toolbox', 'ssh', 'root', 'repl', 'unknown']);

/**
 * A runbook snapshot from any version of the journal, as the current model. Fields it lacks
 * get their old meaning (context local, not interactive, no variables, no notes); what it has
 * is kept as it was. Never throws on the shapes old parsers wrote.
 */
export function upgradeRunbook(snapshot: unknown): Runbook {
  const r = isObject(snapshot) ? snapshot : {};
  const sections = array(r.sections).filter(isObject).map(upgradeSection);
  return {
    ...(r as unknown as Runbook),
    file: typeof r.file === 'string' ? r.file : 'runbook.md',
    title: typeof r.title === 'string' ? r.title : 'Untitled runbook',
    titleSource: r.titleSource === 'h1' || r.titleSource === 'front-matter' ? r.titleSource : 'file-name',
    titleParameters: array(r.titleParameters).filter((x): x is string => typeof x === 'string'),
    metadata: isObject(r.metadata) ? (r.metadata as Record<string, string>) : {},
    severity: typeof r.severity === 'string' ? r.severity : null,
    trigger: typeof r.trigger === 'string' ? r.trigger : null,
    frontMatter: isObject(r.frontMatter) ? r.frontMatter : {},
    sections,
    variables: array(r.variables).filter(isObject) as unknown as Runbook['variables'],
    escalation: array(r.escalation).filter(isObject) as unknown as Runbook['escalation'],
    escalationNotes: array(r.escalationNotes).filter(isObject) as unknown as Runbook['escalationNotes'],
    diagnostics: array(r.diagnostics).filter(isObject) as unknown as Runbook['diagnostics'],
  };
}

function upgradeSection(s: Loose): RunbookSection {
  return { ...(s as unknown as RunbookSection), steps: array(s.steps).filter(isObject).map(upgradeStep) };
}

function upgradeStep(s: Loose): RunbookStep {
  return {
    ...(s as unknown as RunbookStep),
    children: array(s.children).filter(isObject).map(upgradeStep),
    commands: array(s.commands).filter(isObject).map(upgradeCommand),
    variables: array(s.variables).filter((x): x is string => typeof x === 'string'),
    queries: array(s.queries).filter(isObject) as unknown as RunbookStep['queries'],
    action: isObject(s.action) ? (s.action as unknown as RunbookStep['action']) : null,
  };
}

function upgradeCommand(c: Loose): RunbookCommand {
  const risk = RISKS.includes(c.risk as Risk) ? (c.risk as Risk) : 'change';
  return {
    ...(c as unknown as RunbookCommand),
    risk,
    riskReason: typeof c.riskReason === 'string' ? c.riskReason : 'unknown',
    confirm: c.confirm === 'key' || c.confirm === 'yes' || c.confirm === 'typed' ? c.confirm : confirmFor(risk),
    parameters: array(c.parameters).filter(isObject) as unknown as RunbookCommand['parameters'],
    sampleOutput: array(c.sampleOutput).filter((x): x is string => typeof x === 'string'),
    annotations: isObject(c.annotations) ? ({ extra: {}, ...c.annotations } as RunbookCommand['annotations']) : { extra: {} },
    context: isObject(c.context) && CONTEXT_KINDS.has(String(c.context.kind)) ? (c.context as unknown as ExecutionContext) : { ...LOCAL },
    interactive: typeof c.interactive === 'boolean' ? c.interactive : false,
    variables: array(c.variables).filter((x): x is string => typeof x === 'string'),
  };
}
