// Writes the post-mortem draft for an incident folder: the pure draft from the journal's
// events, written atomically by the adapter. Used by `warroom postmortem` and on resolve.
import { writePostmortemFile } from '../adapters/postmortem-file.ts';
import type { IncidentEvent } from '../core/incident/events.ts';
import { postmortemMarkdown } from '../core/postmortem/draft.ts';

/** Returns the absolute path written (postmortem.new.md when postmortem.md was edited by hand). */
export async function writePostmortem(incidentDir: string, events: readonly IncidentEvent[], outputPath?: string): Promise<string> {
  const written = await writePostmortemFile(incidentDir, postmortemMarkdown(events), outputPath);
  return written.path;
}
