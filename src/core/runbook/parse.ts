// Markdown runbook → Runbook model. Never throws: whatever the input, the caller gets a
// Runbook, with problems reported as diagnostics (file:line:column).
import type { Paragraph, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { parse as parseYaml } from 'yaml';
import { DiagnosticSink, rangeOf } from './diagnostics.ts';
import { escalationFromFrontMatter, isStrictEscalation, looksLikeEscalation, parseEscalationLine } from './escalation.ts';
import { findPlaceholders } from './placeholders.ts';
import { allSteps, allStepsOfSection } from './query.ts';
import { clampPositions } from './clamp.ts';
import { referralNotes } from './referrals.ts';
import { guardSource, stripBom } from './source-guard.ts';
import { sectionKind } from './sections.ts';
import { StepBuilder } from './steps.ts';
import type { EscalationNote, EscalationThreshold, Runbook, RunbookStep } from './types.ts';
import { DocumentWalker } from './walk.ts';
import { plainText } from './text.ts';
import { errorMessage } from '../../errors.ts';

/** Parses a runbook. `file` is only used for diagnostics and the fallback title. */
export function parseRunbook(source: string, file: string): Runbook {
  const sink = new DiagnosticSink(file);
  const text = stripBom(typeof source === 'string' ? source : String(source));
  let runbook: Runbook;
  try {
    runbook = parseGuarded(text, file, sink);
  } catch (error) {
    // Belt and braces: a parser bug must not take the war room down with it.
    sink.add('error', 'parse-failed', `could not parse the runbook: ${errorMessage(error)}`, { line: 1, column: 1 });
    runbook = emptyRunbook(file, sink);
  }
  const clamped = clampPositions(runbook, text);
  clamped.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return clamped;
}

function emptyRunbook(file: string, sink: DiagnosticSink): Runbook {
  return { file, title: titleFromFileName(file), titleSource: 'file-name', titleParameters: [], metadata: {}, severity: null, trigger: null, frontMatter: {}, sections: [], variables: [], escalation: [], escalationNotes: [], diagnostics: sink.items };
}

function parseGuarded(source: string, file: string, sink: DiagnosticSink): Runbook {
  const guarded = guardSource(source);
  if (guarded.problem) sink.add('error', guarded.problem.code, guarded.problem.message, guarded.problem);
  const tree: Root = fromMarkdown(guarded.text, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });

  const frontMatter = readFrontMatter(tree, sink);
  const steps = new StepBuilder(guarded.text, sink);
  const walked = new DocumentWalker(steps).walk(tree);

  const fmTitle = typeof frontMatter.title === 'string' && frontMatter.title.trim() ? frontMatter.title.trim() : null;
  const title = walked.title ?? fmTitle ?? titleFromFileName(file);
  const titleSource = walked.title ? 'h1' : fmTitle ? 'front-matter' : 'file-name';
  if (titleSource === 'file-name') sink.add('info', 'no-title', 'no "# Title" heading or front matter title; using the file name', { line: 1, column: 1 });

  const metadata = readMetadata(walked.preamble);
  // `**Severity:** Critical` under the first heading counts when nothing before it says.
  const severity = metadataValue(metadata, frontMatter, 'severity') ?? metadataValue(readMetadata(walked.firstSection), {}, 'severity');
  const trigger = metadataValue(metadata, frontMatter, 'trigger');

  for (const section of walked.sections) {
    for (const step of allStepsOfSection(section)) {
      if (section.kind === 'mitigate' || section.kind === 'rollback') step.action = actionOf(step, steps.ownText.get(step) ?? step.text);
    }
  }

  const runbook: Runbook = {
    file,
    title,
    titleSource,
    titleParameters: [...new Set(findPlaceholders(title).map((p) => p.name))],
    metadata,
    severity,
    trigger,
    frontMatter,
    sections: walked.sections,
    variables: steps.variables.all,
    escalation: [],
    escalationNotes: [],
    diagnostics: sink.items,
  };
  const untimed: EscalationNote[] = [];
  runbook.escalation = readEscalation(steps, frontMatter, tree, sink, untimed);
  runbook.escalationNotes = referralNotes(steps.paragraphs, runbook.escalation, untimed);
  reportShape(runbook, sink);
  return runbook;
}

