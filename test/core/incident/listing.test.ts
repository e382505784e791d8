// The listing fields the incident index keeps must be exactly what replay() derives, after every
// event, and only the event types changesListing names may change anything but lastSeq: the
// index rewrites its entry for those alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changesListing, foldListing, foldListings, listingFromState, type IncidentListing } from '../../../src/core/incident/listing.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import { journal } from './arbitraries.ts';
import { at, openedEvent } from './fixtures.ts';

describe('incident listing', () => {
  it('agrees with replay after every event of random journals', () => {
    fc.assert(
      fc.property(journal, (events) => {
        let listing: IncidentListing | null = null;
        events.forEach((event, i) => {
          listing = foldListing(listing, event);
          expect(listing).toEqual(listingFromState(replay(events.slice(0, i + 1))));
        });
        expect(foldListings(events)).toEqual(listing);
      }),
      { numRuns: 300 },
    );
  });

  it('changes nothing but lastSeq for the event types it does not name', () => {
    fc.assert(
      fc.property(journal, (events) => {
        let listing = foldListing(null, events[0]!);
        for (const event of events.slice(1)) {
          const next = foldListing(listing, event);
          if (!changesListing(event)) expect(next).toEqual({ ...listing, lastSeq: event.seq });
          listing = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('throws where replay throws: a second opening, or events before the first', () => {
    const opened = openedEvent();
    const first = foldListing(null, opened);
    expect(() => foldListing(first, { ...opened, seq: 2 })).toThrow(/opened only once/);
    expect(() => foldListing(null, { type: 'note.added', actor: 'a', text: 'x', seq: 1, at: at(1) })).toThrow(/does not start with incident.opened/);
    expect(first).toMatchObject({ status: 'investigating', resolvedAt: null, lastSeq: 1, dryRun: false });
  });
});
