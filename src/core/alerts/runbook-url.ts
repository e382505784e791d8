// A `runbook_url` annotation → a Markdown file in a local folder, through `runbooks.urlMap`
// (URL prefix → folder). GitHub links come as blob or raw URLs of any branch, and both match a
// prefix written in either form or as the bare repository URL; Hugo sites such as
// runbooks.prometheus-operator.dev serve `runbooks/<group>/<alertname-lowercase>/` from
// `content/runbooks/<group>/<AlertName>.md`. So the file is found by its path suffix,
// case-insensitively: the longest run of trailing URL segments that a file's path ends with.

export type UrlMatch =
  | { kind: 'mapped'; prefix: string; folder: string; /** Decoded path segments below the prefix. */ segments: string[] }
  | { kind: 'unmapped'; message: string }
  | { kind: 'invalid'; message: string };

export type FileMatch =
  | { kind: 'found'; file: string }
  | { kind: 'ambiguous'; files: string[] }
  | { kind: 'missing' };

interface UrlForm {
  origin: string;
  segments: string[];
}

function parseUrl(text: string): URL | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** How many segments a ref takes: `main`, or `refs/heads/main`. */
function refLength(segments: readonly string[], at: number): number {
  return segments[at] === 'refs' && (segments[at + 1] === 'heads' || segments[at + 1] === 'tags') ? 3 : 1;
}

/** The spellings of one GitHub file: blob, raw (both hosts) and ref-free under the repository. */
function githubForms(url: URL): UrlForm[] | null {
  const s = pathSegments(url);
  let owner: string | undefined, repo: string | undefined, ref: string[], rest: string[];
  if (url.hostname === 'github.com' && (s[2] === 'blob' || s[2] === 'raw' || s[2] === 'tree') && s.length > 3) {
    [owner, repo] = s;
    const n = refLength(s, 3);
    ref = s.slice(3, 3 + n);
    rest = s.slice(3 + n);
  } else if (url.hostname === 'raw.githubusercontent.com' && s.length > 2) {
    [owner, repo] = s;
    const n = refLength(s, 2);
    ref = s.slice(2, 2 + n);
    rest = s.slice(2 + n);
  } else {
    return null;
  }
  if (!owner || !repo) return null;
  const gh = 'https://github.com';
  return [
    { origin: gh, segments: [owner, repo, 'blob', ...ref, ...rest] },
    { origin: gh, segments: [owner, repo, 'raw', ...ref, ...rest] },
    { origin: 'https://raw.githubusercontent.com', segments: [owner, repo, ...ref, ...rest] },
    { origin: gh, segments: [owner, repo, ...rest] },
  ];
}

function formsOf(url: URL): UrlForm[] {
  return githubForms(url) ?? [{ origin: url.origin.toLowerCase(), segments: pathSegments(url) }];
}

const lower = (s: string) => s.toLowerCase();

/** The longest urlMap prefix the URL (in any of its spellings) lies under, on segment boundaries. */
export function mapRunbookUrl(runbookUrl: string, urlMap: Readonly<Record<string, string>>): UrlMatch {
  const url = parseUrl(runbookUrl);
  if (!url) return { kind: 'invalid', message: `runbook_url ${runbookUrl} is not an http(s) URL` };
  let best: { prefix: string; folder: string; length: number; segments: string[] } | null = null;
  for (const [prefix, folder] of Object.entries(urlMap)) {
    const parsed = parseUrl(prefix);
    if (!parsed) continue;
    const prefixSegments = pathSegments(parsed).map(lower);
    for (const form of formsOf(url)) {
      if (form.origin !== parsed.origin.toLowerCase()) continue;
      if (!prefixSegments.every((seg, i) => lower(form.segments[i] ?? '') === seg)) continue;
      const segments = form.segments.slice(prefixSegments.length);
      // Longest prefix wins; for one prefix, the spelling that leaves the least below it (the
      // repository URL matches a blob URL both as `blob/main/a.md` and as `a.md`: take `a.md`).
      const better = best === null || prefixSegments.length > best.length || (prefixSegments.length === best.length && segments.length < best.segments.length);
      if (better) best = { prefix, folder, length: prefixSegments.length, segments };
    }
  }
  if (best) return { kind: 'mapped', prefix: best.prefix, folder: best.folder, segments: best.segments };
  return {
    kind: 'unmapped',
    message: `runbook_url ${runbookUrl} is under no runbooks.urlMap prefix; map it to a folder: warroom config set runbooks.urlMap '${suggestedPrefix(url)}=<folder>'`,
  };
}

/** The repository for GitHub URLs, else the URL's folder: a prefix likely to cover its siblings. */
export function suggestedPrefix(url: URL): string {
  const github = githubForms(url);
  const repoForm = github?.[3];
  if (repoForm) return `https://github.com/${repoForm.segments.slice(0, 2).join('/')}`;
  const folder = pathSegments(url).slice(0, -1);
  return `${url.origin}/${folder.map(encodeURIComponent).join('/')}${folder.length > 0 ? '/' : ''}`;
}

const MARKDOWN = /\.(md|markdown)$/i;
const INDEX_NAMES = new Set(['index', '_index', 'readme']);

/** `content/runbooks/kubernetes/KubePodCrashLooping.md` → `content runbooks kubernetes kubepodcrashlooping`. */
function comparableSegments(segments: readonly string[]): string[] {
  const out = segments.filter((s) => s !== '').map(lower);
  const last = out.length - 1;
  if (last >= 0) out[last] = (out[last] ?? '').replace(MARKDOWN, '');
  while (out.length > 1 && INDEX_NAMES.has(out[out.length - 1] ?? '')) out.pop();
  return out;
}

function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * The file among `files` (paths relative to the mapped folder, `/`-separated) that the URL
 * segments name: the longest common path suffix wins; at least the file name must match.
 */
export function pickMappedFile(segments: readonly string[], files: readonly string[]): FileMatch {
  const target = comparableSegments(segments);
  if (target.length === 0) return { kind: 'missing' };
  let bestScore = 0;
  let best: string[] = [];
  for (const file of files) {
    if (!MARKDOWN.test(file)) continue;
    const score = commonSuffix(target, comparableSegments(file.split('/')));
    if (score === 0) continue;
    if (score > bestScore) {
      bestScore = score;
      best = [file];
    } else if (score === bestScore) best.push(file);
  }
  if (best.length === 0) return { kind: 'missing' };
  if (best.length > 1) return { kind: 'ambiguous', files: best.sort() };
  return { kind: 'found', file: best[0] ?? '' };
}

/** The URL warroom would download for a runbook_url: a GitHub blob's raw file, else itself. */
export function fetchableUrl(runbookUrl: string): string | null {
  const url = parseUrl(runbookUrl);
  if (!url) return null;
  const raw = githubForms(url)?.[2];
  if (raw && url.hostname === 'github.com') return `${raw.origin}/${raw.segments.map(encodeURIComponent).join('/')}`;
  url.hash = '';
  return url.toString();
}

/** Is `target` under one of `prefixes` (same origin, path on a segment boundary)? */
export function underPrefix(target: string, prefixes: readonly string[]): boolean {
  const url = parseUrl(target);
  if (!url) return false;
  const segments = pathSegments(url);
  return prefixes.some((prefix) => {
    const parsed = parseUrl(prefix);
    if (!parsed || parsed.origin !== url.origin) return false;
    return pathSegments(parsed).every((seg, i) => segments[i] === seg);
  });
}
