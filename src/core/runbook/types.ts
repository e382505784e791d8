// The runbook model: plain, serialisable data produced by the parser (parse.ts) from Markdown.
// Everything here must survive JSON.stringify/parse unchanged: it is snapshotted into the
// journal when an incident opens, so a later edit of the runbook file never rewrites history.

/** 1-based line and column, as in editors and `file:line:column` diagnostics. */
export interface SourcePoint {
  line: number;
  column: number;
}

export interface SourceRange {
  start: SourcePoint;
  end: SourcePoint;
}

/** What a section is for; drives icons, ordering hints and which steps count as mitigations. */
export type SectionKind = 'check' | 'investigate' | 'mitigate' | 'escalate' | 'rollback' | 'info';

/** How much a command can hurt. Decides how the confirmation dialog asks. */
export type Risk = 'read' | 'change' | 'destructive';

/** How the operator must confirm: one key, an explicit `y`, or typing a word. */
export type ConfirmMode = 'key' | 'yes' | 'typed';

export type PlaceholderSyntax = 'angle' | 'bracket' | 'dollar-brace' | 'dollar' | 'mustache';

/** A placeholder such as `<pod-name>`, `[NAMESPACE]`, `${VAR}`, `$VAR` or `{{var}}`. */
export interface Placeholder {
  /** Normalised name used as the parameter key, e.g. `pod-name`, `NAMESPACE`. */
  name: string;
  /** Exactly as written, e.g. `<pod-name>`; substitution replaces this text. */
  raw: string;
  syntax: PlaceholderSyntax;
}

/** Author annotations from a Runme-style fence info string: ```bash {name=x risk=destructive}. */
export interface CommandAnnotations {
  name?: string;
  risk?: Risk;
  /** Seconds. */
  timeout?: number;
  confirm?: ConfirmMode;
  /** For confirm=typed: the word the operator must type (defaults to the target name). */
  confirmWord?: string;
  /** Any other key=value pairs, kept verbatim. */
  extra: Record<string, string>;
}

/**
 * Where a command is meant to run, as the runbook implies it: on the operator's machine
 * (`local`), or in a shell or console an earlier command opened. Commands in any other context
 * must never run on the operator's machine: `composeInContext` (compose.ts) gives the command
 * that runs them there, or says exactly where to type them.
 */
export type ExecutionContext = LocalContext | NodeContext | PodContext | SshContext | RootContext | ReplContext | UnknownContext;

export type ContextKind = ExecutionContext['kind'];

export interface LocalContext {
  kind: 'local';
}

/** What every non-local context records about how it was reached. */
export interface EnteredContext {
  /** Id of the command that entered it; null when something else implies it (a prompt, a program only found there). */
  enteredBy: string | null;
  /** That command as written (`oc debug node/$NODE`), or what implies the context (`the "sh-4.4#" prompt`). */
  entry: string;
  /** Where the entering command itself ran: contexts nest (ssh, then sudo -i, then psql). */
  outer: ExecutionContext;
}

/** A debug shell on a cluster node: `oc debug node/X` (then, with `chroot: true`, `chroot /host`). */
export interface NodeContext extends EnteredContext {
  kind: 'node';
  client: 'oc' | 'kubectl';
  /** The node as written: `$NODE`, `<node_name>`, `ip-10-0-1-2`. */
  node: string;
  /** Other words of the debug command, as written (`--image=x`, `-n default`), kept when composing. */
  flags: string[];
  chroot: boolean;
}

/** A shell in a pod or container: `oc rsh POD`, `kubectl exec -it POD -- sh`; `toolbox` for Rook/Ceph's tools pod. */
export interface PodContext extends EnteredContext {
  kind: 'pod' | 'toolbox';
  client: 'oc' | 'kubectl' | 'docker' | 'podman';
  /** The pod (or container) as written (`$POD_NAME`, `deploy/rook-ceph-tools`); null when only implied. */
  pod: string | null;
  namespace: string | null;
  container: string | null;
  /** Other flags of the entering command, as written (`--context x`), kept when composing. */
  flags: string[];
  /** The shell it opened: `sh`, `bash`, `/bin/bash`. */
  shell: string;
}

/** A shell on a host reached by `ssh HOST`. */
export interface SshContext extends EnteredContext {
  kind: 'ssh';
  host: string;
  /** ssh options before the host, as written (`-J bastion`, `-p 2222`). */
  options: string[];
}

/** A root (or other user's) shell: `sudo -i`, `sudo su -`, `su - postgres`, or a `#` prompt. */
export interface RootContext extends EnteredContext {
  kind: 'root';
  /** The user the shell runs as, when not root. */
  user: string | null;
  via: 'sudo' | 'su' | 'prompt';
}

/** A console that reads its own language: psql, mysql, redis-cli, a Rails console, mongo. */
export interface ReplContext extends EnteredContext {
  kind: 'repl';
  /** The console program: `psql`, `gitlab-psql`, `mysql`, `redis-cli`, `gitlab-rails console`, ... */
  program: string;
  language: 'sql' | 'redis' | 'ruby' | 'mongo';
  /** The words that started it, as written (`sudo gitlab-psql -d gitlabhq_production`); empty when implied by a prompt. */
  command: string[];
}

/** A shell the runbook's prompt stands for (`sh-5.1$`) without saying how to get there. */
export interface UnknownContext extends EnteredContext {
  kind: 'unknown';
  prompt: string;
}