function readFrontMatter(tree: Root, sink: DiagnosticSink): Record<string, unknown> {
  const node = tree.children.find((n) => n.type === 'yaml');
  if (!node || node.type !== 'yaml') return {};
  try {
    const value: unknown = parseYaml(node.value, { maxAliasCount: 100 });
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      sink.add('warning', 'front-matter-invalid', 'front matter must be a mapping of keys to values', rangeOf(node).start);
      return {};
    }
    // The model must survive JSON unchanged (it is journalled): drop what JSON cannot hold.
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch (error) {
    const message = errorMessage(error);
    sink.add('warning', 'front-matter-invalid', `front matter is not valid YAML: ${message}`, rangeOf(node).start);
    return {};
  }
}

/** `**Severity**: SEV-2` lines before the first section. */
function readMetadata(preamble: Paragraph[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const paragraph of preamble) {
    // Mark bold spans so each line can be checked for a leading `**Label**:` with a simple regex.
    let marked = '';
    for (const child of paragraph.children) {
      if (child.type === 'strong') marked += `\uE000${plainText(child)}\uE001`;
      else if (child.type === 'break') marked += '\n';
      else marked += plainText(child);
    }
    for (const line of marked.split(/\r\n|\r|\n/)) {
      const m = /^\s*\uE000([^\uE000\uE001]{1,80}?)\s*(:?)\uE001\s*(:?)\s*(.*)$/.exec(line);
      if (!m || (!m[2] && !m[3])) continue;
      const label = (m[1] ?? '').trim();
      const value = (m[4] ?? '').replace(/[\uE000\uE001]/g, '').trim();
      if (label && !(label in metadata)) metadata[label] = value;
    }
  }
  return metadata;
}

function metadataValue(metadata: Record<string, string>, frontMatter: Record<string, unknown>, key: string): string | null {
  for (const [label, value] of Object.entries(metadata)) if (label.toLowerCase() === key && value) return value;
  const fm = frontMatter[key];
  return typeof fm === 'string' || typeof fm === 'number' ? String(fm) : null;
}

const FLAG_TO = /\b(?:toggle|set|flip|switch|turn)\s+(?:the\s+)?(?:feature[\s-]?)?flag\s+["'`]?([\w.:/-]+)["'`]?\s+(?:to|=)\s+["'`]?([\w.-]+)/i;
const FLAG_ON_OFF = /\b(enable|disable|turn on|turn off)\s+(?:the\s+)?(?:feature[\s-]?)?flag\s+["'`]?([\w.:/-]+)/i;

/** Mitigation actions: a labelled step with commands, or a feature-flag toggle. */
function actionOf(step: RunbookStep, text: string): RunbookStep['action'] {
  const label = step.label ?? (step.fromHeading ? step.text.replace(/^(?:step\s*\d+\s*[:.)-]?|\d+(?:\.\d+)*[.)]?|[a-z][.)])\s*/i, '') : null);
  const to = FLAG_TO.exec(text);
  if (to?.[1] && to[2]) return { kind: 'flag', label: label ?? to[1], flag: to[1], value: to[2] };
  const onOff = FLAG_ON_OFF.exec(text);
  if (onOff?.[1] && onOff[2]) return { kind: 'flag', label: label ?? onOff[2], flag: onOff[2], value: /^(enable|turn on)/i.test(onOff[1]) ? 'true' : 'false' };
  if (label && step.commands.length > 0) return { kind: 'command', label };
  return null;
}

