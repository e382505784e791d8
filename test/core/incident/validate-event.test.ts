import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKnownEventType, validateEvent } from '../../../src/core/incident/validate-event.ts';
import { journal } from './arbitraries.ts';
import { at, openedEvent } from './fixtures.ts';

const note = { type: 'note.added', seq: 3, at: at(6), actor: 'alice', text: 'p95 2.1s' };

describe('validateEvent', () => {
  it('accepts every event of a well-formed journal after a JSON round trip', () => {
    fc.assert(
      fc.property(journal, (events) => {
        for (const event of events) expect(validateEvent(JSON.parse(JSON.stringify(event)))).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('rejects values that are not events', () => {
    expect(validateEvent(null)).toBe('event is not a JSON object');
    expect(validateEvent([note])).toBe('event is not a JSON object');
    expect(validateEvent({ seq: 1 })).toBe('event has no type');
    expect(validateEvent({ ...note, type: 'note.deleted' })).toBe('unknown event type "note.deleted"');
    expect(isKnownEventType('note.added')).toBe(true);
    expect(isKnownEventType('toString')).toBe(false);
  });

  it('names the missing or malformed field', () => {
    const { text: _text, ...noText } = note;
    expect(validateEvent(noText)).toBe('seq 3 (note.added): missing text');
    expect(validateEvent({ ...note, seq: 0 })).toBe('seq 0 (note.added): seq must be a positive integer');
    expect(validateEvent({ ...note, seq: 1.5 })).toBe('note.added: seq must be a positive integer');
    expect(validateEvent({ ...note, at: '10:00' })).toBe('seq 3 (note.added): at must be an ISO time with a zone');
    expect(validateEvent({ ...note, at: '2026-11-26T10:00:00' })).toMatch(/at must be an ISO time/);
    // Shaped right, out of range: refused as Date.parse would.
    for (const bad of ['2026-13-01T10:00:00Z', '2026-12-32T10:00:00Z', '2026-12-01T25:00:00Z', '2026-12-01T10:61:00Z', '2026-12-01T10:00:60Z', '2026-12-01T10:00:00+25:00', '2026-12-01T10:00:00+05:61']) {
      expect(validateEvent({ ...note, at: bad }), bad).toMatch(/at must be an ISO time/);
    }
    expect(validateEvent({ ...note, at: '2026-12-01T10:00:00.123+05:30' })).toBeNull();
    expect(validateEvent({ ...note, actor: '' })).toBe('seq 3 (note.added): actor must be a non-empty string');
    expect(
      validateEvent({ type: 'status.changed', seq: 4, at: at(7), actor: 'a', from: 'investigating', to: 'resolved' }),
    ).toBe('seq 4 (status.changed): to must be one of investigating, identified, monitoring');
    expect(
      validateEvent({ type: 'command.cancelled', seq: 4, at: at(7), actor: 'a', requestSeq: '2', reason: 'r' }),
    ).toBe('seq 4 (command.cancelled): requestSeq must be a positive integer');
    expect(
      validateEvent({ type: 'step.checked', seq: 4, at: at(7), actor: 'a', stepId: 'x', note: 3 }),
    ).toBe('seq 4 (step.checked): note must be a string or null');
    const started = { type: 'flag.started', seq: 5, at: at(7), actor: 'a', requestSeq: 4, pid: 9, outputFile: 'commands/4.log', pgid: 9, runToken: 't' };
    expect(validateEvent(started)).toBeNull();
    const { outputFile: _outputFile, ...noLog } = started;
    expect(validateEvent(noLog)).toBe('seq 5 (flag.started): missing outputFile');
    expect(validateEvent({ ...started, pgid: 0 })).toMatch(/^seq 5 \(flag.started\): pgid must be/);
  });

  it('skips an optional field that is absent and checks it when present, even as undefined', () => {
    const set = { type: 'parameter.set', seq: 6, at: at(7), actor: 'a', name: 'pod', value: 'api-1' };
    expect(validateEvent(set)).toBeNull();
    expect(validateEvent({ ...set, secret: true })).toBeNull();
    expect(validateEvent({ ...set, secret: 'yes' })).toBe('seq 6 (parameter.set): secret must be true or false');
    expect(validateEvent({ ...set, secret: undefined })).toBe('seq 6 (parameter.set): secret must be true or false');
    // The first wrong field in the table's order is the one named.
    expect(validateEvent({ ...set, actor: '', name: '' })).toBe('seq 6 (parameter.set): actor must be a non-empty string');
    const { name: _name, ...noName } = set;
    expect(validateEvent({ ...noName, value: 3 })).toBe('seq 6 (parameter.set): missing name');
  });

  it('checks the runbook snapshot deep enough for the engine', () => {
    expect(validateEvent(JSON.parse(JSON.stringify(openedEvent())))).toBeNull();
    const opened = JSON.parse(JSON.stringify(openedEvent())) as { runbook: { escalation: { afterMinutes: unknown }[] } };
    const first = opened.runbook.escalation[0];
    if (first !== undefined) first.afterMinutes = 'fifteen';
    expect(validateEvent(opened)).toMatch(/^seq 1 \(incident\.opened\): runbook must be a runbook snapshot/);
    const broken = JSON.parse(JSON.stringify(openedEvent())) as { runbook: { sections: { steps: unknown[] }[] } };
    broken.runbook.sections[0]?.steps.push({ id: 'x' });
    expect(validateEvent(broken)).toMatch(/runbook must be/);
  });

  it('allows extra fields so additive changes stay readable', () => {
    expect(validateEvent({ ...note, mood: 'calm' })).toBeNull();
  });
});
