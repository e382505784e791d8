// Walks the document's top-level blocks into sections and steps. Headings open sections (or
// become steps when numbered: `### 1. Check the logs`); list items become steps; code and
// inline commands attach to the step that contains or precedes them.
import type { Code, Heading, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { interpretCode } from './commands.ts';
import { rangeOf } from './diagnostics.ts';
import { IdAllocator, slugify } from './ids.ts';
import { isStepHeading, sectionKind } from './sections.ts';
import { StepBuilder } from './steps.ts';
import { collapse, plainText } from './text.ts';
import type { RunbookSection, RunbookStep, SectionKind } from './types.ts';

const MAX_QUOTE_DEPTH = 64;

export interface WalkResult {
  sections: RunbookSection[];
  /** First H1 (the runbook's title), if any. */
  title: string | null;
  /** Paragraphs before the first section, for `**Label**: value` metadata. */
  preamble: Paragraph[];
  /** Paragraphs (and first paragraphs of list items) of the first section: `**Severity:** Critical` under a heading. */
  firstSection: Paragraph[];
}

export class DocumentWalker {
  private readonly sections: RunbookSection[] = [];
  private readonly sectionIds = new IdAllocator();
  private readonly sectionStack: { level: number; kind: SectionKind }[] = [];
  private headingSteps: { level: number; step: RunbookStep }[] = [];
  private section: RunbookSection | null = null;
  /** Top-level steps of the list just before, so a following fence attaches to its last item. */
  private lastList: RunbookStep[] | null = null;
  /** Prose just before, which names the step a following fence belongs to. */
  private pendingParagraph: Paragraph | null = null;
  private implicitStep: RunbookStep | null = null;
  private title: string | null = null;
  private readonly preamble: Paragraph[] = [];
  private readonly firstSection: Paragraph[] = [];
  private readonly steps: StepBuilder;

  constructor(steps: StepBuilder) {
    this.steps = steps;
  }

  walk(root: Root): WalkResult {
    const queue: { node: RootContent; quoteDepth: number }[] = root.children.map((node) => ({ node, quoteDepth: 0 }));
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i];
      if (!item) continue;
      const { node, quoteDepth } = item;
      if (node.type === 'blockquote') {
        // Quoted blocks count as if written in place (admonitions, notes).
        if (quoteDepth < MAX_QUOTE_DEPTH) queue.splice(i + 1, 0, ...node.children.map((child) => ({ node: child, quoteDepth: quoteDepth + 1 })));
        continue;
      }
      this.block(node);
    }
    return { sections: this.sections, title: this.title, preamble: this.preamble, firstSection: this.firstSection };
  }

  private block(node: RootContent): void {
    switch (node.type) {
      case 'heading':
        this.heading(node);
        return;
      case 'paragraph':
        this.paragraph(node);
        return;
      case 'list': {
        const section = this.ensureSection(node);
        if (this.sections.length === 1) for (const item of node.children) if (item.children[0]?.type === 'paragraph') this.firstSection.push(item.children[0]);
        const parent = this.headingSteps.at(-1)?.step ?? null;
        this.lastList = node.children.map((item) => this.steps.listItem(section, parent, item));
        this.pendingParagraph = null;
        this.implicitStep = null;
        return;
      }
      case 'code':
        this.code(node);
        return;
      default:
        return;
    }
  }

  private heading(node: Heading): void {
    const text = collapse(plainText(node));
    this.resetFlow();
    if (node.depth === 1 && this.title === null && !isStepHeading(text)) {
      this.title = text;
      if (this.sections.length === 0) return;
    }
    if (isStepHeading(text)) {
      const section = this.ensureSection(node);
      while ((this.headingSteps.at(-1)?.level ?? 0) >= node.depth) this.headingSteps.pop();
      const parent = this.headingSteps.at(-1)?.step ?? null;
      const step = this.steps.addStep(section, parent, { text, label: null, task: false, checked: false, fromHeading: true, position: rangeOf(node) });
      this.headingSteps.push({ level: node.depth, step });
      return;
    }
    while ((this.sectionStack.at(-1)?.level ?? 0) >= node.depth) this.sectionStack.pop();
    // Sub-sections of `Mitigation` (`### Defrag`, `### Fix validation errors`) are mitigations too.
    const kind = sectionKind(text, this.sectionStack.at(-1)?.kind ?? null) ?? this.sectionStack.at(-1)?.kind ?? 'info';
    this.steps.section(node.depth);
    this.sectionStack.push({ level: node.depth, kind });
    this.openSection(text || 'Untitled', node.depth, kind, node);
  }

  private paragraph(node: Paragraph): void {
    if (!this.section) {
      this.preamble.push(node);
      if (!StepBuilder.hasInlineCommand(node)) {
        this.pendingParagraph = node;
        return;
      }
    }
    const section = this.ensureSection(node);
    if (this.sections.length === 1) this.firstSection.push(node);
    const headingStep = this.headingSteps.at(-1)?.step;
    this.lastList = null;
    if (headingStep) {
      this.steps.paragraph(section, headingStep, node);
      return;
    }
    if (StepBuilder.hasInlineCommand(node)) {
      const step = this.steps.addStep(section, null, { text: collapse(plainText(node)), label: null, task: false, checked: false, fromHeading: false, position: rangeOf(node) });
      this.steps.paragraph(section, step, node);
      this.implicitStep = step;
      this.pendingParagraph = null;
      return;
    }
    // Prose: only its lines matter now (escalation rules); it may name the step of a fence below.
    this.steps.collectLines(section, node, plainText(node));
    this.pendingParagraph = node;
    this.implicitStep = null;
  }

  private code(node: Code): void {
    if (!this.steps.canAttachCode(node)) return;
    const section = this.ensureSection(node);
    let step: RunbookStep | null | undefined = this.headingSteps.at(-1)?.step ?? this.lastList?.at(-1) ?? this.implicitStep;
    if (!step) {
      const prose = this.pendingParagraph;
      const text = prose ? collapse(plainText(prose)) : `Run ${firstCommandLine(node)}`;
      step = this.steps.addStep(section, null, { text, label: null, task: false, checked: false, fromHeading: false, position: rangeOf(prose ?? node) });
      if (prose) this.steps.ownText.set(step, text);
      this.implicitStep = step;
      this.pendingParagraph = null;
    }
    this.steps.code(step, node);
  }

  /** Content before any heading gets a section of its own. */
  private ensureSection(node: Nodes): RunbookSection {
    return this.section ?? this.openSection('Overview', 1, 'info', node);
  }

  private openSection(title: string, level: number, kind: SectionKind, node: Nodes): RunbookSection {
    const section: RunbookSection = { id: this.sectionIds.take(slugify(title)), title, level, kind, steps: [], position: rangeOf(node) };
    this.sections.push(section);
    this.section = section;
    this.headingSteps = [];
    this.resetFlow();
    return section;
  }

  private resetFlow(): void {
    this.lastList = null;
    this.pendingParagraph = null;
    this.implicitStep = null;
  }
}

/** First line of what a code block runs (prompt stripped), to name a step that has no prose. */
function firstCommandLine(node: Code): string {
  const meaning = interpretCode(node.value, node.lang ?? null, { inShell: true, console: null });
  const first = meaning.kind === 'commands' ? meaning.commands[0]?.script : meaning.kind === 'query' ? meaning.text : '';
  return collapse((first ?? '').split('\n')[0] ?? '').slice(0, 80);
}
