import { describe, expect, it } from 'vitest';
import {
  currentEscalationLevel,
  dueEscalations,
  escalationOrigin,
  escalationSchedule,
  nextEscalation,
  type DueEscalation,
} from '../../../src/core/clock/escalation.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import type { IncidentEvent } from '../../../src/core/incident/events.ts';
import { at, EventLog, openedEvent } from '../incident/fixtures.ts';

const minute = (m: number) => new Date(at(m));

/**
 * What the app does on each clock tick: fire whatever is due by appending escalation.fired.
 * Returns the levels fired on this tick.
 */
function tick(log: EventLog, minutes: number): DueEscalation[] {
  const due = dueEscalations(replay(log.events), minute(minutes));
  for (const d of due) {
    log.add(minutes, {
      type: 'escalation.fired',
      actor: 'system',
      level: d.level,
      afterMinutes: d.afterMinutes,
      action: d.action,
      target: d.target,
      dueAt: d.dueAt,
      late: d.late,
      manual: false,
    });
  }
  return due;
}

describe('escalation clock', () => {
  it('fires 15 and 30 minute thresholds once each, counted from detection', () => {
    const log = new EventLog(); // detected 10:00, opened 10:05
    const fired: string[] = [];
    for (let m = 5; m <= 45; m += 0.25) {
      for (const d of tick(log, m)) fired.push(`${m}:${d.target}:${d.late}`);
    }
    expect(fired).toEqual(['15:Engineering Manager:false', '30:CTO:false']);
    const state = replay(log.events);
    expect(currentEscalationLevel(state)).toBe(2);
    expect(nextEscalation(state, minute(46))).toBeNull();
    expect(escalationSchedule(state).map((s) => [s.level, s.dueAt, s.firedSeq])).toEqual([
      [1, at(15), 2],
      [2, at(30), 3],
    ]);
  });

  it('tells the time to the next threshold', () => {
    const state = replay(new EventLog().events);
    expect(nextEscalation(state, minute(10.5))).toEqual({
      level: 1,
      afterMinutes: 15,
      target: 'Engineering Manager',
      action: 'page',
      dueAt: at(15),
      msUntil: 4.5 * 60_000,
    });
    expect(currentEscalationLevel(state)).toBe(0);
  });

  it('does not fire twice after a restart (replay of a journal that includes the firing)', () => {
    const log = new EventLog();
    expect(tick(log, 16).map((d) => d.level)).toEqual([1]);
    // Restart: the journal is serialised and replayed; the same and later ticks fire nothing more.
    const restarted = new EventLog();
    restarted.events.splice(0, 1, ...(JSON.parse(JSON.stringify(log.events)) as IncidentEvent[]));
    expect(tick(restarted, 16)).toEqual([]);
    expect(tick(restarted, 20)).toEqual([]);
    expect(tick(restarted, 31).map((d) => d.level)).toEqual([2]);
  });

  it('fires a threshold passed while the app was down once, late, on resume', () => {
    const log = new EventLog();
    expect(tick(log, 6)).toEqual([]);
    // The app was down from 10:06 to 10:40: both thresholds passed unseen.
    const due = tick(log, 40);
    expect(due).toEqual([
      { level: 1, afterMinutes: 15, target: 'Engineering Manager', action: 'page', dueAt: at(15), late: true },
      { level: 2, afterMinutes: 30, target: 'CTO', action: 'page', dueAt: at(30), late: true },
    ]);
    expect(tick(log, 41)).toEqual([]);
    // Fired within the grace of its due time: on time.
    const onTime = new EventLog();
    expect(tick(onTime, 15 + 4 / 60)[0]?.late).toBe(false);
    expect(tick(new EventLog(), 15 + 6 / 60)[0]?.late).toBe(true);
  });

  it('stops counting once resolved and resumes where it stopped on reopen', () => {
    const log = new EventLog();
    log.add(12, { type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: null });
    expect(tick(log, 20)).toEqual([]);
    expect(nextEscalation(replay(log.events), minute(20))).toBeNull();
    expect(escalationSchedule(replay(log.events))[0]?.dueAt).toBeNull();
    // Resolved for 28 minutes: 12 minutes had counted, 3 remain after the reopen at 10:40.
    log.add(40, { type: 'incident.reopened', actor: 'alice', reason: 'latency back' });
    expect(nextEscalation(replay(log.events), minute(40))).toMatchObject({ level: 1, dueAt: at(43), msUntil: 3 * 60_000 });
    expect(tick(log, 42)).toEqual([]);
    expect(tick(log, 43).map((d) => [d.level, d.late])).toEqual([[1, false]]);
    // A level already fired stays fired across another resolve/reopen.
    log.add(44, { type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: null });
    log.add(45, { type: 'incident.reopened', actor: 'alice', reason: null });
    expect(tick(log, 50)).toEqual([]);
    expect(nextEscalation(replay(log.events), minute(50))).toMatchObject({ level: 2, dueAt: at(59) });
  });

  it('counts from the war room opening when so configured or when detection is unknown', () => {
    const fromOpen = replay([openedEvent({ escalationFrom: 'open' })]);
    expect(escalationOrigin(fromOpen)).toBe(at(5));
    expect(dueEscalations(fromOpen, minute(19))).toEqual([]);
    expect(dueEscalations(fromOpen, minute(20)).map((d) => d.level)).toEqual([1]);
    const unknown = replay([openedEvent({ detectedAt: null })]);
    expect(escalationOrigin(unknown)).toBe(at(5));
    const fromDetection = replay([openedEvent()]);
    expect(escalationOrigin(fromDetection)).toBe(at(0));
    expect(dueEscalations(fromDetection, minute(15)).map((d) => d.level)).toEqual([1]);
  });

  it('ignores manual escalations when deciding what the schedule has fired', () => {
    const log = new EventLog();
    log.add(8, { type: 'escalation.fired', actor: 'alice', level: 0, afterMinutes: null, action: 'page', target: 'CTO', dueAt: null, late: false, manual: true });
    expect(currentEscalationLevel(replay(log.events))).toBe(0);
    expect(tick(log, 15).map((d) => d.level)).toEqual([1]);
  });
});
