import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Composer, composerSetup, type ComposerValues } from '../../src/ui/composer.tsx';
import { HelpBar } from '../../src/ui/help-bar.tsx';
import { KeyRegistry, KeyScope } from '../../src/ui/keys/key-scope.tsx';

/** Drawn once the composer's keys are bound. */
const LISTENING = 'Preview (sent exactly as shown):';
import { CommsService } from '../../src/app/comms.ts';
import { PUBLIC_TEMPLATES } from '../../src/core/comms/public-update.ts';
import { EventLog, seedOpened, testConfig } from '../helpers/comms-fixtures.ts';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function until(read: () => string, ok: (frame: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const frame = read();
    if (ok(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function setup(kind: 'internal' | 'public', size = { width: 100, height: 22 }) {
  const log = new EventLog();
  log.add(seedOpened());
  log.advance(60_000).ran('rollback', 'rollback/c0', 'kubectl rollout undo deployment/api-service', 'change', { exitCode: 0, durationMs: 42_000 });
  const comms = new CommsService({ store: log.store, config: testConfig(null), incidentDir: '/nonexistent', actor: 'alice' });
  const sent: ComposerValues[] = [];
  let cancelled = 0;
  const props = composerSetup(comms, kind, log.state());
  // Mounted as the dashboard mounts it: in a key scope whose help bar shows what the composer publishes.
  const registry = new KeyRegistry();
  const app = render(
    <KeyScope shared={{}} registry={registry}>
      <Composer {...props} width={size.width} height={size.height} onSend={(v) => sent.push(v)} onCancel={() => (cancelled += 1)} />
      <HelpBar registry={registry} width={size.width} />
    </KeyScope>,
  );
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  return { app, frame, comms, sent, cancelled: () => cancelled, log };
}

async function ready(app: { stdin: { listenerCount(e: string): number } }) {
  await until(() => String(app.stdin.listenerCount('readable')), (n) => Number(n) > 0, 'stdin listener');
}

describe('internal update composer', () => {
  it('previews exactly what will be sent, prefilled from the incident, with its help line', async () => {
    const { frame, comms } = setup('internal');
    const f = await until(frame, (x) => x.includes(LISTENING), 'the composer, listening');
    const expected = comms.compose('internal', comms.draft('internal')).plain;
    for (const line of expected.split('\n')) expect(f).toContain(line);
    expect(f).toContain('Actions: Rolled back deployment/api-service (ok, 42s)');
    expect(f).toContain('Next Update: 15 mins');
    // Its keys come from the one keymap table, and the help bar shows the ones that work here
    // (no status word to change in an internal update).
    expect(f.split('\n').at(-1)).toBe('shift+tab previous  tab next field  Ctrl-S send  esc cancel');
  });

  it('edits fields with tab between them and sends with ctrl+s, without a stray s', async () => {
    const { app, frame, sent } = setup('internal');
    await until(frame, (x) => x.includes('Preview'), 'the composer');
    await ready(app);
    app.stdin.write('Logins slow for 5%');
    await until(frame, (x) => x.includes('Impact: Logins slow for 5%'), 'impact in the preview');
    app.stdin.write('\t');
    await until(frame, (x) => /› Actions/.test(x), 'focus on Actions');
    app.stdin.write('; paged DBA');
    await until(frame, (x) => x.includes('- paged DBA'), 'second action in the preview');
    app.stdin.write('\t');
    await until(frame, (x) => /› Next Update/.test(x), 'focus on Next Update');
    app.stdin.write('\u007f'); // backspace, one key per chunk as a terminal sends them
    await until(frame, (x) => x.includes('Next Update: 1 mins'), 'one digit deleted');
    app.stdin.write('\u007f');
    await until(frame, (x) => x.includes('Next Update: None'), 'both digits deleted');
    app.stdin.write('30');
    await until(frame, (x) => x.includes('Next Update: 30 mins'), 'next update edited');
    app.stdin.write('\u0013'); // ctrl+s
    await until(() => String(sent.length), (n) => n === '1', 'send');
    expect(sent[0]).toEqual({
      status: 'Investigating',
      impact: 'Logins slow for 5%',
      actions: 'Rolled back deployment/api-service (ok, 42s); paged DBA',
      nextUpdate: '30',
    });
  });

  it('counts every key of one read: three Backspaces at once delete three characters', async () => {
    const { app, frame, sent } = setup('internal');
    await until(frame, (x) => x.includes(LISTENING), 'the composer');
    await ready(app);
    app.stdin.write('abcdef');
    await until(frame, (x) => x.includes('Impact: abcdef'), 'impact typed');
    app.stdin.write('\u007f\u007f\u007f'); // one read, as a held Backspace arrives
    await until(frame, (x) => x.includes('Impact: abc') && !x.includes('Impact: abcd'), 'three characters deleted');
    app.stdin.write('\u0013');
    await until(() => String(sent.length), (n) => n === '1', 'send');
    expect(sent[0]?.impact).toBe('abc');
  });

  it('ctrl+s on the field focused at open sends its text as shown', async () => {
    const { app, frame, sent } = setup('internal');
    await until(frame, (x) => x.includes('Preview'), 'the composer');
    await ready(app);
    app.stdin.write('abc');
    await until(frame, (x) => x.includes('Impact: abc'), 'impact typed');
    app.stdin.write('\u0013');
    await until(() => String(sent.length), (n) => n === '1', 'send');
    expect(sent[0]?.impact).toBe('abc');
  });

  it('esc discards', async () => {
    const { app, frame, sent, cancelled } = setup('internal');
    await until(frame, (x) => x.includes('Preview'), 'the composer');
    await ready(app);
    app.stdin.write('\u001b');
    await until(() => String(cancelled()), (n) => n === '1', 'cancel');
    expect(sent).toEqual([]);
  });
});

/** The preview's lines (from its title to any warning, before the help bar), joined back into one text. */
function previewText(frame: string): string {
  const lines = frame.split('\n').slice(0, -1);
  const start = lines.findIndex((l) => l.startsWith('Preview'));
  const warning = lines.findIndex((l) => l.startsWith('⚠'));
  return lines
    .slice(start + 1, warning < 0 ? lines.length : warning)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

describe('at 80 columns', () => {
  it('the public preview wraps and shows every word that will be sent', async () => {
    const { frame, comms } = setup('public', { width: 80, height: 22 });
    const f = await until(frame, (x) => x.includes(LISTENING), 'the composer');
    const sent = comms.compose('public', comms.draft('public')).plain;
    expect(sent.length).toBeGreaterThan(80);
    expect(previewText(f)).toBe(sent);
  });

  it('a long impact wraps beside its label, which keeps its width, and the preview still shows it all', async () => {
    const { app, frame } = setup('internal', { width: 80, height: 22 });
    await until(frame, (x) => x.includes(LISTENING), 'the composer');
    await ready(app);
    const impact = 'Login requests are timing out for about five percent of users in the EU region';
    app.stdin.write(impact);
    const f = await until(frame, (x) => previewText(x).includes(`Impact: ${impact}`), 'the whole impact in the preview');
    expect(f).toMatch(/^› Impact {7}Login requests/m);
  });
});

describe('public update composer', () => {
  it('changes the status word with arrows, the template follows, and internal details are flagged', async () => {
    const { app, frame, sent, comms, log } = setup('public');
    let f = await until(frame, (x) => x.includes('Preview'), 'the composer');
    expect(f).toContain(`Investigating: ${PUBLIC_TEMPLATES.Investigating.slice(0, 60)}`);
    await ready(app);
    app.stdin.write('\u001b[C'); // →
    f = await until(frame, (x) => x.includes('‹ Identified ›'), 'Identified');
    expect(f.split('\n').at(-1)).toContain('←/→ status word');
    expect(f).toContain(`Identified: ${PUBLIC_TEMPLATES.Identified.slice(0, 60)}`);
    app.stdin.write('\t');
    await until(frame, (x) => /› Text/.test(x), 'focus on Text');
    app.stdin.write(' kubectl on db-7.prod.internal');
    f = await until(frame, (x) => x.includes('⚠'), 'a warning');
    expect(f).toContain('mentions a command (kubectl)');
    expect(f).toContain('mentions a host (db-7.prod.internal)');
    app.stdin.write('\u0013');
    await until(() => String(sent.length), (n) => n === '1', 'send');
    expect(sent[0]?.status).toBe('Identified');
    // What the dashboard does with the values: post them, exactly as previewed.
    await comms.postComposed('public', sent[0] ?? {});
    const posted = log.state().updates.at(-1);
    expect(posted?.kind).toBe('public');
    expect(posted?.text).toBe(`Identified: ${PUBLIC_TEMPLATES.Identified} kubectl on db-7.prod.internal`);
    expect(log.state().deliveries.at(-1)).toMatchObject({ kind: 'public', destination: 'file' });
  });
});
