// Secret-shaped strings (tokens, keys, webhook URLs, passwords in URLs and assignments, private
// keys) replaced before text leaves the log file for a record others read: the journal's output
// tails, `show`, the post-mortem. Best effort by shape: it cannot know every secret, so the
// design keeps known secrets out by construction and this catches what commands print.
// The raw command log (`commands/<seq>.log`) is never redacted: it is the operator's evidence.

export const REDACTED = '[redacted]';
const REDACTED_KEY = '[redacted private key]';

// PEM private keys: BEGIN to END in one string (real newlines or JSON's `\n`), or to the end
// when the END line was cut off. Certificates and public keys are public and stay.
const PEM_KIND = '(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?';
const PEM_BLOCK = new RegExp(`-----BEGIN ${PEM_KIND}-----[\\s\\S]*?(?:-----END ${PEM_KIND}-----|$)`, 'g');
const PEM_BEGIN = new RegExp(`-----BEGIN ${PEM_KIND}-----`);
const PEM_END = new RegExp(`-----END ${PEM_KIND}-----`);

/** Token shapes that are secret wherever they appear, most specific first. */
const SECRET_PATTERNS: readonly { pattern: RegExp; replacement: string | ((match: string, ...groups: string[]) => string) }[] = [
  { pattern: PEM_BLOCK, replacement: REDACTED_KEY },
  // Pieces of a key seen one line at a time (a caller that redacts line by line): its END
  // line, and its body lines, 64 characters of mixed-case base64 (a hex hash is one case).
  { pattern: new RegExp(PEM_END.source, 'g'), replacement: REDACTED_KEY },
  { pattern: /^(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[0-9])[A-Za-z0-9+/]{64}$/gm, replacement: REDACTED_KEY },
  // Authorization headers keep their scheme: `Authorization: Bearer [redacted]`.
  {
    pattern: /\b((?:Proxy-)?Authorization\s*:\s*)(?:(Bearer|Basic|Digest|OAuth|token|Token|Negotiate)\s+)?[^\s"',;]+/gi,
    replacement: (_m, head: string, scheme: string | undefined) => `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  },
  { pattern: /\b(Bearer|OAuth|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, replacement: `$1 ${REDACTED}` },
  // Slack: bot/user/app tokens, refresh tokens, incoming webhooks and workflow triggers.
  { pattern: /\b(?:xox[abposer]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g, replacement: REDACTED },
  { pattern: /https?:\/\/hooks\.slack(?:-gov)?\.com\/[^\s)>\]"']*/g, replacement: REDACTED },
  // Passwords in URLs: postgres://user:secret@host keeps user and host.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, replacement: `$1${REDACTED}@` },
  // GitHub: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_) tokens.
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replacement: REDACTED },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replacement: REDACTED },
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other credential prefixes).
  { pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, replacement: REDACTED },
  // AWS secret access keys: 40 characters of base64, mixed case with a digit. A git SHA-1 is
  // lowercase hex and never matches; a path of exactly 40 characters has more slashes.
  {
    pattern: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    replacement: (match) => (match.split('/').length > 4 ? match : REDACTED),
  },
  // Google: API keys and OAuth access tokens.
  { pattern: /\bAIza[0-9A-Za-z_-]{35}/g, replacement: REDACTED },
  { pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g, replacement: REDACTED },
  // Stripe secret and restricted keys, webhook signing secrets (pk_ keys are public by design).
  { pattern: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}/g, replacement: REDACTED },
  { pattern: /\bwhsec_[0-9A-Za-z]{20,}/g, replacement: REDACTED },
  // JSON Web Tokens (Kubernetes service-account tokens, OIDC id tokens).
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, replacement: REDACTED },
  // PagerDuty routing keys: 32 letters and digits (a sha256 is 64, so hashes stay).
  { pattern: /\b(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]{32}\b/g, replacement: REDACTED },
];

// `NAME=value`, `NAME: value`, `"name": "value"`, `--name=value`. The name decides (secretName).
const ASSIGNMENT = /(?<![A-Za-z0-9_])(["']?)([A-Za-z][A-Za-z0-9_.-]*)\1(\s*[=:]\s*)/g;
const VALUE = /^(?:"[^"\n]*"|'[^'\n]*'|[^\s,;'"&]+)/;

// Last words that name something about a secret rather than the secret itself:
// TOKEN_TTL=30, DB_PASSWORD_FILE=/run/secrets/db, secretName: db-creds, AWS_ACCESS_KEY_ID=...
// (an AKIA id is masked by its shape anyway).
const METADATA_WORDS = new Set([
  'name', 'names', 'ref', 'ttl', 'url', 'uri', 'path', 'file', 'dir', 'arn', 'version', 'count', 'type', 'id', 'ids',
  'length', 'len', 'expiry', 'expires', 'expiration', 'timeout', 'rotation', 'age', 'source', 'store', 'hint', 'prefix',
  'format', 'env', 'kind', 'mode', 'set', 'header', 'field', 'policy', 'size', 'required', 'enabled',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Whether an assignment's name says its value is secret: `*SECRET*` and `*PASSWORD*` (also
 * PASSWD, CREDENTIALS) anywhere, `*_TOKEN` and `*_KEY` as the last word, bare `token`, and never
 * when the last word names metadata (TOKEN_TTL, SECRET_NAME, PASSWORD_FILE).
 * Bare `key` is not enough: `key: app` is every Kubernetes label selector.
 */
export function isSecretName(name: string): boolean {
  const parts = words(name);
  const last = parts.at(-1);
  if (last === undefined || METADATA_WORDS.has(last)) return false;
  const flat = parts.join('');
  if (/secret|passw(?:or)?d|credential|passphrase/.test(flat)) return true;
  if (last === 'token' || last === 'tokens' || /(?:access|auth|api|session|refresh|bearer|id)token$/.test(flat)) return true;
  if (last === 'key') return parts.length > 1;
  return /(?:api|access|private|secret|routing|signing|encryption|master|license)key$/.test(flat);
}

function redactAssignments(text: string): string {
  let out = '';
  let from = 0;
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(text); match !== null; match = ASSIGNMENT.exec(text)) {
    const name = match[2] as string;
    const valueStart = match.index + match[0].length;
    if (!isSecretName(name)) continue; // the next name may start right after the separator
    const value = VALUE.exec(text.slice(valueStart))?.[0];
    // `$VAR` and `$(cmd)` are references, not secrets: PGPASSWORD="$DB_PASSWORD" psql stays.
    if (value === undefined || /^["']?\$/.test(value) || value.includes(REDACTED)) continue;
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    out += text.slice(from, valueStart) + `${quote}${REDACTED}${quote}`;
    from = valueStart + value.length;
    ASSIGNMENT.lastIndex = from;
  }
  return out + text.slice(from);
}

/** Masks every secret-shaped part of `text` (which may span lines). */
export function redactSecrets(text: string): string {
  let out = text;
  for (const { pattern, replacement } of SECRET_PATTERNS) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return redactAssignments(out);
}

const BASE64_LINE = /^[A-Za-z0-9+/=]+$/;

/**
 * Redacts a list of output lines, keeping their count: a private key spread over lines is
 * masked line by line, also when its BEGIN or END line fell outside the list (a bounded tail).
 */
export function redactLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  let inKey = false;
  for (const line of lines) {
    if (inKey) {
      const end = PEM_END.exec(line);
      if (end) {
        inKey = false;
        out.push(REDACTED_KEY + redactSecrets(line.slice(end.index + end[0].length)));
      } else out.push(REDACTED_KEY);
      continue;
    }
    const begin = PEM_BEGIN.exec(line);
    if (begin && !PEM_END.test(line.slice(begin.index))) {
      inKey = true;
      out.push(redactSecrets(line.slice(0, begin.index)) + REDACTED_KEY);
      continue;
    }
    const end = PEM_END.exec(line);
    if (end && !begin) {
      // Its BEGIN scrolled out: the base64 lines just above are the key's body.
      for (let i = out.length - 1; i >= 0 && BASE64_LINE.test(lines[i] as string); i -= 1) out[i] = REDACTED_KEY;
      out.push(REDACTED_KEY + redactSecrets(line.slice(end.index + end[0].length)));
      continue;
    }
    out.push(redactSecrets(line));
  }
  return out;
}

/** Every string in a JSON-like value redacted (arrays of strings as lines), for `show --json`. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item) => typeof item === 'string')) return redactLines(value as string[]) as T;
    return value.map((item: unknown) => redactDeep(item)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item as unknown)])) as T;
  }
  return value;
}
