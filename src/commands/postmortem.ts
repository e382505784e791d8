// `warroom postmortem <id|latest> [-o FILE] [--stdout]`: the post-mortem draft from the journal.
// Reads the journal read-only (no lock), so it works while the war room is still open.
import path from 'node:path';
import { openJournal } from '../adapters/journal.ts';
import { resolveIncident } from '../adapters/incidents.ts';
import { writePostmortemFile } from '../adapters/postmortem-file.ts';
import { postmortemMarkdown } from '../core/postmortem/draft.ts';
import { UsageError, WarroomError } from '../errors.ts';
import type { CommandIo } from './io.ts';

/**
 * Renders and writes the draft; returns the absolute path written. The dashboard calls this on
 * resolve. Default: `<incidentDir>/postmortem.md`, or `postmortem.new.md` next to it when the
 * existing draft was edited by hand (never overwritten).
 */
export async function postmortemCommand(id: string, flags: { output?: string; stdout: boolean }, io: CommandIo): Promise<number> {
  if (flags.stdout && flags.output !== undefined) {
    throw new UsageError('use either --stdout or -o/--output, not both');
  }
  const dir = await resolveIncident(io.env, id);
  const { events, problems } = await openJournal(dir, { readonly: true });
  for (const problem of problems) io.stderr.write(`warroom: warning: ${problem.message}\n`);
  if (events[0]?.type !== 'incident.opened') {
    throw new WarroomError(`${path.join(dir, 'journal.jsonl')}: no incident.opened event; nothing to draft from`);
  }
  const markdown = postmortemMarkdown(events);
  if (flags.stdout) {
    io.stdout.write(markdown);
    return 0;
  }
  const output = flags.output === undefined ? undefined : path.resolve(io.cwd, flags.output);
  const written = await writePostmortemFile(dir, markdown, output);
  if (written.keptEdited !== null) {
    io.stderr.write(`warroom: ${written.keptEdited} was edited since warroom wrote it; left it as is\n`);
  }
  io.stdout.write(`${written.path}\n`);
  return 0;
}
