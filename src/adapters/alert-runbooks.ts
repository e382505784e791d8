// The files an alert's runbook may be: the Markdown files under each runbooks.urlMap folder
// (for runbook_url mapping) and the runbooks of ./runbooks and runbooks.folders (for a file
// named after the alert). Listing is the only I/O; the choice is core's chooseRunbook.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chooseRunbook, type RunbookChoice } from '../core/alerts/runbook-choice.ts';
import { findRunbookFiles } from './runbook-files.ts';
import type { RunbookSourcesConfig } from './alerting-config.ts';

export interface RunbookLookup {
  /** urlMap with each folder resolved to an absolute path. */
  urlMap: Record<string, string>;
  fetchPrefixes: string[];
  /** Absolute folder → its Markdown files, relative and `/`-separated. */
  mappedFiles: Map<string, string[]>;
  /** Absolute paths of the runbooks in ./runbooks and runbooks.folders. */
  candidates: string[];
}

/** `~/x` → the home folder; anything else relative to `cwd`. */
export function resolveFolder(folder: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME;
  if (home && (folder === '~' || folder.startsWith('~/'))) return path.join(home, folder.slice(1));
  return path.resolve(cwd, folder);
}

async function markdownFiles(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && /\.(md|markdown)$/i.test(e.name))
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').some((seg) => seg.startsWith('.') || seg === 'node_modules'))
    .sort();
}

export async function runbookLookup(sources: RunbookSourcesConfig, cwd: string, env: NodeJS.ProcessEnv): Promise<RunbookLookup> {
  const urlMap: Record<string, string> = {};
  const mappedFiles = new Map<string, string[]>();
  for (const [prefix, folder] of Object.entries(sources.urlMap)) {
    const absolute = resolveFolder(folder, cwd, env);
    urlMap[prefix] = absolute;
    if (!mappedFiles.has(absolute)) mappedFiles.set(absolute, await markdownFiles(absolute));
  }
  const candidates: string[] = [];
  for (const folder of [path.join(cwd, 'runbooks'), ...sources.folders.map((f) => resolveFolder(f, cwd, env))]) {
    try {
      candidates.push(...(await findRunbookFiles([folder])).map((f) => path.resolve(f)));
    } catch {
      // A missing or empty folder offers no candidates; `warroom validate` explains folders.
    }
  }
  return { urlMap, fetchPrefixes: sources.fetchPrefixes, mappedFiles, candidates: [...new Set(candidates)] };
}

export function runbookForAlert(alertName: string | null, runbookUrl: string | null, lookup: RunbookLookup): RunbookChoice {
  return chooseRunbook({ alertName, runbookUrl, ...lookup });
}
