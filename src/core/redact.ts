// Secret-shaped strings (tokens, webhook URLs, passwords in URLs and key=value pairs) replaced
// before text leaves the operator's screen for a record others read: the journal's output
// tails and the post-mortem. Best effort by shape: it cannot know every secret, so the design
// keeps known secrets out by construction and this catches what commands print.

/** Token-shaped strings that must never reach a document meant to be shared. */
const SECRET_PATTERNS: readonly { pattern: RegExp; replacement: string }[] = [
  { pattern: /xox[abposer]-[A-Za-z0-9-]+/g, replacement: '[redacted]' }, // Slack tokens
  // Slack incoming webhooks
  { pattern: /https?:\/\/hooks\.slack(?:-gov)?\.com\/[^\s)>\]"']*/g, replacement: '[redacted]' },
  // Authorization header values
  { pattern: /\b(Bearer|OAuth|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, replacement: '$1 [redacted]' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replacement: '[redacted]' }, // GitHub tokens
  { pattern: /\bAKIA[0-9A-Z]{16}\b/g, replacement: '[redacted]' }, // AWS access key ids
  // Passwords in URLs: postgres://user:secret@host keeps user and host
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, replacement: '$1[redacted]@' },
  // PagerDuty routing keys: 32 letters and digits (a sha256 is 64, so hashes stay)
  { pattern: /\b(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]{32}\b/g, replacement: '[redacted]' },
  {
    pattern: /\b((?:api[_-]?key|token|secret|password|passwd|routing[_-]?key)\s*[=:]\s*)[^\s,;'"]+/gi,
    replacement: '$1[redacted]',
  },
];

export const REDACTED = '[redacted]';

export function redactSecrets(text: string): string {
  let out = text;
  for (const { pattern, replacement } of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
