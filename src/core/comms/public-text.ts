// Public text stays public. A status-page update is read by customers and subscribers: it must
// not carry a command (one of the runbook's, or anything that reads as a shell command line),
// a host name, an IP address, an internal URL, a Kubernetes resource, a server path or the name
// of a person in the incident. publicTextProblems() returns the offending words, in the order
// they appear, so the composer can refuse to send and say exactly what it found.
import type { IncidentState } from '../incident/state.ts';
import { innerCommand, isWrapper } from '../runbook/risk-runners.ts';
import { KUBE_VALUE_FLAGS } from '../runbook/risk-kube.ts';
import { positionals } from '../runbook/risk-words.ts';
import { parseShell, type ShellWord } from '../runbook/shell-syntax.ts';
import type { RunbookStep } from '../runbook/types.ts';
import { findNetworkNames } from './public-text-net.ts';

export type PublicTextProblemKind = 'command' | 'host' | 'ip' | 'url' | 'resource' | 'path' | 'person';

export interface PublicTextProblem {
  kind: PublicTextProblemKind;
  /** The words as they appear in the text. */
  word: string;
}

export interface PublicTextFacts {
  /** Every runbook command as written and every script that ran. */
  commands: readonly string[];
  /** The commander, everyone who acted, the operator. */
  people: readonly string[];
  /** `comms.internalDomains`: names under these are internal wherever they appear. */
  internalDomains?: readonly string[];
}

// Command-line programs whose names are not English words; alone they already give a command away.
const PROGRAMS = [
  'kubectl', 'helm', 'ssh', 'scp', 'sudo', 'curl', 'wget', 'systemctl', 'journalctl', 'docker', 'podman', 'psql', 'mysql',
  'mongosh', 'redis-cli', 'aws', 'gcloud', 'az', 'terraform', 'ansible', 'ansible-playbook', 'kubectx', 'kubens', 'k9s',
  'iptables', 'tcpdump', 'strace', 'grep', 'awk', 'sed', 'jq', 'xargs', 'chmod', 'chown', 'nginx', 'pg_dump', 'rsync',
];
// Programs that are also English words count only with one of their verbs.
const WORDY = { git: 'push|pull|revert|reset|checkout|rebase|log|commit|clone|fetch', npm: 'install|run|ci', rm: '-rf|-r|-f', kill: '-9|-hup|-term' };
const RESOURCE_KINDS = 'deployments?|deploy|pods?|po|statefulsets?|sts|daemonsets?|ds|svc|services?|nodes?|ns|namespaces?|configmaps?|cm|secrets?|jobs?|cronjobs?|ingress(?:es)?|replicasets?|rs|hpa|pvc';
const SYSTEM_DIRS = 'etc|var|usr|opt|tmp|home|srv|proc|sys|dev|root|mnt|run';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function steps(list: readonly RunbookStep[]): RunbookStep[] {
  return list.flatMap((s) => [s, ...steps(s.children)]);
}

/** The facts to check a public text against, from the incident as the journal has it. */
export function publicTextFacts(
  state: Pick<IncidentState, 'runbook' | 'commander'> & { commands: readonly { script: string | null }[]; actors: readonly string[] },
  extra: { operator?: string | null; internalDomains?: readonly string[] } = {},
): PublicTextFacts {
  const all = state.runbook.sections.flatMap((s) => steps(s.steps));
  const commands = [
    ...all.flatMap((s) => s.commands.map((c) => c.script)),
    ...all.flatMap((s) => s.queries.map((q) => q.text)),
    ...state.commands.flatMap((run) => (run.script ? [run.script] : [])),
  ];
  const people = [state.commander, ...state.actors, ...(extra.operator ? [extra.operator] : [])];
  return { commands: [...new Set(commands)], people: [...new Set(people)], internalDomains: extra.internalDomains ?? [] };
}

interface Hit extends PublicTextProblem {
  index: number;
}

/** `kubectl rollout`, `systemctl restart`: a runbook command's program and verb. */
function programVerbs(commands: readonly string[]): { phrases: string[]; names: string[] } {
  const phrases = new Set<string>();
  const names = new Set<string>();
  for (const script of commands) {
    for (const command of parseShell(script).commands) {
      const words = programWords(command.words);
      const program = (words[0]?.value ?? '').split('/').pop() ?? '';
      if (!/^[\w.-]{2,}$/.test(program)) continue;
      // Positionals skip flags and their values: `kubectl -n ingress get` is `kubectl get`.
      const args = positionals(words.slice(1), KUBE_VALUE_FLAGS).map((w) => w.value);
      const verb = args[0];
      if (verb && /^[a-z][\w-]*$/i.test(verb)) phrases.add(`${program} ${verb}`);
      // Names the commands act on (`deployment/api-service`, `edge-tls`) are internal too.
      for (const w of args) {
        const name = w.includes('/') && !w.startsWith('/') ? w.split('/').pop() ?? '' : w;
        if (/^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+$/i.test(name)) names.add(name);
      }
    }
  }
  return { phrases: [...phrases], names: [...names] };
}

/** The program a command line runs, seen through `sudo`, `env X=1`, `timeout 30` and the like. */
function programWords(words: ShellWord[]): ShellWord[] {
  let current = words;
  for (let depth = 0; depth < 4; depth++) {
    const program = (current[0]?.value ?? '').split('/').pop() ?? '';
    if (!isWrapper(program)) break;
    const inner = innerCommand(program, current.slice(1));
    if (!inner) break;
    current = inner;
  }
  return current;
}

