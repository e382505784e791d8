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
  escalation: EscalationThreshold[];
  diagnostics: Diagnostic[];
}
