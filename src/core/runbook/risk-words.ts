// What every risk table shares: the verdict type, how verdicts combine, and reading the words
// of a command (flags, their values, the positional words a sub-command is made of).
import type { ShellWord } from './shell-syntax.ts';
import type { Risk } from './types.ts';

export interface Verdict {
  risk: Risk;
  /** Names program and sub-command: `kubectl drain`, `gsutil rm`, `etcdctl member remove`. */
  reason: string;
  /** What a destructive command acts on, as written (`sts/thanos-store-0`, `<pod-name>`), if known. */
  target: string | null;
}

export const RANK: Record<Risk, number> = { read: 0, change: 1, destructive: 2 };

export const read = (reason: string): Verdict => ({ risk: 'read', reason, target: null });
export const change = (reason: string): Verdict => ({ risk: 'change', reason, target: null });
export const destructive = (reason: string, target: string | null = null): Verdict => ({ risk: 'destructive', reason, target });
export const verdict = (risk: Risk, reason: string, target: string | null = null): Verdict => ({ risk, reason, target });

/** The worse of two verdicts; on a tie the first (it came first in the script). */
export function worse(a: Verdict | null, b: Verdict | null): Verdict | null {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.risk] > RANK[a.risk] ? b : a;
}

/** Runs classify for everything a wrapper or runner ran, naming the runner in the reason. */
export function via(inner: Verdict, runner: string): Verdict {
  return { ...inner, reason: `${inner.reason} via ${runner}` };
}

/**
 * Context handed to every classifier: how to classify a nested shell string or argv (the
 * runners call back into risk.ts), and the text other commands feed a SQL client's stdin.
 */
export interface RiskContext {
  /** Classify a shell string (sh -c, ssh host 'cmd', watch 'cmd'); depth-bounded. */
  script(text: string): Verdict;
  /** Classify an argument vector (kubectl exec POD -- cmd, find -exec cmd, xargs cmd). */
  argv(words: ShellWord[]): Verdict;
  /** Heredoc and echo text elsewhere in the same script (what may reach a client's stdin). */
  pipedText: string[];
}

export type Classifier = (args: ShellWord[], program: string, ctx: RiskContext) => Verdict;

export const isFlag = (w: ShellWord | undefined): boolean => w !== undefined && !w.quoted && w.value.startsWith('-') && w.value !== '-';

/** Does `--name` or `-n` (also `--name=x`, `-n5`, combined `-abn`) occur before `--`? */
export function hasFlag(args: ShellWord[], ...names: string[]): boolean {
  for (const w of args) {
    if (w.value === '--') return false;
    if (!isFlag(w)) continue;
    for (const name of names) {
      if (w.value === name || w.value.startsWith(`${name}=`)) return true;
      // `-rf` holds `-r` and `-f`: single-letter flags combine.
      if (name.length === 2 && !w.value.startsWith('--') && w.value.slice(1).includes(name[1] ?? '')) return true;
    }
  }
  return false;
}

/** The value of `--name x` / `--name=x` / `-n x` / `-nx`, or null. */
export function flagValue(args: ShellWord[], ...names: string[]): ShellWord | null {
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (!w || w.value === '--') return null;
    for (const name of names) {
      if (w.value === name) return args[i + 1] ?? null;
      if (w.value.startsWith(`${name}=`)) return { ...w, value: w.value.slice(name.length + 1), raw: w.raw.slice(w.raw.indexOf('=') + 1) };
      if (name.length === 2 && !name.startsWith('--') && w.value.startsWith(name) && w.value.length > 2 && !w.value.startsWith('--')) {
        return { ...w, value: w.value.slice(2), raw: w.raw.slice(2) };
      }
    }
  }
  return null;
}

/** Positional words (not flags), skipping the values of flags in `valueFlags`. Stops at `--`. */
export function positionals(args: ShellWord[], valueFlags: ReadonlySet<string> = new Set()): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (!w) break;
    if (w.value === '--' && !w.quoted) break;
    if (isFlag(w)) {
      if (!w.value.includes('=') && valueFlags.has(w.value)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Index just after `--` (the command a runner runs), or -1. */
export function afterDoubleDash(args: ShellWord[]): number {
  const at = args.findIndex((w) => w.value === '--' && !w.quoted);
  return at < 0 ? -1 : at + 1;
}

/** Lower-cased values: tables match sub-commands case-insensitively. */
export const lower = (words: ShellWord[]): string[] => words.map((w) => w.value.toLowerCase());

/** A short, readable target: `deployment/api-service` → `api-service`, `gs://b/x/` → `x`. */
export function targetName(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const trimmed = raw.replace(/^['"]|['"]$/g, '').replace(/\/+$/, '');
  const last = trimmed.split('/').pop();
  return last || trimmed || null;
}

/**
 * The last positional word as the target of a destructive sub-command. A computed word (`$i`,
 * `{}`) names nothing the operator could type; a placeholder is filled in before it is asked.
 */
export function lastTarget(words: ShellWord[]): string | null {
  const last = words.at(-1);
  if (!last || last.dynamic || last.value === '{}') return null;
  return targetName(last.raw);
}

/** `delete-stack`, `terminate-instances`, `remove-x`: does the word start with one of the prefixes? */
export const startsWithAny = (word: string, prefixes: readonly string[]): boolean => prefixes.some((p) => word.startsWith(p));
