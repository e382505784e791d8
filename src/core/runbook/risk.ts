// How much a command can hurt. The script is parsed as bash (shell-syntax.ts); its risk is the
// worst of every simple command it contains, wherever it sits: pipelines, lists, loop and `if`
// bodies, subshells, functions, `$(...)`, backticks, process substitution. Each simple command
// is judged by program *and* sub-command (a table per CLI), seeing through wrappers (sudo, env,
// timeout...) and runners (xargs, find -exec, kubectl exec, ssh, sh -c...). Unknown programs are
// `change`: the war room asks before running anything it cannot vouch for as read-only.
// Placeholders and quoted strings are data: `'<namespace label from alert>'` holds no verb.
import { type ParsedShell, type ShellWord, type SimpleCommand, parseShell } from './shell-syntax.ts';
import { type RiskContext, type Verdict, RANK, change, destructive, lastTarget, positionals, read, worse } from './risk-words.ts';
import { PROGRAMS } from './risk-tables.ts';
import type { ConfirmMode, Risk } from './types.ts';

export interface RiskVerdict {
  risk: Risk;
  reason: string;
}

/** Shell strings inside shell strings (`sh -c "ssh h 'bash -c ...'"`) are followed this deep. */
const MAX_DEPTH = 6;

/** Risk of a snippet: the highest risk of any simple command in it. */
export function classifyRisk(script: string): RiskVerdict {
  const { risk, reason } = scriptVerdict(script, 0);
  return { risk, reason };
}

/** What a destructive command acts on, as the word to type: `deployment/api-service` → `api-service`. */
export function destructiveTarget(script: string): string | null {
  const verdict = scriptVerdict(script, 0);
  return verdict.risk === 'destructive' ? verdict.target : null;
}

/** Default confirmation for a risk level. */
export function confirmFor(risk: Risk): ConfirmMode {
  return risk === 'read' ? 'key' : risk === 'change' ? 'yes' : 'typed';
}

/** The verdict with its target, for callers inside the runbook model. */
export function scriptVerdict(script: string, depth: number): Verdict {
  if (depth > MAX_DEPTH) return change('shell nested too deep to read');
  const parsed = parseShell(script);
  const ctx = contextFor(parsed, depth);
  let worst: Verdict | null = null;
  for (const command of parsed.commands) {
    worst = worse(worst, commandVerdict(command, ctx, depth));
    if (worst?.risk === 'destructive') break;
  }
  if (parsed.errors.length > 0) {
    // What bash rejects as a whole may still run once fixed: judge each line on its own too,
    // with a lone apostrophe (`echo it's gone; kubectl delete ns x`) read as a letter.
    if (depth === 0 && worst?.risk !== 'destructive') {
      for (const line of script.split('\n')) {
        const repaired = (line.match(/'/g)?.length ?? 0) % 2 === 1 ? line.replace(/'/g, "\\'") : line;
        if (repaired !== script) worst = worse(worst, scriptVerdict(repaired, depth + 1));
      }
    }
    if (!worst || RANK[worst.risk] < RANK.change) worst = worse(worst, change(`not valid shell (${parsed.errors[0]})`));
  }
  return worst ?? read('no command');
}

function contextFor(parsed: ParsedShell, depth: number): RiskContext {
  // What other commands of the script could feed a client's standard input: heredocs, echo.
  const pipedText: string[] = [];
  for (const command of parsed.commands) {
    if (command.stdin !== null) pipedText.push(command.stdin);
    const program = command.words[0]?.value;
    if ((program === 'echo' || program === 'printf') && command.words.length > 1) pipedText.push(command.words.slice(1).map((w) => w.value).join(' '));
  }
  const ctx: RiskContext = {
    script: (text) => scriptVerdict(text, depth + 1),
    argv: (words) => argvVerdict(words, ctx, depth + 1),
    pipedText,
  };
  return ctx;
}

function commandVerdict(command: SimpleCommand, ctx: RiskContext, depth: number): Verdict | null {
  const own: RiskContext = command.stdin === null ? ctx : { ...ctx, pipedText: [command.stdin] };
  const argv = command.words.length > 0 ? argvVerdict(command.words, own, depth) : null;
  return worse(argv, redirectVerdict(command));
}

const HARMLESS_TARGETS = /^(\/dev\/(null|stdout|stderr|tty|fd\/\d+)|&?-|&?\d+)$/;

/** `... > file` writes a file whatever the program. */
function redirectVerdict(command: SimpleCommand): Verdict | null {
  for (const r of command.redirects) {
    if (!['>', '>>', '>|', '&>', '&>>', '<>', '>&'].includes(r.operator)) continue;
    if (r.target === null || HARMLESS_TARGETS.test(r.target)) continue;
    return change(`writes a file (${r.operator} ${r.target})`);
  }
  return null;
}

/** Risk of one program with its arguments. */
export function argvVerdict(words: ShellWord[], ctx: RiskContext, depth: number): Verdict {
  if (depth > MAX_DEPTH * 4) return change('commands nested too deep to read');
  const [first, ...args] = words;
  if (!first) return read('no command');
  if (first.placeholder || first.dynamic) return change(`unknown program ${first.raw}`);
  const program = first.value.replace(/^.*\//, '');
  const classifier = PROGRAMS.get(program) ?? PROGRAMS.get(program.toLowerCase());
  if (classifier) return classifier(args, program, ctx);
  return unknownProgram(program, args);
}

const DESTRUCTIVE_VERBS = new Set(['delete', 'destroy', 'drain', 'terminate', 'purge', 'wipe', 'flushall', 'flushdb', 'uninstall', 'prune', 'nuke', 'remove', 'rm', 'erase', 'drop', 'truncate', 'reset', 'decommission', 'removenode']);

/**
 * A program no table knows: never read. A destructive verb among its first words still counts
 * (`patronictl remove`, `mytool delete x`), so an unknown tool cannot hide one.
 */
function unknownProgram(program: string, args: ShellWord[]): Verdict {
  const words = positionals(args);
  for (const [i, w] of words.slice(0, 3).entries()) {
    const verb = w.value.toLowerCase();
    if (!w.quoted && !w.placeholder && (DESTRUCTIVE_VERBS.has(verb) || /^(delete|destroy|terminate|purge|remove)-/.test(verb))) {
      return destructive(`${program} ${words.slice(0, i + 1).map((x) => x.value).join(' ')}`, lastTarget(words.slice(i + 1)));
    }
  }
  return change(`unrecognised command ${program}`);
}
