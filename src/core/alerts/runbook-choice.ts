// Which runbook opens for an alert, in this order: the `runbook_url` annotation mapped to a
// local file (runbooks.urlMap); a copy fetched from that URL when runbooks.fetchPrefixes allows
// it; a file named after the alert among the runbook folders; else none and the operator
// picks. Each step that did not apply leaves a note saying why, so `warroom alerts` can tell
// the operator what to configure instead of silently opening nothing (or the wrong file).
import { fetchableUrl, mapRunbookUrl, pickMappedFile, underPrefix } from './runbook-url.ts';

export type RunbookVia = 'runbook_url' | 'alertname';

export type RunbookChoice =
  | { kind: 'file'; file: string; via: RunbookVia; notes: string[] }
  | { kind: 'fetch'; url: string; notes: string[] }
  | { kind: 'ambiguous'; files: string[]; via: RunbookVia; notes: string[] }
  | { kind: 'none'; notes: string[] };

export interface RunbookChoiceInput {
  /** Null when there is no alert name to look for (a PagerDuty incident). */
  alertName: string | null;
  /** The alert's `runbook_url` annotation (or a PagerDuty alert's details.runbook_url). */
  runbookUrl: string | null;
  urlMap: Readonly<Record<string, string>>;
  fetchPrefixes: readonly string[];
  /** For each urlMap folder: its Markdown files, relative and `/`-separated (the adapter lists them). */
  mappedFiles: ReadonlyMap<string, readonly string[]>;
  /** Runbook files of runbooks.folders (paths as the adapter found them). */
  candidates: readonly string[];
}

/** `folder` + `a/b.md` without node:path (core is pure); the adapter gives folders as it wants them. */
export function joinPath(folder: string, relative: string): string {
  return `${folder.replace(/\/+$/, '')}/${relative}`;
}

const baseName = (file: string) => (file.split(/[\\/]/).pop() ?? file).replace(/\.(md|markdown)$/i, '');

/** Files whose name (without .md) is the alert's name, case-insensitively. */
export function filesNamedAfter(alertName: string, candidates: readonly string[]): string[] {
  const wanted = alertName.trim().toLowerCase();
  if (wanted === '') return [];
  return candidates.filter((file) => /\.(md|markdown)$/i.test(file) && baseName(file).toLowerCase() === wanted).sort();
}

function fromUrl(input: RunbookChoiceInput, notes: string[]): RunbookChoice | null {
  const { runbookUrl } = input;
  if (runbookUrl === null || runbookUrl.trim() === '') return null;
  const match = mapRunbookUrl(runbookUrl, input.urlMap);
  if (match.kind === 'mapped') {
    const files = input.mappedFiles.get(match.folder) ?? [];
    const picked = pickMappedFile(match.segments, files);
    if (picked.kind === 'found') return { kind: 'file', file: joinPath(match.folder, picked.file), via: 'runbook_url', notes };
    if (picked.kind === 'ambiguous') {
      return { kind: 'ambiguous', files: picked.files.map((f) => joinPath(match.folder, f)), via: 'runbook_url', notes };
    }
    notes.push(`runbook_url ${runbookUrl} maps to ${match.folder} (runbooks.urlMap ${match.prefix}), but no file there matches ${match.segments.join('/')}`);
  } else {
    notes.push(match.message);
  }
  if (match.kind === 'invalid' || input.fetchPrefixes.length === 0) return null;
  const url = fetchableUrl(runbookUrl);
  if (url === null) return null;
  if (!/\.(md|markdown)$/i.test(new URL(url).pathname)) {
    notes.push(`runbook_url ${runbookUrl} is a web page, not a Markdown file: it cannot be fetched as a runbook`);
    return null;
  }
  if (!underPrefix(url, input.fetchPrefixes)) {
    notes.push(`${url} is under no runbooks.fetchPrefixes prefix: not fetched`);
    return null;
  }
  return { kind: 'fetch', url, notes };
}

export function chooseRunbook(input: RunbookChoiceInput): RunbookChoice {
  const notes: string[] = [];
  const byUrl = fromUrl(input, notes);
  if (byUrl) return byUrl;
  if (input.alertName === null) return { kind: 'none', notes };
  const named = filesNamedAfter(input.alertName, input.candidates);
  if (named.length === 1 && named[0] !== undefined) return { kind: 'file', file: named[0], via: 'alertname', notes };
  if (named.length > 1) return { kind: 'ambiguous', files: named, via: 'alertname', notes };
  notes.push(`no runbook file named ${input.alertName}.md in runbooks.folders`);
  return { kind: 'none', notes };
}

/** One line for listings: `runbooks/x.md (runbook_url)`, `fetch https://…`, or why none. */
export function describeChoice(choice: RunbookChoice): string {
  switch (choice.kind) {
    case 'file':
      return `${choice.file} (${choice.via === 'runbook_url' ? 'from runbook_url' : 'named after the alert'})`;
    case 'fetch':
      return `fetch ${choice.url}`;
    case 'ambiguous':
      return `one of ${choice.files.join(', ')}`;
    case 'none':
      return `none: ${choice.notes.join('; ')}`;
  }
}
