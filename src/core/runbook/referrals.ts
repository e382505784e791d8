// Referrals without a clock: "open a support case", "refer it to the etcd team in
// #forum-etcd", "escalate to the ODF Engineering Team". The war room cannot act on them (no
// time, no one to page by name), but they belong in the Escalation section, not lost in prose.
import type { EscalationNote, EscalationThreshold, SourceRange } from './types.ts';

/** Imperative clauses that hand the problem to someone (each tested at the start of a clause). */
const REFERRAL = [
  /^(?:please\s+)?(?:open|file|raise|create|submit|log)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:case|ticket|issue|bug(?:\s+report)?)\b/i,
  /^(?:please\s+)?refer\s+(?:it|this|them|the\s+\w+)\s+to\b/i,
  /(?:^|\b(?:to|and|then)\s+)(?:escalate|hand\s+(?:it\s+)?over|report)\s+(?:it\s+|this\s+)?to\s+(?:the\s+)?[\w/ -]{2,40}?\b(?:team|engineering|support|on-?call|sre|owners?)\b/i,
  /\bto\s+get\s+help\s+from\s+(?:the\s+)?[\w/ -]{2,40}?\b(?:team|engineering|support|sre)\b/i,
  /^(?:please\s+)?(?:contact|reach\s+out\s+to|engage|notify|ask)\s+(?:the\s+)?[\w/() -]{0,40}?\b(?:support|team|engineering|on-?call|sre|owners?|vendor|srt|cirt)\b/i,
];
/** A chat channel to take it to, anywhere in the sentence. */
const CHANNEL = /(?:^|\s)#(?:forum|team|sre|help|ask|support|incident|ops)-[\w-]+/i;

/**
 * Sentences of prose paragraphs that refer the problem to someone, without a time, and the
 * items of escalation sections that have no time (`untimed`, already found by the escalation
 * reader), in document order.
 */
export function referralNotes(paragraphs: { text: string; position: SourceRange }[], thresholds: EscalationThreshold[], untimed: EscalationNote[] = []): EscalationNote[] {
  // An untimed item is known by its first line: note the whole paragraph it starts.
  const notes: EscalationNote[] = untimed.map((note) => {
    const paragraph = paragraphs.find((p) => p.position.start.line === note.position.start.line && p.text.startsWith(note.text));
    return paragraph ? { text: paragraph.text, position: note.position } : note;
  });
  const seen = new Set<string>(notes.map((n) => n.text));
  for (const paragraph of paragraphs) {
    for (const sentence of sentences(paragraph.text)) {
      const clauses = sentence.split(/,\s*|;\s*|:\s+|\s+(?:and|then|or)\s+|\s+\u2014\s+/).map((c) => c.replace(/^[-*\u2022\d.)\s]+/, '').replace(/^(?:then|otherwise|also)\s+/i, '')); // — • (escapes: the bundle stays ASCII)
      if (!CHANNEL.test(sentence) && !clauses.some((clause) => REFERRAL.some((pattern) => pattern.test(clause)))) continue;
      // A rule the war room acts on (it has a time) is already an escalation threshold.
      if (thresholds.some((t) => sentence.includes(t.text) || t.text.includes(sentence))) continue;
      if (seen.has(sentence) || notes.some((n) => n.text.includes(sentence) || sentence.includes(n.text))) continue;
      seen.add(sentence);
      notes.push({ text: sentence, position: paragraph.position });
    }
  }
  return notes.sort((a, b) => a.position.start.line - b.position.start.line || a.position.start.column - b.position.start.column);
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 400);
}
