// Root Cause Analysis (5 Whys): the operator's `why:` / `cause:` notes, in the order they were
// written, answer the five prompts; unanswered prompts stay as visible TODOs, since the chain
// of causes is human judgement the journal can only start.
import type { NoteEntry } from '../incident/state.ts';
import { inlineText } from './markdown.ts';
import { parseNoteTag } from './note-tags.ts';

const PROMPTS = [
  'Why did the incident happen?',
  'Why did that happen?',
  'Why did that happen?',
  'Why was it not caught earlier?',
  'Why was that possible?',
] as const;

const TODO = '_TODO: answer from the review._';

export function causeNotes(notes: readonly Pick<NoteEntry, 'text'>[]): string[] {
  return notes
    .map((n) => parseNoteTag(n.text))
    .filter((n) => n.tag === 'cause' && n.body.length > 0)
    .map((n) => n.body);
}

export function fiveWhysMarkdown(notes: readonly Pick<NoteEntry, 'text'>[]): string[] {
  const causes = causeNotes(notes);
  const lines = PROMPTS.map((prompt, i) => {
    const answer = causes[i];
    return `${i + 1}. ${prompt} -> ${answer === undefined ? TODO : inlineText(answer)}`;
  });
  const extra = causes.slice(PROMPTS.length);
  if (extra.length > 0) {
    lines.push('', 'More cause notes from the incident:', ...extra.map((c) => `- ${inlineText(c)}`));
  }
  return lines;
}
