// Referrals without a clock: "open a support case", "refer it to the etcd team in
// #forum-etcd", "escalate to the ODF Engineering Team". The war room cannot act on them (no
// time, no one to page by name), but they belong in the Escalation section, not lost in prose.
import type { EscalationNote, EscalationThreshold, SourceRange } from './types.ts';

/** Imperative clauses that hand the problem to someone (each tested at the start of a clause). */
const REFERRAL = [
  /^(?:please\s+)?(?:open|file|raise|create|submit|log)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:case|ticket|issue|bug(?:\s+report)?)\b/i,
  /^(?:please\s+)?refer\s+(?:it|this|them|the\s+\w+)\s+to\b/i,
  /^(?:please\s+)?(?:escalate|hand\s+(?:it\s+)?over|report)\s+(?:it\s+|this\s+)?to\s+(?:the\s+)?[\w/ -]{2,40}?\b(?:team|engineering|support|on-?call|sre|owners?)\b/i,
  /^(?:please\s+)?(?:contact|reach\s+out\s+to|engage|notify|ask)\s+(?:the\s+)?[\w/() -]{0,40}?\b(?:support|team|engineering|on-?call|sre|owners?|vendor|srt|cirt)\b/i,
];
/** A chat channel to take it to, anywhere in the sentence. */
const CHANNEL = /(?:^|\s)#(?:forum|team|sre|help|ask|support|incident|ops)-[\w-]+/i;

/** Sentences of prose paragraphs that refer the problem to someone, without a time. */
export function referralNotes(paragraphs: { text: string; position: SourceRange }[], thresholds: EscalationThreshold[]): EscalationNote[] {
  const notes: EscalationNote[] = [];
  const seen = new Set<string>();
  for (const paragraph of paragraphs) {
    for (const sentence of sentences(paragraph.text)) {
      const clauses = sentence.split(/,\s*|;\s*|:\s+|\s+(?:and|then|or)\s+|\s+—\s+/).map((c) => c.replace(/^[-*•\d.)\s]+/, '').replace(/^(?:then|otherwise|also)\s+/i, ''));
      if (!CHANNEL.test(sentence) && !clauses.some((clause) => REFERRAL.some((pattern) => pattern.test(clause)))) continue;
      // A rule the war room acts on (it has a time) is already an escalation threshold.
      if (thresholds.some((t) => sentence.includes(t.text) || t.text.includes(sentence))) continue;
      if (seen.has(sentence)) continue;
      seen.add(sentence);
      notes.push({ text: sentence, position: paragraph.position });
    }
  }
  return notes;
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 400);
}
