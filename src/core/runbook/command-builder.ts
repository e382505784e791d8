// One command of the model from its script and where it runs: risk (in the language of its
// context: SQL in psql, Redis commands in redis-cli), confirmation, parameters, the runbook
// variables it uses, and whether it needs the terminal.
import { composeInContext } from './compose.ts';
import { needsTerminal } from './contexts.ts';
import { findPlaceholders, referencedNames } from './placeholders.ts';
import { confirmFor, scriptVerdict } from './risk.ts';
import { classifyMongo, classifyRedisLines, classifyRuby, classifySql } from './risk-sql.ts';
import { RANK, type Verdict } from './risk-words.ts';
import type { CommandAnnotations, ExecutionContext, Placeholder, RunbookCommand, SourceRange } from './types.ts';

export interface CommandInput {
  id: string;
  script: string;
  language: string | null;
  origin: RunbookCommand['origin'];
  sampleOutput: string[];
  annotations: CommandAnnotations;
  position: SourceRange;
  context: ExecutionContext;
}

export interface BuiltCommand {
  command: RunbookCommand;
  /** The risk the script shows, before any annotation (for the annotation-lowers-risk check). */
  detected: Verdict;
}

/**
 * Risk of a script where it runs. In a console it is that console's language; in a shell
 * context it is the script's, and at least that of the command that runs it there (the
 * composed `oc debug node/X -- chroot /host sh -c '...'`).
 */
export function verdictInContext(script: string, context: ExecutionContext): Verdict {
  let own: Verdict;
  if (context.kind === 'repl') {
    const client = context.program;
    own = context.language === 'sql' ? classifySql(script, client)
      : context.language === 'redis' ? classifyRedisLines(script, client)
        : context.language === 'mongo' ? classifyMongo(script, client)
          : classifyRuby(script, client);
  } else own = scriptVerdict(script, 0);
  if (context.kind === 'local') return own;
  const composed = composeInContext(script, context);
  if (composed.kind !== 'composed') return own;
  const wrapped = scriptVerdict(composed.script, 0);
  // The inner reason says what happens; the wrapper only ever adds risk (its `sh -c` is ours, not the runbook's).
  return RANK[wrapped.risk] > RANK[own.risk] ? { ...wrapped, reason: wrapped.reason.replace(/ via (?:ba)?sh -c/g, '') } : own;
}

export function buildCommand(input: CommandInput, known: ReadonlySet<string>): BuiltCommand {
  const { context, annotations } = input;
  const detected = verdictInContext(input.script, context);
  const risk = annotations.risk ?? detected.risk;
  const confirm = annotations.confirm ?? confirmFor(risk);
  const contextWords = wordsOfContext(context).join(' ');
  const parameters = merge(findPlaceholders(input.script, known), findPlaceholders(contextWords, known));
  const variables = [...new Set([...referencedNames(input.script), ...referencedNames(contextWords)])].filter((name) => known.has(name));
  // `{interactive=true}`: the author knows it prompts (a script that asks a question) though nothing in it says so.
  const interactive = annotations.extra.interactive === 'true' || (context.kind === 'repl' ? false : needsTerminal(input.script));
  const target = detected.risk === 'destructive' ? detected.target : null;
  const command: RunbookCommand = {
    id: input.id,
    script: input.script,
    language: input.language,
    origin: input.origin,
    sampleOutput: input.sampleOutput,
    parameters,
    risk,
    riskReason: annotations.risk ? 'annotation' : detected.reason,
    confirm,
    confirmWord: confirm === 'typed' ? (annotations.confirmWord ?? target ?? annotations.name ?? 'confirm') : null,
    annotations: { ...annotations, extra: { ...annotations.extra } },
    context,
    interactive,
    variables,
    position: input.position,
  };
  return { command, detected };
}

/** The words of every context around a command, as written: their placeholders must be filled too. */
export function wordsOfContext(context: ExecutionContext): string[] {
  const out: string[] = [];
  for (let at = context; at.kind !== 'local'; at = at.outer) {
    if (at.kind === 'node') out.push(at.node, ...at.flags);
    else if (at.kind === 'pod' || at.kind === 'toolbox') out.push(at.pod ?? '', at.namespace ?? '', at.container ?? '', ...at.flags);
    else if (at.kind === 'ssh') out.push(at.host, ...at.options);
    else if (at.kind === 'root') out.push(at.user ?? '');
    else if (at.kind === 'repl') out.push(...at.command);
  }
  return out.filter((w) => w !== '');
}

function merge(first: Placeholder[], second: Placeholder[]): Placeholder[] {
  const seen = new Set(first.map((p) => p.raw));
  return [...first, ...second.filter((p) => !seen.has(p.raw))];
}
