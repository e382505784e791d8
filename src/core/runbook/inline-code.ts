// Inline code in prose: a command to run (`Command: \`kubectl get deployments\``, "run
// `systemctl restart nginx`"), a query to copy (`env:prod status:error`), or a reference to a
// command the sentence talks about ("If `ceph status` is not HEALTH_OK", "(i.e. `gcloud compute
// snapshot ...`)", "`kubectl apply/create/delete/patch` commands"), which is not a step.
import { promptLength, startsWithKnownCli } from './prompts.ts';

/** Words just before the code that make it something the sentence mentions, not asks to run. */
const MENTIONED_AFTER = /(?:\b(?:if|whether|unless|such as|like|than|same as|instead of|unlike|whose)|\b[ie]\.[eg]\.,?)\s*\(?\s*$/i;
/** Words just after it that describe it: "`x` is not HEALTH_OK", "`x` commands", "`x` output". */
const DESCRIBED_BY = /^\s*(?:(?:is|are|was|were|returns?|shows?|reports?|prints?|fails?|failed|succeeds?|works?|outputs?|commands?|calls?|output|results?)\b|'s\b|\u2019s\b)/i; // ’s (escapes: the bundle stays ASCII)

/**
 * Inline code is a command when the text just before it labels it (`Command:`, `run`) or when
 * it starts with a well-known CLI and has arguments; other inline code with spaces or colons
 * is a query the operator can copy (`env:prod service:api status:error`). CLI-looking code the
 * sentence only mentions, or that is not complete (`...`, `apply/create`), is neither.
 */
export function classifyInlineCode(code: string, textBefore: string, textAfter = ''): 'command' | 'query' | 'none' {
  const trimmed = oneLine(code);
  if (!trimmed) return 'none';
  // "Leave the node: `exit`": it ends the shell the runbook opened, so it must be seen.
  if (/^(exit|logout|quit|\\q)$/.test(trimmed)) return 'command';
  // `export NS=prod`, `NAMESPACE=<ns>`: a runbook variable (upper case, as shell variables are; `replicas=3` is prose).
  if (/^(?:export\s+[A-Za-z_]\w*|[A-Z_][A-Z0-9_]*)=\S/.test(trimmed)) return 'command';
  // `Command: x` labels strongly (even one word); `run x` only when x has arguments.
  const labelledStrongly = /(?:\bcommands?|\brun|\bexecute|\bcli)\s*:\s*$/i.test(textBefore);
  const labelled = labelledStrongly || /(?:\brun(?:ning)?|\bexecut(?:e|ing)|\btype)\s*$/i.test(textBefore);
  const prompt = promptLength(trimmed, false);
  const withoutPrompt = (prompt === null ? trimmed : trimmed.slice(prompt)).trim();
  const hasArgs = /\s/.test(withoutPrompt);
  const cliLike = (startsWithKnownCli(withoutPrompt) && hasArgs) || (labelledStrongly && /^[\w./-]+$/.test(withoutPrompt)) || (labelled && hasArgs && /^[\w./-]+\s/.test(withoutPrompt));
  if (cliLike) return isReference(withoutPrompt, textBefore, textAfter, labelled) ? 'none' : 'command';
  if (hasArgs || /\w:\S/.test(trimmed)) return 'query';
  return 'none';
}

/** The sentence mentions the command rather than asking for it to run. */
function isReference(code: string, before: string, after: string, labelled: boolean): boolean {
  // Not runnable as written: an ellipsis, or alternatives in one word (`apply/create/delete`).
  if (/\.\.\.|\u2026/.test(code) || /^\S+\s+[a-z-]+(?:\/[a-z-]+)+(?:\s|$)/.test(code)) return true; // …
  if (DESCRIBED_BY.test(after)) return true;
  // A conditional clause: "If `x` ..., run `y`": x is the condition, y the step.
  const sentence = before.split(/[.!?:;\n]\s|,\s*(?:then\s+)?/).at(-1) ?? before;
  if (/^\s*(?:if|when|whether|unless|once|in case)\b/i.test(sentence) && !/,\s*$/.test(before)) return true;
  return !labelled && MENTIONED_AFTER.test(before);
}

/** Inline code that wraps onto the next source line is one command: the line break is a space. */
export function oneLine(code: string): string {
  return code.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Strips a prompt from inline code like `$ kubectl get pods`. */
export function stripInlinePrompt(code: string): string {
  const trimmed = oneLine(code);
  const prompt = promptLength(trimmed, false);
  return prompt === null ? trimmed : trimmed.slice(prompt).trim();
}