function commandHits(text: string, facts: PublicTextFacts): Hit[] {
  const hits: Hit[] = [];
  // A lookahead group `(?=(...))` extends a hit without consuming it, so `sudo systemctl` and
  // `systemctl restart` are both seen (and merged). Sentence punctuation is not part of a word.
  const add = (kind: PublicTextProblemKind, re: RegExp) => {
    for (const m of text.matchAll(re)) {
      const word = (m[0] + (m[1] ?? '')).trim();
      hits.push({ kind, word: word.startsWith('`') ? word : word.replace(/[.,;:!?)]+$/, ''), index: m.index });
    }
  };
  add('command', /`[^`\n]+`/g);
  const { phrases, names } = programVerbs(facts.commands);
  for (const phrase of phrases) add('command', new RegExp(`(?<![\\w-])${phrase.split(' ').map(escape).join('\\s+')}(?![\\w-])`, 'gi'));
  add('command', new RegExp(`(?<![\\w-])(?:${PROGRAMS.map(escape).join('|')})(?![\\w-])(?=(\\s+[\\w./:=-]+)?)`, 'gi'));
  for (const [program, verbs] of Object.entries(WORDY)) add('command', new RegExp(`(?<![\\w-])${program}\\s+(?:${verbs})(?![\\w-])`, 'gi'));
  // Shell syntax no sentence needs: substitutions, variables, long flags, pipes into tools, redirects.
  add('command', /\$\([^)]*\)?|\$\{[^}]*\}?|\$[A-Z_][A-Z0-9_]*\b/g);
  add('command', /(?<!\S)--[a-z][\w-]*(?:=\S+)?/gi);
  add('command', /\|\s*(?:grep|awk|sed|jq|head|tail|sort|uniq|wc|xargs|less)\b|&&|\d?>&\d|>\s*\/\S+/g);
  add('resource', new RegExp(`(?<![\\w/])(?:${RESOURCE_KINDS})/[\\w.-]+`, 'gi'));
  add('path', new RegExp(`(?<![\\w/.])/(?:${SYSTEM_DIRS})(?:/[\\w.@-]+)+/?`, 'g'));
  for (const name of names) add('resource', new RegExp(`(?<![\\w.-])${escape(name)}(?![\\w-]|\\.\\w)`, 'gi'));
  return hits;
}

// One-word names that are also everyday words count only as a name: capitalised, mid-sentence.
const WORD_NAMES = new Set(['will', 'may', 'mark', 'bill', 'max', 'rob', 'pat', 'art', 'dawn', 'eve', 'grace', 'hope', 'joy', 'june', 'april', 'august', 'rose', 'ray', 'jack', 'frank', 'guy', 'nick', 'gene', 'chase', 'miles', 'summer', 'faith', 'page', 'chip', 'sue', 'don', 'tim']);

function personHits(text: string, people: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  for (const person of people) {
    const bare = person.replace(/^@/, '').trim();
    if (bare.length < 2 || bare.toLowerCase() === 'system') continue;
    // `alice.smith` is also written `Alice Smith`.
    const parts = bare.split(/[\s._-]+/).filter(Boolean);
    const body = parts.map(escape).join('[\\s._-]+');
    const everyday = parts.length === 1 && WORD_NAMES.has(bare.toLowerCase());
    const re = everyday
      ? new RegExp(`(?<=[\\w,;:]\\s+)${escape(bare[0]?.toUpperCase() ?? '')}${escape(bare.slice(1).toLowerCase())}(?![\\w-])|@${escape(bare)}(?![\\w-])`, 'g')
      : new RegExp(`(?<![\\w.-])@?${body}(?![\\w-])`, 'gi');
    for (const m of text.matchAll(re)) hits.push({ kind: 'person', word: m[0], index: m.index });
  }
  // Any mention: `@alice`, Slack's `<@U123>`, `<!here>`, `<!subteam^S1>` (an email address is not one).
  for (const m of text.matchAll(/(?<![\w.])@[a-z][\w.-]*\w|<[@!][^>\s]+>/gi)) hits.push({ kind: 'person', word: m[0], index: m.index });
  return hits;
}

/** The words of `text` that must not go public, each once, in reading order. */
export function publicTextProblems(text: string, facts: PublicTextFacts): PublicTextProblem[] {
  const hits = [...commandHits(text, facts), ...findNetworkNames(text, facts.internalDomains ?? []), ...personHits(text, facts.people)];
  hits.sort((a, b) => a.index - b.index || b.word.length - a.word.length);
  // Overlapping hits are one finding: `| grep` and `grep 500` are `| grep 500`; `kubectl`
  // inside `kubectl rollout` adds nothing.
  const merged: Hit[] = [];
  for (const hit of hits) {
    const last = merged.at(-1);
    const end = hit.index + hit.word.length;
    if (last && hit.index < last.index + last.word.length) {
      if (end > last.index + last.word.length) last.word = text.slice(last.index, end);
      continue;
    }
    merged.push({ ...hit });
  }
  const seen = new Set<string>();
  const out: PublicTextProblem[] = [];
  for (const hit of merged) {
    const key = `${hit.kind}:${hit.word.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: hit.kind, word: hit.word });
  }
  return out;
}

/** One line for the composer: `command "kubectl rollout", host "db-01.internal"`. */
export function describePublicTextProblems(problems: readonly PublicTextProblem[]): string {
  return problems.map((p) => `${p.kind} "${p.word}"`).join(', ');
}
