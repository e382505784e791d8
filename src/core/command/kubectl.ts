// Recognising kubectl commands: whether to show the cluster context in the confirmation dialog,
// and whether a server-side dry run can preview the command first.
import { parse } from 'shell-quote';

/** `kubectl` as a command word: at a line start or after a separator, not `my-kubectl`. */
const KUBECTL_WORD = /(^|[\s;&|(`]|\$\()kubectl(?=\s|$)/m;

export function usesKubectl(script: string): boolean {
  return KUBECTL_WORD.test(script);
}

/** Global flags that take their value as the next word (`-n prod`, `--context x`). */
const FLAGS_WITH_VALUE = new Set([
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--request-timeout',
  '-l',
  '--selector',
  '-f',
  '--filename',
  '-o',
  '--output',
]);

/**
 * Mutating verbs whose kubectl help lists `--dry-run=server` (checked against kubectl 1.32).
 * `rollout restart/pause/resume` and `edit` have no dry run, so they get no preview.
 */
const ONE_WORD_VERBS = new Set([
  'apply',
  'create',
  'delete',
  'patch',
  'replace',
  'scale',
  'annotate',
  'label',
  'drain',
  'cordon',
  'uncordon',
  'taint',
  'autoscale',
  'expose',
  'run',
]);
const TWO_WORD_VERBS = new Set(['rollout undo', 'set image', 'set env', 'set resources', 'set selector', 'set serviceaccount']);

/** The words of a single simple command, or null when the script is more than that. */
function simpleCommandWords(script: string): string[] | null {
  // Backslash-newline continuations are one command; any other newline is a second command.
  const joined = script.replace(/\\\r?\n/g, ' ').trim();
  if (joined === '' || /[\r\n]/.test(joined)) return null;
  // Keep `$VAR` as written: we only need the shape, not the expansion.
  const tokens = parse(joined, (name) => `$${name}`);
  const words: string[] = [];
  for (const token of tokens) {
    // Any operator (; && | > $( ...), glob or comment means more than one plain command.
    if (typeof token !== 'string') return null;
    words.push(token);
  }
  return words;
}

/** The kubectl verb (one or two words) after skipping global flags, or null. */
function kubectlVerb(words: readonly string[]): { verb: string; rest: string[] } | null {
  if (words[0] !== 'kubectl') return null;
  const positional: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-')) {
      if (!word.includes('=') && FLAGS_WITH_VALUE.has(word)) i += 1;
      continue;
    }
    positional.push(word);
  }
  const [first, second] = positional;
  if (first === undefined) return null;
  if (second !== undefined && TWO_WORD_VERBS.has(`${first} ${second}`)) {
    return { verb: `${first} ${second}`, rest: positional.slice(2) };
  }
  return { verb: first, rest: positional.slice(1) };
}

/**
 * The same command with `--dry-run=server` added, when it is one mutating kubectl command that
 * supports it; null otherwise. A script with pipes, `&&`, several lines or redirections gets no
 * preview, because running it "as a preview" would run the other parts for real.
 */
export function dryRunPreview(script: string): string | null {
  const words = simpleCommandWords(script);
  if (!words) return null;
  // After `--` flags are passed to another program; one existing --dry-run says the author chose.
  if (words.includes('--') || words.some((w) => w === '--dry-run' || w.startsWith('--dry-run='))) return null;
  const found = kubectlVerb(words);
  if (!found) return null;
  if (!ONE_WORD_VERBS.has(found.verb) && !TWO_WORD_VERBS.has(found.verb)) return null;
  return `${script.replace(/[\s\\]+$/, '')} --dry-run=server`;
}

/**
 * The object a kubectl command acts on, for the typed confirmation word:
 * `deployment/api-service` → `api-service`, `scale deployment api-service` → `api-service`.
 */
export function kubectlTarget(script: string): string | null {
  const words = simpleCommandWords(script);
  if (!words) return null;
  const found = kubectlVerb(words);
  if (!found) return null;
  const slashed = found.rest.find((w) => /^[a-z.]+\/[A-Za-z0-9._-]+$/.test(w));
  if (slashed) return slashed.slice(slashed.indexOf('/') + 1);
  // `kubectl delete pod web-1`: kind then name.
  const name = found.rest[1];
  return name !== undefined && /^[A-Za-z0-9._-]+$/.test(name) ? name : null;
}
