// Which open run belongs to a terminal that left the shared room: only another terminal's, only
// once this terminal's own presence is loaded (an empty list means "not known yet", not "gone").
import { describe, expect, it } from 'vitest';
import { orphanedRun, type RoomFacts } from '../../../src/core/share/orphaned-run.ts';
import type { IncidentState } from '../../../src/core/incident/state.ts';

const running = { requestSeq: 7, phase: 'running', requestedBy: 'alice', script: 'sleep 1000', startedAt: '2026-12-02T22:14:05.000Z' };
const stateWith = (commands: object[], flagRuns: object[] = []) => ({ commands, flagRuns }) as unknown as IncidentState;
const room = (present: string[], origin = 'alice@laptop#1'): RoomFacts => ({ here: 'bob@desk#2', originOfSeq: (seq) => (seq === 7 ? origin : undefined), present: present.map((terminal) => ({ terminal })) });

describe('orphanedRun', () => {
  it("is another terminal's open run once that terminal is no longer heard from", () => {
    expect(orphanedRun(stateWith([running]), room(['bob@desk#2']))).toEqual({
      requestSeq: 7, kind: 'command', terminal: 'alice@laptop#1', requestedBy: 'alice', script: 'sleep 1000', startedAt: '2026-12-02T22:14:05.000Z',
    });
  });
  it('is nothing while that terminal is still in the room, or before this one sees itself', () => {
    expect(orphanedRun(stateWith([running]), room(['alice@laptop#1', 'bob@desk#2']))).toBeNull();
    expect(orphanedRun(stateWith([running]), room([]))).toBeNull();
  });
  it("is never this terminal's own run, nor one whose origin is unknown, nor a finished one", () => {
    expect(orphanedRun(stateWith([running]), room(['bob@desk#2'], 'bob@desk#2'))).toBeNull();
    expect(orphanedRun(stateWith([{ ...running, requestSeq: 8 }]), room(['bob@desk#2']))).toBeNull();
    expect(orphanedRun(stateWith([{ ...running, phase: 'finished' }]), room(['bob@desk#2']))).toBeNull();
  });
  it('covers a confirmed flag change the same way', () => {
    const flag = { requestSeq: 7, phase: 'confirmed', requestedBy: 'alice', script: 'set enable_circuit_breaker=true', confirmedAt: '2026-12-02T22:14:00.000Z' };
    expect(orphanedRun(stateWith([], [flag]), room(['bob@desk#2']))).toMatchObject({ kind: 'flag', startedAt: '2026-12-02T22:14:00.000Z' });
  });
});
