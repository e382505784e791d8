// Flag changes follow the same journal path as commands (requested → confirmed → finished, or
// cancelled), keyed by the request's seq; format-1 journals with flag.toggled still replay; and a
// run nobody saw end reads as unknown everywhere, never as failed or still running.
import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/core/incident/reduce.ts';
import { activeRun, leftoverRuns, requestOf } from '../../../src/core/incident/run-selectors.ts';
import { describeOutcome, mitigationsSince } from '../../../src/core/incident/selectors.ts';
import { timelineFromEvents } from '../../../src/core/incident/timeline.ts';
import { postmortemTimeline } from '../../../src/core/postmortem/timeline.ts';
import { EventLog } from './fixtures.ts';

function flagLog() {
  const log = new EventLog();
  const requested = log.add(5, { type: 'flag.requested', actor: 'alice', stepId: 'mit-flag', flag: 'circuit_breaker_api', value: 'true', via: 'http', script: 'POST {...}' });
  return { log, requestSeq: requested.seq };
}

describe('flag runs', () => {
  it('are requested, confirmed and finished through the journal, in the same id space as commands', () => {
    const { log, requestSeq } = flagLog();
    expect(requestOf(replay(log.events), requestSeq)).toMatchObject({ kind: 'flag', run: { phase: 'requested', flag: 'circuit_breaker_api' } });
    log.add(6, { type: 'flag.confirmed', actor: 'alice', requestSeq, script: 'POST {...}', dryRun: false });
    expect(activeRun(replay(log.events))).toMatchObject({ kind: 'flag', run: { requestSeq } });
    log.add(6, { type: 'flag.finished', actor: 'alice', requestSeq, via: 'http', ok: true, detail: 'HTTP 200', outputFile: null });
    const state = replay(log.events);
    expect(activeRun(state)).toBeNull();
    expect(state.flagRuns).toMatchObject([{ requestSeq, phase: 'finished', ok: true, detail: 'HTTP 200' }]);
    // What updates and metrics read: the same FlagChange the format-1 event gives.
    expect(state.flags).toMatchObject([{ flag: 'circuit_breaker_api', value: 'true', via: 'http', ok: true, outcomeUnknown: false }]);
    expect(mitigationsSince(state, 0).map((m) => m.text)).toEqual(['circuit_breaker_api set to true (http)']);
    expect(timelineFromEvents(log.events).at(-1)?.text).toBe('flag circuit_breaker_api set to true (http)');
  });

  it('a cancelled flag request changes nothing and says so', () => {
    const { log, requestSeq } = flagLog();
    log.add(6, { type: 'flag.cancelled', actor: 'alice', requestSeq, reason: 'declined in the confirmation dialog' });
    const state = replay(log.events);
    expect(state.flags).toEqual([]);
    expect(leftoverRuns(state)).toEqual([]);
    expect(timelineFromEvents(log.events).at(-1)?.text).toBe('flag change cancelled before it ran: circuit_breaker_api → true (declined in the confirmation dialog)');
  });

  it('format-1 journals with flag.toggled still replay', () => {
    const log = new EventLog();
    log.add(5, { type: 'flag.toggled', actor: 'alice', stepId: 'mit-flag', flag: 'circuit_breaker_api', value: 'true', via: 'http', ok: false, detail: 'HTTP 500' });
    const state = replay(log.events);
    expect(state.flags).toMatchObject([{ flag: 'circuit_breaker_api', ok: false, detail: 'HTTP 500', outcomeUnknown: false }]);
    expect(state.flagRuns).toEqual([]);
    expect(timelineFromEvents(log.events).at(-1)?.text).toBe('flag circuit_breaker_api set to true failed: HTTP 500');
  });

  it('an unknown ending reads as unknown, for flags and commands, in both timelines', () => {
    const { log, requestSeq } = flagLog();
    log.add(6, { type: 'flag.confirmed', actor: 'alice', requestSeq, script: 'POST {...}', dryRun: false });
    log.add(7, { type: 'flag.finished', actor: 'system', requestSeq, via: 'http', ok: false, detail: 'warroom exited while it ran', outputFile: null, outcome: 'unknown' });
    const run = log.add(8, { type: 'command.requested', actor: 'alice', stepId: 'ia-pods', commandId: 'ia-pods/c0', template: 'kubectl get pods -n production', risk: 'read' });
    log.add(8, { type: 'command.confirmed', actor: 'alice', requestSeq: run.seq, script: 'kubectl get pods -n production', confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false });
    log.add(8, { type: 'command.started', actor: 'alice', requestSeq: run.seq, pid: 7, cwd: '/', script: 'kubectl get pods -n production', kubeContext: null, outputFile: 'commands/9.log' });
    log.add(9, {
      type: 'command.finished', actor: 'system', requestSeq: run.seq, exitCode: null, signal: null, durationMs: 0, outputFile: 'commands/9.log',
      outputBytes: 12, outputSha256: 'ab', timedOut: false, cancelled: false, dryRun: false, error: null, tail: [], outcome: 'unknown', reason: 'warroom exited while it ran',
    });
    const state = replay(log.events);
    const command = state.commands.at(-1)!;
    expect(describeOutcome(command)).toBe('unknown: warroom exited while it ran');
    expect(state.flags.at(-1)).toMatchObject({ ok: false, outcomeUnknown: true });
    const lines = timelineFromEvents(log.events).map((e) => e.text);
    expect(lines).toContain('flag circuit_breaker_api → true: outcome unknown (warroom exited while it ran)');
    expect(lines).toContain('ran kubectl get pods -n production: unknown: warroom exited while it ran');
    const prose = postmortemTimeline(log.events).map((e) => e.text).join('\n');
    expect(prose).toMatch(/set flag `circuit_breaker_api` to `true` \(via http\): outcome unknown: warroom exited while it ran\./);
    expect(prose).toMatch(/ran `kubectl get pods -n production`.*: outcome unknown \(warroom exited while it ran\)\./);
    expect(prose).not.toMatch(/failed/);
  });

  it('a started toggle is still under way until it finishes; after a crash its end is unknown and nothing says it was set', () => {
    const { log, requestSeq } = flagLog();
    log.add(6, { type: 'flag.confirmed', actor: 'alice', requestSeq, script: 'toggle', dryRun: false });
    const started = log.add(6, { type: 'flag.started', actor: 'alice', requestSeq, pid: 4242, pgid: 4242, procStart: 99, bootId: 'b', runToken: 't', outputFile: 'commands/5.log' });
    let state = replay(log.events);
    expect(state.flagRuns.at(-1)).toMatchObject({ phase: 'confirmed', startedAt: started.at, pid: 4242 });
    expect(activeRun(state)).toMatchObject({ kind: 'flag', run: { requestSeq } });
    expect(leftoverRuns(state).map((r) => r.run.requestSeq)).toEqual([requestSeq]);
    expect(state.flags).toEqual([]);
    const before = timelineFromEvents(log.events).length;
    expect(postmortemTimeline(log.events).map((e) => e.text).join('\n')).not.toMatch(/circuit_breaker_api/);
    log.add(9, { type: 'flag.finished', actor: 'system', requestSeq, via: 'command', ok: false, detail: 'stopped on resume', outputFile: null, outcome: 'unknown' });
    state = replay(log.events);
    expect(activeRun(state)).toBeNull();
    const lines = timelineFromEvents(log.events).map((e) => e.text);
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toBe('flag circuit_breaker_api → true: outcome unknown (stopped on resume)');
    expect(mitigationsSince(state, 0).map((m) => m.text).join()).not.toMatch(/set to/);
  });
});
