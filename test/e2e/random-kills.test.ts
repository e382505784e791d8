// Seeded random kills of a scripted incident: each round resumes the war room, ticks a few steps
// (each acknowledged: the checklist count on screen moved), sometimes starts a long command, then
// types more keys and SIGKILLs warroom at once, mid-whatever. After every kill the next resume
// must work (a command left running is offered for stopping, and stopped), every tick the screen
// acknowledged must be in the journal, and in the end no process of any command survives. The
// figures are printed for the record; the seed is printed on failure (replay: WARROOM_TEST_SEED).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';
import { startPty, type PtySession } from '../helpers/pty.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const ROUNDS = Number(process.env.WARROOM_KILL_ROUNDS ?? 8);
const STEPS = 40;
const SLOW = 30_000;
const HELP_BAR = /\? help\s*$/m;
let home: string;
const marker = uniqueSleep();

async function journal(): Promise<IncidentEvent[]> {
  const ids = (await fs.readdir(path.join(home, 'incidents')).catch(() => [])).filter((n) => !n.startsWith('.'));
  if (ids.length === 0) return [];
  const text = await fs.readFile(path.join(home, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
  return text.split('\n').slice(1).flatMap((l) => {
    try {
      return l === '' ? [] : [JSON.parse(l) as IncidentEvent];
    } catch {
      return []; // a torn last line: the next resume cuts it
    }
  });
}

const checkedSteps = (events: IncidentEvent[]) => new Set(events.flatMap((e) => (e.type === 'step.checked' ? [e.stepId] : [])));
const progress = (screen: string) => Number(/Checklist\s+(\d+)\//.exec(screen)?.[1] ?? -1);

describe('random kills of a scripted incident', () => {
  beforeAll(async () => {
    ensureBuilt();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-kills-'));
  }, 120_000);
  afterAll(async () => {
    for (const line of survivors(marker)) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    await fs.rm(home, { recursive: true, force: true });
  });

  it(`${ROUNDS} kills at random moments: every resume works, no acknowledged tick lost, no survivor`, async () => {
    const random = seededRandom();
    const pick = (n: number) => Math.floor(random.next() * n);
    const runbook = path.join(home, 'kills.md');
    const steps = Array.from({ length: STEPS }, (_, i) => `- [ ] Step ${i + 1}`);
    await fs.writeFile(runbook, ['# Kills Runbook', '', '## Mitigation', '', '- [ ] Long command', '  ```bash {risk=read}', `  echo started; sleep ${marker}`, '  ```', ...steps, ''].join('\n'));
    const env = { WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' };
    const figures = { runs: 0, resumesOk: 0, killsWithCommand: 0, acknowledged: 0, eventsLost: 0, survivors: 0 };
    const acknowledged = new Set<string>();
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        figures.runs += 1;
        const pty: PtySession = startPty(round === 0 ? ['run', runbook] : ['resume'], { env, cols: 100, rows: 30 });
        // The board, or already the question about a command the last kill left running.
        await pty.waitFor((s) => (HELP_BAR.test(s) && progress(s) >= 0) || s.includes('Keep watching it'), SLOW);
        // A command a killed warroom left running is offered for stopping: stop it.
        const before = await journal();
        const open = before.filter((e) => e.type === 'command.started').find((s) => !before.some((f) => f.type === 'command.finished' && f.requestSeq === (s as { requestSeq: number }).requestSeq));
        if (open) {
          await pty.waitFor(/Keep watching it/, SLOW);
          pty.write('\u001b[B');
          await pty.waitFor(/❯ Stop it/, SLOW);
          pty.write('\r');
          await until(async () => (await journal()).filter((e) => e.type === 'command.finished').length > before.filter((e) => e.type === 'command.finished').length, 'the leftover stopped', SLOW);
          await pty.waitFor((s) => !s.includes('Keep watching it'), SLOW);
        }
        figures.resumesOk += 1;
        const running = random.next() < 0.4;
        if (running) {
          // The board listens again (its help bar offers enter) before the key is typed.
          await pty.waitFor(/enter run .*\? help\s*$/m, SLOW);
          pty.write('\r'); // the cursor starts on the command step
          await pty.waitFor(/Run it\? enter\/y runs/, SLOW);
          pty.write('\r');
          // The output pane is back (the dialog closed) and the output is there.
          await pty.waitFor(/^started$/m, SLOW);
          figures.killsWithCommand += 1;
        }
        // Acknowledged ticks: each waits for the checklist count to move.
        const done = checkedSteps(await journal()).size;
        const ticks = 1 + pick(3);
        pty.write('j'.repeat(done + 1));
        for (let t = 0; t < ticks && done + t < STEPS; t += 1) {
          const count = progress(pty.screen());
          pty.write(' ');
          const screen = await pty.waitFor((s) => progress(s) === count + 1, SLOW);
          const row = screen.split('\n').find((l) => l.startsWith('›'));
          const step = /Step (\d+)/.exec(row ?? '')?.[1];
          if (step) acknowledged.add(`Step ${step}`);
          pty.write('j');
        }
        // Then keys in flight and the kill, at once: these may or may not be recorded.
        pty.write(' j '.slice(0, 1 + pick(3)));
        pty.kill('SIGKILL');
        await pty.exited;
      }
      const events = await journal();
      const opened = events.find((e) => e.type === 'incident.opened');
      const stepText = new Map<string, string>();
      if (opened?.type === 'incident.opened') for (const section of opened.runbook.sections) for (const s of section.steps) stepText.set(s.id, s.text);
      const recorded = new Set([...checkedSteps(events)].map((id) => stepText.get(id) ?? id));
      figures.acknowledged = acknowledged.size;
      figures.eventsLost = [...acknowledged].filter((text) => !recorded.has(text)).length;
      // The last kill may have left the command running: a last resume stops it, then leaves.
      const last = startPty(['resume'], { env, cols: 100, rows: 30 });
      await last.waitFor((s) => HELP_BAR.test(s) || s.includes('Keep watching it'), SLOW);
      const after = await journal();
      if (after.filter((e) => e.type === 'command.started').length > after.filter((e) => e.type === 'command.finished').length) {
        await last.waitFor(/Keep watching it/, SLOW);
        last.write('\u001b[B');
        await last.waitFor(/❯ Stop it/, SLOW);
        last.write('\r');
        await until(async () => survivors(marker).length === 0, 'the last leftover stopped', SLOW);
      }
      figures.resumesOk += 1;
      last.write('q');
      await last.exited;
      figures.survivors = survivors(marker).length;
    } catch (error) {
      // What the journal says at the failure, to replay it by eye.
      console.error((await journal()).slice(-12).map((e) => `${e.seq} ${e.type}`).join('\n'));
      throw error;
    } finally {
      console.info(
        `random kills (seed ${random.seed}): runs ${figures.runs}, resumes ok ${figures.resumesOk}/${figures.runs + 1}, kills with a command running ${figures.killsWithCommand}, ` +
          `acknowledged ticks ${figures.acknowledged}, events lost ${figures.eventsLost}, survivors ${figures.survivors}`,
      );
    }
    expect(figures.resumesOk).toBe(ROUNDS + 1);
    expect(figures.eventsLost).toBe(0);
    expect(figures.survivors).toBe(0);
  }, 240_000);
});
