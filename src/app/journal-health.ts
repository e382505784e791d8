// A full disk (or any failed journal write) is not sticky: the journal refuses that one append,
// leaves nothing of it, and tries again on the next action. The status line says when recording
// stopped and, as soon as a write works again, that it records again, without leaving the room.
import type { JournalHealth } from '../adapters/journal.ts';
import type { Session } from './session.ts';

export interface HealthSource {
  onHealthChange(listener: (health: JournalHealth) => void): () => void;
}

export const RECORDING_AGAIN = 'recording works again: the journal is being written';

export function reportJournalHealth(session: Session, journal: HealthSource): () => void {
  return journal.onHealthChange((health) => {
    if (health.ok) session.notify('info', RECORDING_AGAIN, 15_000);
    else session.notify('error', `not recording (${health.code ?? 'write failed'}): nothing of that action was kept; the next action tries again`, 60_000);
  });
}
