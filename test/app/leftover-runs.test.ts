// Opening an incident that a dead warroom left mid-run: every open request is closed in the
// journal (a dialog cancelled, a run's end recorded as unknown with its log as found), nothing
// says "running" any more, and the next command runs at once.
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../src/adapters/journal.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';
import { measureLog } from '../../src/adapters/log-facts.ts';
import { createCommandRunner } from '../../src/adapters/runner.ts';
import { CommandFlow } from '../../src/app/command-flow.ts';
import { closeLeftoverRuns } from '../../src/app/leftover-runs.ts';
import { activeRun, leftoverRuns } from '../../src/core/incident/run-selectors.ts';
import { cmd, flowHarness, step } from '../helpers/command-fixtures.ts';
import { makeTempDir } from '../helpers/journal-fixtures.ts';

let root: string;
beforeAll(async () => {
  root = await makeTempDir('warroom-leftover-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const steps = [
  step('slow', [cmd('slow', 'sleep 1000', 'read')]),
  step('get', [cmd('get', 'echo fine', 'read')]),
  step('flag', [], { kind: 'flag', label: 'Disable search', flag: 'new-search', value: 'false' }),
];

/** A journal as a SIGKILLed warroom leaves it: a run started, a flag confirmed, a dialog open. */
async function crashedIncident(): Promise<{ dir: string; log: Buffer; runSeq: number; flagSeq: number; dialogSeq: number }> {
  const h = await flowHarness(root, steps);
  const append = h.store.append.bind(h.store);
  const run = await append({ type: 'command.requested', actor: 'alice', stepId: 'slow', commandId: 'slow/c0', template: 'sleep 1000', risk: 'read' });
  await append({ type: 'command.confirmed', actor: 'alice', requestSeq: run.seq, script: 'sleep 1000', confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false });
  await append({ type: 'command.started', actor: 'alice', requestSeq: run.seq, pid: 999_999, cwd: root, script: 'sleep 1000', kubeContext: null, outputFile: `commands/${run.seq}.log` });
  const log = Buffer.from(Array.from({ length: 40 }, (_, i) => `line ${i + 1} password=hunter2`).join('\n') + '\n');
  await mkdir(path.join(h.dir, 'commands'), { recursive: true });
  await writeFile(path.join(h.dir, 'commands', `${run.seq}.log`), log);
  const flag = await append({ type: 'flag.requested', actor: 'alice', stepId: 'flag', flag: 'new-search', value: 'false', via: 'http', script: 'POST' });
  await append({ type: 'flag.confirmed', actor: 'alice', requestSeq: flag.seq, script: 'POST', dryRun: false });
  const dialog = await append({ type: 'command.requested', actor: 'alice', stepId: 'get', commandId: 'get/c0', template: 'echo fine', risk: 'read' });
  await h.store.close();
  return { dir: h.dir, log, runSeq: run.seq, flagSeq: flag.seq, dialogSeq: dialog.seq };
}

describe('closeLeftoverRuns', () => {
  it('closes every request a dead warroom left open, and the next command runs at once', async () => {
    const crashed = await crashedIncident();
    const opened = await openJournal(crashed.dir);
    const store = new JournalStore(opened.journal!, opened.events);
    try {
      expect(leftoverRuns(store.state).map((l) => l.run.requestSeq)).toEqual([crashed.runSeq, crashed.flagSeq, crashed.dialogSeq]);
      const report = await closeLeftoverRuns(store, { measureLog: (file) => measureLog(crashed.dir, file) });
      expect(report.closed).toHaveLength(3);
      expect(report.alive).toEqual([]);

      const finished = store.events.find((e) => e.type === 'command.finished');
      expect(finished).toMatchObject({
        requestSeq: crashed.runSeq,
        actor: 'system',
        outcome: 'unknown',
        reason: 'warroom exited while it ran',
        exitCode: null,
        outputFile: `commands/${crashed.runSeq}.log`,
        outputBytes: crashed.log.length,
        outputSha256: createHash('sha256').update(crashed.log).digest('hex'),
      });
      // The last lines as found, with the secret masked (the log itself stays as it was).
      expect(finished?.type === 'command.finished' && finished.tail).toHaveLength(20);
      expect(JSON.stringify(finished)).not.toContain('hunter2');
      expect(store.events.find((e) => e.type === 'flag.finished')).toMatchObject({ requestSeq: crashed.flagSeq, ok: false, outcome: 'unknown' });
      expect(store.events.find((e) => e.type === 'command.cancelled')).toMatchObject({ requestSeq: crashed.dialogSeq, reason: 'warroom exited with the dialog open' });

      expect(activeRun(store.state)).toBeNull();
      expect(store.state.commands.find((r) => r.requestSeq === crashed.runSeq)).toMatchObject({ phase: 'finished', outcomeUnknown: true });
      expect(store.state.flags.at(-1)).toMatchObject({ flag: 'new-search', outcomeUnknown: true, ok: false });
      // Commands can run again at once.
      const flow = new CommandFlow({ store, runner: createCommandRunner(), kube: async () => ({ context: null, namespace: null, problem: null }), incidentDir: crashed.dir, cwd: root, mode: { dryRun: false, readonly: false }, actor: 'alice' });
      const dialog = await flow.request('get');
      const done = await (await flow.confirm(dialog.requestSeq)).finished;
      expect(done.tail).toEqual(['fine']);
      // Nothing is left to close the next time.
      expect((await closeLeftoverRuns(store, { measureLog: (file) => measureLog(crashed.dir, file) })).closed).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('leaves a run whose process still lives open, and says which', async () => {
    const crashed = await crashedIncident();
    const opened = await openJournal(crashed.dir);
    const store = new JournalStore(opened.journal!, opened.events);
    try {
      const report = await closeLeftoverRuns(store, {
        measureLog: (file) => measureLog(crashed.dir, file),
        inspect: async (leftover) => ({ alive: leftover.run.requestSeq === crashed.runSeq }),
      });
      expect(report.alive.map((l) => l.run.requestSeq)).toEqual([crashed.runSeq]);
      expect(report.closed.map((l) => l.run.requestSeq)).toEqual([crashed.flagSeq, crashed.dialogSeq]);
      expect(activeRun(store.state)?.run.requestSeq).toBe(crashed.runSeq);
    } finally {
      await store.close();
    }
  });

  it('a missing log is recorded as missing, not as an empty one', async () => {
    const crashed = await crashedIncident();
    await rm(path.join(crashed.dir, 'commands'), { recursive: true });
    const opened = await openJournal(crashed.dir);
    const store = new JournalStore(opened.journal!, opened.events);
    try {
      await closeLeftoverRuns(store, { measureLog: (file) => measureLog(crashed.dir, file) });
      expect(store.events.find((e) => e.type === 'command.finished')).toMatchObject({ outputFile: null, outputBytes: 0, outputSha256: null, tail: [] });
    } finally {
      await store.close();
    }
  });
});
