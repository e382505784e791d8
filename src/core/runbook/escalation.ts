// Escalation policy lines as people write them: `If not resolved in 15 mins -> Page
// Engineering Manager`, `after 30 minutes: notify CTO`, `1h → Escalate to VP`. Regexes look at
// one line of plain text at a time.
import type { EscalationAction } from './types.ts';

export interface ParsedEscalation {
  afterMinutes: number;
  action: EscalationAction;
  target: string;
}

// Not followed by a letter, so `1h30m` reads as 1h then 30m and `5 mice` is no duration.
const UNIT = String.raw`(?:hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])`;
const DURATION = new RegExp(String.raw`(\d+(?:\.\d+)?)\s*(${UNIT})(?:\s*(\d+)\s*(?:minutes?|mins?|m)(?![a-z]))?`, 'i');
const ACTION = /\b(page|paging|call|notify|inform|ping|message|alert|escalate(?:\s+to)?|hand\s+(?:over|off)\s+to|involve|engage|contact)\b\s*:?\s*(.*)$/i;
const ARROW = /\s*(?:->|\u2192|=>|\u21d2|\u2014>|-->|\u27f6)\s*/; // → ⇒ —> ⟶ (escapes: the bundle stays ASCII)

/** Minutes in a duration such as `15 mins`, `1h`, `1h30m`, `90s`; null when there is none. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  let minutes = unit.startsWith('h') ? n * 60 : unit.startsWith('s') ? n / 60 : n;
  if (m[3]) minutes += Number(m[3]);
  return Number.isFinite(minutes) ? Math.round(minutes * 100) / 100 : null;
}

function actionOf(verb: string): EscalationAction {
  const v = verb.toLowerCase();
  if (/^(page|paging|call|alert)/.test(v)) return 'page';
  if (/^(notify|inform|ping|message|contact)/.test(v)) return 'notify';
  return 'escalate';
}

/** Who to reach, without how or when: `the EM via PagerDuty (Jane) immediately` → `EM`. */
function cleanTarget(raw: string): string {
  return raw
    .replace(/\s+(?:if|when|after|within|in|unless|once)\b.*$/i, '')
    // The target is matched against config escalation.targets by name: drop how to reach them.
    .replace(/\s+(?:via|through|using)\s+.*$/i, '')
    .replace(/\s+(?:on|over|by)\s+(?:pagerduty|opsgenie|slack|phone|sms|e-?mail|zoom|teams)\b.*$/i, '')
    .replace(/\s*\([^()]*\)\s*$/, '')
    .replace(/\s+(?:immediately|at once|right away|now|asap)\b.*$/i, '')
    .replace(/^(?:to|the|our|an?)\s+/i, '')
    .replace(/^(?:the)\s+/i, '')
    .replace(/[\s.;,!:]+$/, '')
    .trim();
}

/** One escalation line, or null when it does not say both when and whom. */
export function parseEscalationLine(line: string): ParsedEscalation | null {
  const text = line.replace(/\s+/g, ' ').trim();
  if (!text || text.length > 400) return null;
  const arrow = ARROW.exec(text);
  let when = text;
  let what = text;
  if (arrow) {
    when = text.slice(0, arrow.index);
    what = text.slice(arrow.index + arrow[0].length);
  } else {
    // `After 30 minutes: notify the CTO`
    const colon = /^([^:]*\d[^:]*):\s*(.+)$/.exec(text);
    if (colon?.[1] && colon[2] && ACTION.test(colon[2])) {
      when = colon[1];
      what = colon[2];
    }
  }
  const minutes = /\bimmediately\b|\bat once\b|\bright away\b/i.test(when) ? 0 : parseDuration(when);
  const action = ACTION.exec(what);
  if (minutes === null || !action) return null;
  const target = cleanTarget(action[2] ?? '');
  if (!target) return null;
  return { afterMinutes: minutes, action: actionOf(action[1] ?? ''), target };
}

/** Does this line try to say something about escalating (so failing to parse it matters)? */
export function looksLikeEscalation(line: string): boolean {
  return ARROW.test(line) || parseDuration(line) !== null || ACTION.test(line);
}

/** A line that is clearly an escalation rule even outside an escalation section. */
export function isStrictEscalation(line: string): boolean {
  return ARROW.test(line) && parseEscalationLine(line) !== null;
}

export interface FrontMatterEscalation {
  parsed: ParsedEscalation[];
  problems: string[];
}

/**
 * Front matter `escalation:` entries: strings in the line syntax (`15m -> Page EM`) or objects
 * `{after: 15m, page: Engineering Manager}` / `{afterMinutes: 15, action: page, target: CTO}`.
 */
export function escalationFromFrontMatter(value: unknown): FrontMatterEscalation {
  const parsed: ParsedEscalation[] = [];
  const problems: string[] = [];
  const entries = Array.isArray(value) ? value : [value];
  entries.forEach((entry, index) => {
    const label = `escalation[${index}]`;
    if (typeof entry === 'string') {
      const line = parseEscalationLine(entry);
      if (line) parsed.push(line);
      else problems.push(`${label} not understood: "${entry}" (expected e.g. "15m -> Page Engineering Manager")`);
      return;
    }
    if (!entry || typeof entry !== 'object') {
      problems.push(`${label} must be a line or a mapping`);
      return;
    }
    const record = entry as Record<string, unknown>;
    const afterRaw = record.afterMinutes ?? record.after ?? record.minutes;
    const minutes = typeof afterRaw === 'number' ? afterRaw : typeof afterRaw === 'string' ? (/^\d+(\.\d+)?$/.test(afterRaw.trim()) ? Number(afterRaw) : parseDuration(afterRaw)) : null;
    let action: EscalationAction | null = null;
    let target: unknown = record.target;
    if (typeof record.action === 'string') action = actionOf(record.action);
    for (const key of ['page', 'notify', 'escalate'] as const) {
      if (record[key] !== undefined) {
        action = key;
        target = record[key];
      }
    }
    if (minutes === null || minutes < 0 || !Number.isFinite(minutes)) problems.push(`${label} needs "after" (e.g. 15m) or "afterMinutes"`);
    else if (!action) problems.push(`${label} needs "page", "notify" or "escalate" (or "action" and "target")`);
    else if (typeof target !== 'string' || !target.trim()) problems.push(`${label} needs a target`);
    else parsed.push({ afterMinutes: minutes, action, target: target.trim() });
  });
  return { parsed, problems };
}
