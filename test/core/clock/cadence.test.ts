import { describe, expect, it } from 'vitest';
import { dueUpdateToRecord, updateDeadline, updateStatus } from '../../../src/core/clock/cadence.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import type { NewEvent } from '../../../src/core/incident/events.ts';
import { at, EventLog } from '../incident/fixtures.ts';

const minute = (m: number) => new Date(at(m));
const posted = (nextUpdateMinutes: number | null, kind: 'internal' | 'public' = 'internal'): NewEvent => ({
  type: 'update.posted',
  actor: 'alice',
  kind,
  text: 'Status: Investigating',
  fields: {},
  nextUpdateMinutes,
  deliveryIds: [],
});

describe('update cadence', () => {
  it('makes the first update due one cadence after opening', () => {
    const state = replay(new EventLog().events); // opened 10:05, cadence 15
    expect(updateDeadline(state)).toBe(at(20));
    expect(updateDeadline(state, 'public')).toBeNull();
    expect(updateStatus(state, minute(16))).toEqual({ dueAt: at(20), msUntil: 4 * 60_000, overdue: false });
    expect(updateStatus(state, minute(21))).toEqual({ dueAt: at(20), msUntil: -60_000, overdue: true });
  });

  it('takes the deadline from the promise of the last update, early or late', () => {
    const log = new EventLog();
    log.add(10, posted(30)); // early: the 10:20 reminder must go away
    expect(updateStatus(replay(log.events), minute(21))).toEqual({ dueAt: at(40), msUntil: 19 * 60_000, overdue: false });
    log.add(45, posted(15)); // late
    expect(updateDeadline(replay(log.events))).toBe(at(60));
    log.add(50, posted(null)); // promised nothing
    expect(updateStatus(replay(log.events), minute(90))).toBeNull();
    log.add(55, posted(10, 'public'));
    expect(updateDeadline(replay(log.events), 'public')).toBe(at(65));
  });

  it('records each passed deadline once, even across restarts', () => {
    const log = new EventLog();
    expect(dueUpdateToRecord(replay(log.events), minute(19))).toBeNull();
    expect(dueUpdateToRecord(replay(log.events), minute(20))).toBe(at(20));
    log.add(20, { type: 'update.due', actor: 'system', kind: 'internal', dueAt: at(20) });
    const restarted = replay(JSON.parse(JSON.stringify(log.events)) as typeof log.events);
    expect(dueUpdateToRecord(restarted, minute(25))).toBeNull();
    log.add(26, posted(15));
    expect(dueUpdateToRecord(replay(log.events), minute(40))).toBeNull();
    expect(dueUpdateToRecord(replay(log.events), minute(41))).toBe(at(41));
  });

  it('has no deadline once resolved, and a fresh one after a reopen', () => {
    const log = new EventLog();
    log.add(10, posted(15));
    log.add(12, { type: 'incident.resolved', actor: 'alice', from: 'monitoring', summary: null });
    let state = replay(log.events);
    expect(updateDeadline(state)).toBeNull();
    expect(updateStatus(state, minute(60))).toBeNull();
    expect(dueUpdateToRecord(state, minute(60))).toBeNull();
    log.add(30, { type: 'incident.reopened', actor: 'alice', reason: null });
    state = replay(log.events);
    expect(updateDeadline(state)).toBe(at(45));
    log.add(35, posted(20));
    expect(updateDeadline(replay(log.events))).toBe(at(55));
  });
});
