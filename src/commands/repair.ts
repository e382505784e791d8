// `warroom repair <id|prefix|latest>`: moves the damaged lines of an incident's journal to
// journal.damaged.jsonl (kept, never deleted), records a journal.repaired event and so makes an
// incident that opened read-only writable again. Takes the incident lock: never runs under an
// open war room.
import path from 'node:path';
import { resolveIncident } from '../adapters/incidents.ts';
import { repairJournal } from '../adapters/journal-repair.ts';
import { operatorName } from '../app/open-incident.ts';
import type { CommandIo } from './io.ts';

export async function repairCommand(id: string, io: CommandIo, now: () => Date = () => new Date()): Promise<number> {
  const dir = await resolveIncident(io.env, id);
  const incident = path.basename(dir);
  const result = await repairJournal(dir, { now, actor: operatorName(io.env) });
  if (result.event === null) {
    io.stdout.write(`${path.join(dir, 'journal.jsonl')} is intact; nothing to repair\n`);
    return 0;
  }
  const count = result.moved.length === 1 ? '1 line' : `${result.moved.length} lines`;
  const lines = [
    result.moved.length > 0
      ? `moved ${count} to ${result.damagedFile} (kept there with their line numbers):`
      : `recorded the seq gaps left by missing lines (nothing to move):`,
    ...result.moved.map((m) => `  ${m.problem}`),
    `recorded journal.repaired (seq ${result.event.seq}); ${incident} is writable again: warroom resume ${incident}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