function readEscalation(steps: StepBuilder, frontMatter: Record<string, unknown>, tree: Root, sink: DiagnosticSink, untimed: EscalationNote[]): EscalationThreshold[] {
  const fromLines: EscalationThreshold[] = [];
  // Where the top-level items of escalation sections start: each is meant as a rule.
  const policyItems = new Set<string>();
  for (const line of steps.lines) {
    if (line.section.kind !== 'escalate') continue;
    for (const step of line.section.steps) policyItems.add(`${step.position.start.line}:${step.position.start.column}`);
  }
  for (const line of steps.lines) {
    const inPolicy = line.section.kind === 'escalate';
    if (!inPolicy && !isStrictEscalation(line.text)) continue;
    const parsed = parseEscalationLine(line.text);
    if (parsed) fromLines.push({ ...parsed, text: line.text, position: line.position });
    else if (looksLikeEscalation(line.text)) {
      sink.add('warning', 'escalation-unparsed', `escalation line not understood: "${line.text.slice(0, 120)}" (expected e.g. "If not resolved in 15 mins -> Page Engineering Manager")`, line.position.start);
    } else if (isPolicyItemStart(line.position.start, policyItems)) {
      // `If still broken, ask someone`: no time, no one to page. Say so rather than stay silent.
      sink.add('info', 'escalation-untimed', `escalation item has no time and no one to page, so the war room will not act on it (kept as an escalation note): "${line.text.slice(0, 120)}"`, line.position.start);
      untimed.push({ text: line.text, position: line.position });
    }
  }
  if (frontMatter.escalation === undefined) return sortThresholds(fromLines);

  const yaml = tree.children.find((n) => n.type === 'yaml');
  const at = yaml ? rangeOf(yaml) : { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const declared = escalationFromFrontMatter(frontMatter.escalation);
  for (const problem of declared.problems) sink.add('warning', 'escalation-invalid', `front matter ${problem}`, at.start);
  if (fromLines.length > 0) sink.add('info', 'escalation-overridden', 'front matter "escalation:" is used; escalation lines in the text are ignored', fromLines[0]?.position.start ?? at.start);
  return sortThresholds(declared.parsed.map((p) => ({ ...p, text: `${p.afterMinutes} min → ${p.action} ${p.target}`, position: at })));
}

/** Does a prose line start a list item (its paragraph sits a few columns after the marker)? */
function isPolicyItemStart(at: { line: number; column: number }, items: Set<string>): boolean {
  for (let column = at.column - 1; column >= Math.max(1, at.column - 8); column--) if (items.has(`${at.line}:${column}`)) return true;
  return false;
}

function sortThresholds(list: EscalationThreshold[]): EscalationThreshold[] {
  return list.map((t, i) => ({ t, i })).sort((a, b) => a.t.afterMinutes - b.t.afterMinutes || a.i - b.i).map(({ t }) => t);
}

/** Structural warnings: actionable sections without steps, a runbook with nothing to do. */
function reportShape(runbook: Runbook, sink: DiagnosticSink): void {
  runbook.sections.forEach((section, i) => {
    const next = runbook.sections[i + 1];
    const hasSubsections = next !== undefined && next.level > section.level;
    // Only sections whose own title names their purpose: a prose sub-section of `Mitigation` is fine.
    if (section.steps.length > 0 || hasSubsections || section.kind === 'info' || sectionKind(section.title) === null) return;
    if (section.kind === 'escalate' && runbook.escalation.some((t) => t.position.start.line >= section.position.start.line && (!next || t.position.start.line < next.position.start.line))) return;
    sink.add('warning', 'section-empty', `section "${section.title}" (${section.kind}) has no steps`, section.position.start);
  });
  if (allSteps(runbook).length === 0) sink.add('warning', 'no-steps', 'runbook has no steps: no list items, numbered headings or commands were found', { line: 1, column: 1 });
}

function titleFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(md|markdown)$/i, '') || 'Untitled runbook';
}
