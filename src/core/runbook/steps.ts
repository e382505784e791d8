// Steps and what hangs off them: list items (with nested sub-items), commands from fences and
// inline code, queries to copy. Commands attach to the innermost item that contains them.
import type { Code, ListItem, Nodes, Paragraph } from 'mdast';
import { parseAnnotations } from './annotations.ts';
import { buildCommand } from './command-builder.ts';
import { type CodeMeaning, interpretCode } from './commands.ts';
import { ContextTracker } from './context-tracker.ts';
import { sessionsOpenedBy } from './contexts.ts';
import { parseShell } from './shell-syntax.ts';
import { type DiagnosticSink, rangeOf } from './diagnostics.ts';
import { IdAllocator, shortHash } from './ids.ts';
import { classifyInlineCode, stripInlinePrompt } from './inline-code.ts';
import { VariableBook } from './variable-book.ts';
import { RANK } from './risk-words.ts';
import { collapse, plainText } from './text.ts';
import type { CommandAnnotations, RunbookCommand, RunbookSection, RunbookStep, SourceRange } from './types.ts';

/** Nested lists deeper than this are kept as text of their parent, not as steps. */
const MAX_STEP_DEPTH = 64;

/** A line of prose that might be an escalation rule, with where it was written. */
export interface TextLine {
  text: string;
  position: SourceRange;
  section: RunbookSection;
}

export class StepBuilder {
  readonly stepIds = new IdAllocator();
  /** Own prose of each step (all its paragraphs), for feature-flag detection. */
  readonly ownText = new Map<RunbookStep, string>();
  readonly lines: TextLine[] = [];
  /** Prose paragraphs as plain text, for referrals ("open a support case"). */
  readonly paragraphs: { text: string; position: SourceRange }[] = [];
  private readonly paths = new Map<RunbookStep, string>();
  readonly source: string;
  readonly sink: DiagnosticSink;
  /** Where each command runs, carried across blocks and steps in document order. */
  readonly contexts: ContextTracker;
  readonly variables = new VariableBook();
  /** Code blocks already reported as not commands (the walker may look at a block twice). */
  private readonly reported = new Set<Code>();

  constructor(source: string, sink: DiagnosticSink) {
    this.source = source;
    this.sink = sink;
    this.contexts = new ContextTracker(source);
  }

  /** Appends a new step to `parent` (or the section), with an id from section, position and text. */
  addStep(section: RunbookSection, parent: RunbookStep | null, init: { text: string; label: string | null; task: boolean; checked: boolean; fromHeading: boolean; position: SourceRange }): RunbookStep {
    const siblings = parent ? parent.children : section.steps;
    const path = `${parent ? `${this.paths.get(parent) ?? '0'}.` : ''}${siblings.length + 1}`;
    const base = `${section.id}/${path}-${shortHash(init.text)}`;
    if (this.stepIds.has(base)) this.sink.add('error', 'duplicate-step-id', `step id ${base} is used twice`, init.position.start);
    const step: RunbookStep = {
      id: this.stepIds.take(base),
      sectionId: section.id,
      text: init.text,
      label: init.label,
      depth: parent ? parent.depth + 1 : 0,
      task: init.task,
      checked: init.checked,
      fromHeading: init.fromHeading,
      children: [],
      commands: [],
      variables: [],
      queries: [],
      action: null,
      position: init.position,
    };
    this.paths.set(step, path);
    siblings.push(step);
    return step;
  }

  /** A list item and its sub-items, depth first. Iterative over siblings, recursive over depth (bounded). */
  listItem(section: RunbookSection, parent: RunbookStep | null, item: ListItem): RunbookStep {
    const first = item.children[0];
    const paragraph = first?.type === 'paragraph' ? first : null;
    const step = this.addStep(section, parent, {
      text: paragraph ? collapse(plainText(paragraph)).replace(/\s*:$/, '') : '',
      label: paragraph ? leadingLabel(paragraph) : null,
      task: typeof item.checked === 'boolean',
      checked: item.checked === true,
      fromHeading: false,
      position: rangeOf(item),
    });
    const blocks: Nodes[] = [...item.children];
    while (blocks.length > 0) {
      const block = blocks.shift();
      if (!block) break;
      if (block.type === 'paragraph') this.paragraph(section, step, block);
      else if (block.type === 'code') this.code(step, block);
      else if (block.type === 'blockquote') blocks.unshift(...block.children);
      else if (block.type === 'list' && step.depth < MAX_STEP_DEPTH) {
        for (const child of block.children) this.listItem(section, step, child);
      }
    }
    return step;
  }

