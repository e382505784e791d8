// The journal's hook into the incident index: every Journal opened for writing gets one (see
// journal.ts). It folds the listing fields from the appends and, when an append changes one of
// them (opened, status, severity, commander, resolved, reopened), and once more when the
// journal closes, appends one line to the index (`incidents/.index/entries.jsonl`), after the
// append was acknowledged. One small write, no read of the index: the screen's thread does
// almost nothing for it. If the index does not exist the line is not written (the next `list` builds it); if
// this process dies before the line lands, the next reader finds the journal newer than the
// entry and reads it: the journal wins.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { IncidentEvent } from '../core/incident/events.ts';
import { changesListing, foldListing, foldListings, type IncidentListing } from '../core/incident/listing.ts';
import { appendEntries } from './incident-index.ts';
import type { JournalObserver } from './journal-writer.ts';
import { journalPath } from './journal-writer.ts';

interface Snapshot {
  listing: IncidentListing;
  /** The journal's size once the events folded into `listing` were durable. */
  size: number;
}

/** Keeps the index entry of the incident at `dir` current; `events` are those already in its journal. */
export function indexObserver(dir: string, events: readonly IncidentEvent[]): JournalObserver {
  const incidentsDir = path.dirname(dir);
  const id = path.basename(dir);
  let listing: IncidentListing | null = null;
  let broken = false;
  try {
    listing = foldListings(events);
  } catch {
    broken = true; // replay refuses this journal too; readers report it
  }
  let pending: Snapshot | null = null;
  let writing: Promise<void> | null = null;

  const write = async ({ listing: snapshot, size }: Snapshot): Promise<void> => {
    const stat = await fs.stat(journalPath(dir));
    // Appends only grow the file, so the same size means the same bytes: this mtime is theirs.
    // A larger file (more appends landed) leaves the mtime unknown; readers then read the tail.
    const journal = { size, mtimeMs: stat.size === size ? stat.mtimeMs : -1, ino: stat.ino };
    await appendEntries(incidentsDir, [{ id, listing: snapshot, problems: [], error: null, journal }]);
  };
  const drain = async (): Promise<void> => {
    try {
      while (pending !== null) {
        const next = pending;
        pending = null;
        await write(next).catch(() => undefined); // a cache: never an error for the war room
      }
    } finally {
      writing = null;
    }
  };
  const schedule = (size: number) => {
    if (listing === null) return;
    pending = { listing, size };
    writing ??= drain();
  };

  return {
    appended(batch, size) {
      if (broken) return;
      let changed = false;
      try {
        for (const event of batch) {
          listing = foldListing(listing, event);
          changed ||= changesListing(event);
        }
      } catch {
        broken = true;
        return;
      }
      if (changed) schedule(size);
    },
    async closing(size) {
      if (!broken) schedule(size);
      while (writing !== null) await writing;
    },
  };
}
