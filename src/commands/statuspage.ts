// `warroom statuspage components [--json] [--runbook FILE]`: the configured status page's
// components (id, name, group, status), marking the ones an incident would start with (from the
// runbook's front matter, else `statuspage.components`) and reporting names the page lacks.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError, WarroomError } from '../errors.ts';
import { loadConfig } from '../adapters/config.ts';
import { openProvider, providerLabel } from '../adapters/statuspage/providers.ts';
import { matchComponents, preselectedComponentNames } from '../core/statuspage/components.ts';
import { parseRunbook } from '../core/runbook/parse.ts';
import type { PageComponent } from '../core/statuspage/types.ts';
import type { CommandIo } from './io.ts';

export interface StatuspageArgs {
  action: 'components';
  json: boolean;
  runbook?: string;
}

async function readRunbook(file: string, io: CommandIo) {
  const full = path.resolve(io.cwd, file);
  try {
    return parseRunbook(await fs.readFile(full, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    throw new WarroomError(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return `${rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ').trimEnd()).join('\n')}\n`;
}

export async function statuspageCommand(args: StatuspageArgs, io: CommandIo): Promise<number> {
  const config = loadConfig(io.env).statuspage;
  if (!config?.apiKey || !config.pageId) {
    throw new WarroomError('no status page configured: set statuspage.apiKey and statuspage.pageId (and statuspage.provider for incident.io)');
  }
  const runbook = args.runbook ? await readRunbook(args.runbook, io) : null;
  const provider = await openProvider(config.provider, { apiUrl: config.apiUrl, apiKey: config.apiKey, pageId: config.pageId, http: { timeoutMs: 15_000 } });
  if (provider === null) throw new WarroomError(`statuspage.provider ${config.provider} is not a known provider`);
  const listed = await provider.listComponents(AbortSignal.timeout(60_000));
  const label = `${providerLabel(config.provider)} ${config.pageId}`;
  if (!listed.ok) throw new WarroomError(`${label}: ${listed.error}`);

  const { names, source } = preselectedComponentNames(runbook, config.components);
  const match = matchComponents(names, listed.value);
  const preselected = new Set(match.matched.map((c) => c.id));
  const where = source === 'runbook' ? `${args.runbook} (components:)` : 'statuspage.components';

  if (args.json) {
    const components = listed.value.map((c: PageComponent) => ({ ...c, preselected: preselected.has(c.id) }));
    const out = { provider: config.provider, pageId: config.pageId, components, preselection: { source, names, ...match, matched: match.matched.map((c) => c.id) } };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (listed.value.length === 0) {
    io.stdout.write(`${label} has no components.\n`);
  } else {
    const rows = listed.value.map((c) => [preselected.has(c.id) ? '*' : ' ', c.id, c.name, c.group ?? '-', c.status ?? '-']);
    io.stdout.write(table([[' ', 'ID', 'NAME', 'GROUP', 'STATUS'], ...rows]));
    if (preselected.size > 0) io.stdout.write(`* preselected by ${where}\n`);
  }
  for (const name of match.unknown) io.stderr.write(`warroom: ${where} names ${JSON.stringify(name)}, which ${label} does not have\n`);
  for (const name of match.ambiguous) io.stderr.write(`warroom: ${where} names ${JSON.stringify(name)}, which matches several components: write it as Group/Name\n`);
  return match.unknown.length + match.ambiguous.length > 0 ? 1 : 0;
}
