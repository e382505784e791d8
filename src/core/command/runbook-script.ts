// What a runbook command really runs: the command as written, with the runbook variables it uses
// set before it the way the operator's shell session would have carried them (`PVC_NAME='x'`
// typed three lines earlier), wrapped for the place it is meant to run (composeInContext). One
// pure function, so the dialog shows and the flow runs the same text. A command whose place
// has no non-interactive form is never run here: `manual` says where to type it instead.
import { composeInContext, describeContext } from '../runbook/compose.ts';
import { findPlaceholders } from '../runbook/placeholders.ts';
import type { ExecutionContext, Placeholder, Risk, Runbook, RunbookCommand, RunbookVariable } from '../runbook/types.ts';
import { quoteWord } from './shell-quote.ts';
import { fillParameters } from './substitute.ts';

export interface ScriptNotice {
  text: string;
  tone: 'info' | 'warn';
}

export interface RunbookScript {
  /** What runs, with the values so far (unfilled placeholders as written). */
  script: string;
  /** Every placeholder to ask for, once, in order: the command's, its variables' and its context's. */
  placeholders: Placeholder[];
  missing: string[];
  /** Set when the command cannot be run from here: where to type it, and what. */
  manual: { where: string; script: string } | null;
  /** `NAME=$(read command)` variables without a value yet: computed before the dialog opens. */
  compute: RunbookVariable[];
  risk: Risk;
  riskReason: string;
  notices: ScriptNotice[];
}

const RANK: Record<Risk, number> = { read: 0, change: 1, destructive: 2 };

const same = (a: ExecutionContext, b: ExecutionContext) => JSON.stringify(a) === JSON.stringify(b);

/** The definitions a command sees, earliest first: for each name, the latest one above it (and what those use). */
export function variablesFor(runbook: Runbook, command: RunbookCommand): RunbookVariable[] {
  const line = command.position.start.line;
  const latest = (name: string): RunbookVariable | undefined => {
    const defs = runbook.variables.filter((v) => v.name === name);
    return defs.filter((v) => v.position.start.line <= line).at(-1) ?? defs[0];
  };
  const chosen = new Set<RunbookVariable>();
  const visit = (name: string, depth: number) => {
    const def = latest(name);
    if (!def || chosen.has(def) || depth > 20) return;
    chosen.add(def);
    for (const used of def.variables) visit(used, depth + 1);
  };
  for (const name of command.variables) visit(name, 0);
  return runbook.variables.filter((v) => chosen.has(v));
}

/** Where the words that open a context sit: their placeholders run on this side and must be asked for. */
function contextWords(context: ExecutionContext): string[] {
  const words: string[] = [];
  for (let at = context; at.kind !== 'local'; at = at.outer) {
    if (at.kind === 'node') words.push(at.node, ...at.flags);
    if (at.kind === 'pod' || at.kind === 'toolbox') words.push(at.pod ?? '', at.namespace ?? '', at.container ?? '', at.shell, ...at.flags);
    if (at.kind === 'ssh') words.push(at.host, ...at.options);
    if (at.kind === 'root') words.push(at.user ?? '');
    if (at.kind === 'repl') words.push(...at.command);
  }
  return words.filter((w) => w !== '');
}

function uniqueByName(list: readonly Placeholder[]): Placeholder[] {
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

export function runbookScript(runbook: Runbook, command: RunbookCommand, values: Readonly<Record<string, string | undefined>>, options: { computeReads: boolean }): RunbookScript {
  const known = new Set(runbook.variables.map((v) => v.name));
  const notices: ScriptNotice[] = [];
  const compute: RunbookVariable[] = [];
  let risk = command.risk;
  let riskReason = command.riskReason;
  const inner: string[] = [];
  const outer: string[] = [];
  const asked: Placeholder[] = [...command.parameters];
  for (const def of variablesFor(runbook, command)) {
    if (def.secret) {
      notices.push({ text: `$${def.name} holds a secret: warroom never records it; set it in your environment before running`, tone: 'warn' });
      continue;
    }
    const here = same(def.context, command.context) ? inner : def.context.kind === 'local' ? outer : null;
    if (here === null) {
      notices.push({ text: `$${def.name} is set in another shell by the runbook; it is not supplied here`, tone: 'warn' });
      continue;
    }
    const prefix = def.exported ? 'export ' : '';
    const value = values[def.name];
    if (def.fromCommand !== null && value !== undefined) {
      here.push(`${prefix}${def.name}=${quoteWord(value)}`);
      continue;
    }
    if (def.fromCommand !== null && def.fromCommandRisk === 'read' && def.context.kind === 'local' && options.computeReads) compute.push(def);
    if (def.fromCommand !== null && def.fromCommandRisk !== null && RANK[def.fromCommandRisk] > RANK[risk]) {
      risk = def.fromCommandRisk;
      riskReason = `$${def.name} is computed by \`${def.fromCommand}\``;
    }
    asked.push(...def.parameters);
    // `'<claim from alert>'`: the answer is the whole value, quoted once (not `'''x'''`).
    const whole = /^(['"]?)(<[^<>]+>)\1$/.exec(def.value)?.[2];
    const only = whole === undefined ? undefined : def.parameters.find((p) => p.raw === whole);
    const answer = only ? values[only.name] : undefined;
    here.push(`${prefix}${def.name}=${answer ? quoteWord(answer) : def.value}`);
  }
  asked.push(...contextWords(command.context).flatMap((w) => findPlaceholders(w, known)));
  const placeholders = uniqueByName(asked);
  const local = command.context.kind === 'local';
  const innerScript = fillParameters([...inner, ...(local ? outer : []), command.script].join('\n'), placeholders, values);
  const missing = [...innerScript.missing];
  const outerScript = fillParameters(local ? '' : outer.join('\n'), placeholders, values);
  for (const name of outerScript.missing) if (!missing.includes(name)) missing.push(name);
  for (const p of placeholders) if (!missing.includes(p.name) && !values[p.name] && contextWords(command.context).some((w) => w.includes(p.raw))) missing.push(p.name);
  const composition = local ? { kind: 'composed' as const, script: innerScript.script } : composeInContext(innerScript.script, command.context, values);
  if (composition.kind === 'manual') {
    return { script: composition.script, placeholders, missing, manual: { where: composition.where, script: composition.script }, compute, risk, riskReason, notices };
  }
  const script = outerScript.script ? `${outerScript.script}\n${composition.script}` : composition.script;
  if (!local) notices.unshift({ text: `meant to run ${describeContext(command.context)}: this is the command that runs it there from here`, tone: 'info' });
  if (inner.length + outer.length > 0) notices.unshift({ text: 'the runbook variables it uses are set on the first lines, as your shell session would carry them', tone: 'info' });
  return { script, placeholders, missing, manual: null, compute, risk, riskReason, notices };
}