  /** Inline commands and queries of a paragraph go to `step`; its lines are escalation candidates. */
  paragraph(section: RunbookSection, step: RunbookStep, paragraph: Paragraph): void {
    const text = plainText(paragraph);
    this.ownText.set(step, `${this.ownText.get(step) ?? ''} ${collapse(text)}`.trim());
    this.collectLines(section, paragraph, text);
    for (const { code, before, after } of inlineCodes(paragraph)) {
      const kind = classifyInlineCode(code.value, before, after);
      if (kind === 'command') this.candidate(step, { script: stripInlinePrompt(code.value), language: null, origin: 'inline', sampleOutput: [], annotations: { extra: {} }, position: rangeOf(code), prompt: null });
      else if (kind === 'query') step.queries.push({ text: code.value.trim(), position: rangeOf(code) });
    }
  }

  collectLines(section: RunbookSection, node: Nodes, text: string): void {
    const start = rangeOf(node).start;
    this.paragraphs.push({ text: collapse(text), position: rangeOf(node) });
    text.split(/\r\n|\r|\n/).forEach((line, i) => {
      const trimmed = line.trim();
      if (!trimmed) return;
      const at = { line: start.line + i, column: i === 0 ? start.column : 1 };
      this.lines.push({ text: trimmed, position: { start: at, end: { line: at.line, column: at.column + line.length } }, section });
    });
  }

  /** Does this paragraph hold a runnable inline command? (Decides whether prose becomes a step.) */
  static hasInlineCommand(paragraph: Paragraph): boolean {
    return inlineCodes(paragraph).some(({ code, before, after }) => classifyInlineCode(code.value, before, after) === 'command');
  }

  /** A code block read in the light of the shell or console open at this point of the runbook. */
  private meaningOf(code: Code): CodeMeaning {
    const current = this.contexts.current();
    const meaning = interpretCode(code.value, code.lang ?? null, {
      inShell: current.kind !== 'local' && current.kind !== 'repl',
      console: current.kind === 'repl' ? current.language : null,
    });
    if (meaning.kind === 'none' && meaning.reason && !this.reported.has(code)) {
      this.reported.add(code);
      this.sink.add('warning', 'code-not-command', `\`\`\`${code.lang ?? ''} block is not run: ${meaning.reason}`, rangeOf(code).start);
    }
    return meaning;
  }

