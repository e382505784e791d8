// Steps and what hangs off them: list items (with nested sub-items), commands from fences and
// inline code, queries to copy. Commands attach to the innermost item that contains them.
import type { Code, ListItem, Nodes, Paragraph } from 'mdast';
import { parseAnnotations } from './annotations.ts';
import { classifyInlineCode, interpretCode, stripInlinePrompt } from './commands.ts';
import { type DiagnosticSink, rangeOf } from './diagnostics.ts';
import { IdAllocator, shortHash } from './ids.ts';
import { findPlaceholders } from './placeholders.ts';
import { classifyRisk, confirmFor, destructiveTarget } from './risk.ts';
import { collapse, plainText } from './text.ts';
import type { CommandAnnotations, RunbookCommand, RunbookSection, RunbookStep, SourceRange } from './types.ts';

const RISK_RANK = { read: 0, change: 1, destructive: 2 } as const;
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
  private readonly paths = new Map<RunbookStep, string>();
  readonly source: string;
  readonly sink: DiagnosticSink;

  constructor(source: string, sink: DiagnosticSink) {
    this.source = source;
    this.sink = sink;
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
    for (const { code, before } of inlineCodes(paragraph)) {
      const kind = classifyInlineCode(code.value, before);
      if (kind === 'command') this.addCommand(step, stripInlinePrompt(code.value), null, 'inline', [], { extra: {} }, rangeOf(code));
      else if (kind === 'query') step.queries.push({ text: code.value.trim(), position: rangeOf(code) });
    }
  }

  collectLines(section: RunbookSection, node: Nodes, text: string): void {
    const start = rangeOf(node).start;
    text.split(/\r\n|\r|\n/).forEach((line, i) => {
      const trimmed = line.trim();
      if (!trimmed) return;
      const at = { line: start.line + i, column: i === 0 ? start.column : 1 };
      this.lines.push({ text: trimmed, position: { start: at, end: { line: at.line, column: at.column + line.length } }, section });
    });
  }

  /** Does this paragraph hold a runnable inline command? (Decides whether prose becomes a step.) */
  static hasInlineCommand(paragraph: Paragraph): boolean {
    return inlineCodes(paragraph).some(({ code, before }) => classifyInlineCode(code.value, before) === 'command');
  }

  /** Commands or a query from a code block, attached to `step`. */
  code(step: RunbookStep, code: Code): void {
    const meaning = interpretCode(code.value, code.lang ?? null);
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
      const position: SourceRange = {
        start: { line: firstLine + command.line, column: range.start.column },
        end: { line: firstLine + command.endLine, column: range.start.column },
      };
      this.addCommand(step, command.script, code.lang ?? null, fenced ? 'fence' : 'indented', command.sampleOutput, annotations, position);
    }
  }

  canAttachCode(code: Code): boolean {
    return interpretCode(code.value, code.lang ?? null).kind !== 'none';
  }

  addCommand(step: RunbookStep, script: string, language: string | null, origin: RunbookCommand['origin'], sampleOutput: string[], annotations: CommandAnnotations, position: SourceRange): void {
    const classified = classifyRisk(script);
    const risk = annotations.risk ?? classified.risk;
    if (annotations.risk && RISK_RANK[annotations.risk] < RISK_RANK[classified.risk]) {
      this.sink.add('warning', 'annotation-lowers-risk', `annotation says risk=${annotations.risk} but the command looks ${classified.risk} (${classified.reason})`, position.start);
    }
    const confirm = annotations.confirm ?? confirmFor(risk);
    const parameters = findPlaceholders(script);
    if (parameters.length > 0) {
      this.sink.add('info', 'command-placeholders', `command needs ${parameters.map((p) => p.raw).join(', ')} filled in before it can run`, position.start);
    }
    step.commands.push({
      id: `${step.id}/c${step.commands.length + 1}`,
      script,
      language,
      origin,
      sampleOutput,
      parameters,
      risk,
      riskReason: annotations.risk ? 'annotation' : classified.reason,
      confirm,
      confirmWord: confirm === 'typed' ? (annotations.confirmWord ?? destructiveTarget(script) ?? annotations.name ?? 'confirm') : null,
      annotations: { ...annotations, extra: { ...annotations.extra } },
      position,
    });
  }
}

/** `**Rollback Deployment**:` → `Rollback Deployment`. */
function leadingLabel(paragraph: Paragraph): string | null {
  const first = paragraph.children[0];
  if (first?.type !== 'strong') return null;
  const label = collapse(plainText(first)).replace(/\s*:$/, '').trim();
  return label || null;
}

/** Inline code nodes of a paragraph in order, each with the text just before it. */
function inlineCodes(paragraph: Paragraph): { code: { value: string; position?: Paragraph['position'] }; before: string }[] {
  const out: { code: { value: string; position?: Paragraph['position'] }; before: string }[] = [];
  let before = '';
  const stack: Nodes[] = [...paragraph.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'inlineCode') {
      out.push({ code: node, before: before.slice(-60) });
      before += node.value;
    } else if (node.type === 'text') before += node.value;
    else if (node.type === 'break') before += '\n';
    else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  return out;
}