/**
 * A runbook variable: `NAME=value` or `export NAME=value` on a line of its own. It is asked
 * for (when its value holds placeholders) or computed (`NAME=$(cmd)`), shown, and supplied to
 * later commands that use `$NAME`, the way a shell session would carry it. A later definition
 * of the same name replaces it for the commands after it.
 */
export interface RunbookVariable {
  name: string;
  /** The value as written, quotes included: `'<persistentvolumeclaim label from alert>'`, `"$(oc get ns)"`. */
  value: string;
  /** Placeholders in the value (`<words with spaces>` inside quotes included). */
  parameters: Placeholder[];
  /** The command whose output is the value (`oc get ns` for `NAME=$(oc get ns)`), or null for a plain value. */
  fromCommand: string | null;
  fromCommandRisk: Risk | null;
  /** Runbook variables the value or its command uses. */
  variables: string[];
  /** Where `fromCommand` must run: the context the assignment was typed in. */
  context: ExecutionContext;
  /** `export NAME=...`: later commands also get it in their environment. */
  exported: boolean;
  /** The name says it holds a secret (`*PASSWORD*`, `*TOKEN*`, `*AUTH*`): never show or journal its value. */
  secret: boolean;
  stepId: string;
  position: SourceRange;
}

/** A referral without a time to act on: "open a support case", "refer it to the etcd team in #forum-etcd". */
export interface EscalationNote {
  text: string;
  position: SourceRange;
}

export interface RunbookCommand {
  /** Stable id: `<step id>/c<index>`. */
  id: string;
  /** The shell snippet to run: prompts stripped, continuations kept, may be multi-line. */
  script: string;
  /** Fence language, or null for inline code / unlabelled fences. */
  language: string | null;
  origin: 'fence' | 'inline' | 'indented';
  /** Output lines shown in the runbook after the command (console blocks); never run. */
  sampleOutput: string[];
  parameters: Placeholder[];
  risk: Risk;
  /** Why this risk level: the matched verb, or `annotation`. */
  riskReason: string;
  /** How to confirm; derived from risk unless annotated. */
  confirm: ConfirmMode;
  /** For typed confirmation: what the operator must type (e.g. `api-service`). */
  confirmWord: string | null;
  annotations: CommandAnnotations;
  /** Where it is meant to run; `local` unless an earlier command opened a shell or console. */
  context: ExecutionContext;
  /** Needs the terminal (an editor, a pager, a shell or console it opens): the dashboard hands it over. */
  interactive: boolean;
  /** Runbook variables it uses (`$NAME` defined earlier); these are not among its `parameters`. */
  variables: string[];
  position: SourceRange;
}

/** Inline code that is not a command, e.g. a log query to copy: `env:prod service:api status:error`. */
export interface RunbookQuery {
  text: string;
  position: SourceRange;
}

/** A mitigation action in a mitigate/rollback section: a bold label plus commands or a flag. */
export type StepAction =
  | { kind: 'command'; label: string }
  | { kind: 'flag'; label: string; flag: string; value: string };

export interface RunbookStep {
  /** Stable id, derived from section + position + normalised text. */
  id: string;
  sectionId: string;
  /** Plain text of the item (Markdown stripped), first paragraph only. */
  text: string;
  /** Bold label when the item starts with one (`**Rollback Deployment**:`), else null. */
  label: string | null;
  /** Nesting depth below the section: 0 for top-level items. */
  depth: number;
  /** True for GFM task-list items (`- [ ]`). */
  task: boolean;
  /** Initial checked state from the Markdown (`- [x]`). */
  checked: boolean;
  /** True when the step came from a heading (`### 1. Check the logs`). */
  fromHeading: boolean;
  children: RunbookStep[];
  commands: RunbookCommand[];
  /** Names of the runbook variables this step defines (see `Runbook.variables`). */
  variables: string[];
  queries: RunbookQuery[];
  action: StepAction | null;
  position: SourceRange;
}

export interface RunbookSection {
  /** Stable id from the heading text (slug), de-duplicated with a suffix. */
  id: string;
  title: string;
  level: number;
  kind: SectionKind;
  steps: RunbookStep[];
  position: SourceRange;
}

export type EscalationAction = 'page' | 'notify' | 'escalate';

export interface EscalationThreshold {
  afterMinutes: number;
  action: EscalationAction;
  /** Who: `Engineering Manager`, `CTO`... matched against `escalation.targets` in config. */
  target: string;
  /** The line as written, for display. */
  text: string;
  position: SourceRange;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Stable kebab-case code, e.g. `escalation-unparsed`, `command-placeholders`. */
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface Runbook {
  /** Path as given to the parser (relative paths stay relative). */
  file: string;
  title: string;
  titleSource: 'h1' | 'front-matter' | 'file-name';
  /** Placeholders in the title, e.g. `SERVICE` for `[SERVICE] High Latency Runbook`. */
  titleParameters: string[];
  /** `**Label**: value` lines before the first section, keyed by label as written. */
  metadata: Record<string, string>;
  severity: string | null;
  trigger: string | null;
  frontMatter: Record<string, unknown>;
  sections: RunbookSection[];
  /** Variables in document order (a name may be defined again; the latest before a command holds). */
  variables: RunbookVariable[];
  escalation: EscalationThreshold[];
  /** Referrals with no time to act on, for the Escalation section. */
  escalationNotes: EscalationNote[];
  diagnostics: Diagnostic[];
}
