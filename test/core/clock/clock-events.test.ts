import { describe, expect, it } from 'vitest';
import { nextEscalationEvent, updateDueEvent } from '../../../src/core/clock/clock-events.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import { at, EventLog } from '../incident/fixtures.ts';

const minute = (m: number) => new Date(at(m));

/** What the session does on a tick: append clock events until none is left. */
function tick(log: EventLog, minutes: number): string[] {
  const added: string[] = [];
  for (;;) {
    const event = nextEscalationEvent(replay(log.events), minute(minutes)) ?? updateDueEvent(replay(log.events), minute(minutes));
    if (!event) return added;
    log.add(minutes, event);
    added.push(event.type === 'escalation.fired' ? `fired ${event.target}${event.late ? ' (late)' : ''}` : `${event.type} ${'dueAt' in event ? event.dueAt : ''}`);
  }
}

describe('clock events', () => {
  it('fires each threshold once and records each missed update deadline once', () => {
    const log = new EventLog(); // detected 10:00, opened 10:05, update promised by 10:20
    expect(tick(log, 14)).toEqual([]);
    expect(tick(log, 15)).toEqual(['fired Engineering Manager']);
    expect(tick(log, 15.5)).toEqual([]);
    expect(tick(log, 20)).toEqual([`update.due ${at(20)}`]);
    expect(tick(log, 21)).toEqual([]);
    expect(tick(log, 30)).toEqual(['fired CTO']);
    expect(tick(log, 45)).toEqual([]);
  });

  it('after a gap, fires every passed threshold in order, late, in one tick', () => {
    const log = new EventLog();
    expect(tick(log, 40)).toEqual(['fired Engineering Manager (late)', 'fired CTO (late)', `update.due ${at(20)}`]);
    expect(tick(log, 41)).toEqual([]);
  });

  it('a manual escalation does not use up a threshold', () => {
    const log = new EventLog();
    log.add(6, { type: 'escalation.fired', actor: 'alice', level: 0, afterMinutes: null, action: 'page', target: 'Engineering Manager', dueAt: null, late: false, manual: true });
    expect(tick(log, 15)).toEqual(['fired Engineering Manager']);
  });
});