  /** Commands or a query from a code block, attached to `step`. */
  code(step: RunbookStep, code: Code): void {
    const meaning = this.meaningOf(code);
    const range = rangeOf(code);
    if (meaning.kind === 'none') return;
    if (meaning.kind === 'query') {
      step.queries.push({ text: meaning.text, position: range });
      return;
    }
    const offset = code.position?.start.offset;
    const fenced = offset !== undefined && /[`~]/.test(this.source.charAt(offset));
    const firstLine = range.start.line + (fenced ? 1 : 0);
    const { annotations, problems } = parseAnnotations(code.meta);
    for (const problem of problems) this.sink.add('warning', 'annotation-invalid', problem, range.start);
    for (const command of meaning.commands) {
      for (const part of splitAtSessions(command.script)) {
        const position: SourceRange = {
          start: { line: firstLine + command.line + part.line, column: range.start.column },
          end: { line: firstLine + (part.last ? command.endLine : command.line + part.endLine), column: range.start.column },
        };
        const sampleOutput = part.last ? command.sampleOutput : [];
        this.candidate(step, { script: part.script, language: code.lang ?? null, origin: fenced ? 'fence' : 'indented', sampleOutput, annotations, position, prompt: command.prompt });
      }
    }
  }

  canAttachCode(code: Code): boolean {
    return this.meaningOf(code).kind !== 'none';
  }

  /** A section heading: contexts opened in that section (or deeper) end there. */
  section(level: number): void {
    this.contexts.section(level);
  }

  /**
   * Something that looks like a command, in document order: it may only leave a context
   * (`exit`), define variables (`NAME=value`), or be a command, placed in its context.
   */
  private candidate(step: RunbookStep, c: Candidate): void {
    const id = `${step.id}/c${step.commands.length + 1}`;
    const placement = this.contexts.place({ id, script: c.script, prompt: c.prompt, language: c.language });
    for (const note of placement.notes) this.sink.add('info', note.code, note.message, c.position.start);
    if (placement.control) return;
    const rest = this.variables.define(c.script, step, placement.context, c.position);
    if (rest.script === '') return;
    const position = { start: { ...c.position.start, line: c.position.start.line + rest.line }, end: c.position.end };
    this.addCommand(step, { ...c, script: rest.script, position }, placement.context);
  }

  private addCommand(step: RunbookStep, c: Candidate, context: RunbookCommand['context']): void {
    const { command, detected } = buildCommand({ ...c, id: `${step.id}/c${step.commands.length + 1}`, context }, this.variables.known());
    if (c.annotations.risk && RANK[c.annotations.risk] < RANK[detected.risk]) {
      this.sink.add('warning', 'annotation-lowers-risk', `annotation says risk=${c.annotations.risk} but the command looks ${detected.risk} (${detected.reason})`, c.position.start);
    }
    if (command.parameters.length > 0) {
      this.sink.add('info', 'command-placeholders', `command needs ${command.parameters.map((p) => p.raw).join(', ')} filled in before it can run`, c.position.start);
    }
    step.commands.push(command);
  }
}

interface Candidate {
  script: string;
  language: string | null;
  origin: RunbookCommand['origin'];
  sampleOutput: string[];
  annotations: CommandAnnotations;
  position: SourceRange;
  prompt: string | null;
}

/**
 * A block that opens a shell and goes on (`ssh db-1`, then `sudo -i`, then `gitlab-psql`) is
 * lines typed one after another, each in the shell the line before opened: run as one script,
 * the later lines would run here after the session ends. From the first line that opens a
 * session on, each statement is its own command.
 */
function splitAtSessions(script: string): { script: string; line: number; endLine: number; last: boolean }[] {
  const whole = [{ script, line: 0, endLine: script.split('\n').length - 1, last: true }];
  const parsed = parseShell(script);
  const statements = parsed.statements;
  if (parsed.errors.length > 0 || statements.length < 2) return whole;
  const opens = statements.findIndex((st, i) => i < statements.length - 1 && sessionsOpenedBy(st.text).length > 0);
  if (opens < 0) return whole;
  const lineOf = (offset: number) => script.slice(0, offset).split('\n').length - 1;
  const parts: { script: string; line: number; endLine: number; last: boolean }[] = [];
  const first = statements[opens];
  if (opens > 0 && first) parts.push({ script: script.slice(0, first.start).trimEnd(), line: 0, endLine: lineOf(first.start), last: false });
  statements.slice(opens).forEach((st, i, rest) => {
    parts.push({ script: script.slice(st.start, st.end), line: lineOf(st.start), endLine: lineOf(st.end), last: i === rest.length - 1 });
  });
  return parts.filter((p) => p.script.trim() !== '');
}

/** `**Rollback Deployment**:` → `Rollback Deployment`. */
function leadingLabel(paragraph: Paragraph): string | null {
  const first = paragraph.children[0];
  if (first?.type !== 'strong') return null;
  const label = collapse(plainText(first)).replace(/\s*:$/, '').trim();
  return label || null;
}

/** Inline code nodes of a paragraph in order, each with the text just before and after it. */
function inlineCodes(paragraph: Paragraph): { code: { value: string; position?: Paragraph['position'] }; before: string; after: string }[] {
  const out: { code: { value: string; position?: Paragraph['position'] }; before: string; after: string }[] = [];
  const ends: number[] = [];
  let before = '';
  const stack: Nodes[] = [...paragraph.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'inlineCode') {
      out.push({ code: node, before: before.slice(-60), after: '' });
      before += node.value;
      ends.push(before.length);
    } else if (node.type === 'text') before += node.value;
    else if (node.type === 'break') before += '\n';
    else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  // `before` now holds the whole paragraph: what follows each code is the rest of its sentence.
  out.forEach((item, i) => {
    item.after = before.slice(ends[i] ?? before.length, (ends[i] ?? before.length) + 40);
  });
  return out;
}
