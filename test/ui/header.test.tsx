import React from 'react';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// Ink colours through chalk, which turns itself off without a TTY; this test wants to see them.
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { Header } from '../../src/ui/header.tsx';
import { ThemeProvider, makeTheme } from '../../src/ui/theme.tsx';
import { OPENED_AT, openSession, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

const MIN = 60_000;
let fx: SessionFixture;
afterEach(async () => fx?.cleanup());

function frameAt(now: number, color = true, width = 80): string {
  const { lastFrame, unmount } = render(
    <ThemeProvider theme={makeTheme(color)}>
      <Header state={fx.session.state} now={now} width={width} />
    </ThemeProvider>,
  );
  const frame = lastFrame() ?? '';
  unmount();
  return frame;
}

describe('Header', () => {
  it('shows severity, title, status, commander and a ticking elapsed clock', async () => {
    fx = await openSession();
    const first = frameAt(OPENED_AT + 5 * MIN + 7_000);
    expect(first).toContain('SEV-2');
    expect(first).toContain('API High Latency Runbook');
    expect(first).toContain('INVESTIGATING · IC alice');
    expect(first).toContain('00:05:07');
    expect(frameAt(OPENED_AT + 5 * MIN + 8_000)).toContain('00:05:08');
    expect(frameAt(OPENED_AT + 61 * MIN)).toContain('01:01:00');
  });

  it('counts down to the next escalation and the next update', async () => {
    fx = await openSession();
    const frame = frameAt(OPENED_AT + 10 * MIN + 48_000);
    // The full name when the row has room; initials only when it does not.
    expect(frame).toContain('Engineering Manager in 04:12');
    expect(frame).toContain('update in 04:12');
    const narrow = frameAt(OPENED_AT + 10 * MIN + 48_000, true, 60);
    expect(narrow).toContain('EM in 04:12');
    expect(narrow).toContain('update in 04:12');
  });

  it('keeps DRILL and the title visible at 60 columns, cutting a long commander name instead', async () => {
    fx = await openSession({
      opened: { title: 'Checkout database connection pool exhausted in eu-west-1', commander: 'alexandra.konstantinopoulou' },
    });
    fx.clock.ms = OPENED_AT + 16 * MIN;
    await fx.session.tick();
    const frame = frameAt(OPENED_AT + 17 * MIN + 10_000, false, 60);
    const [first = '', second = ''] = frame.split('\n');
    expect(first).toContain('Checkout database');
    expect(first).toMatch(/INVESTIGATING · IC alexa\S*…$/);
    expect([...first].length).toBeLessThanOrEqual(60);
    expect(second).toContain('DRILL');
    expect(second).toContain('CTO in 12:50');
  });

  it('marks a passed threshold with who was paged, and an overdue update', async () => {
    fx = await openSession();
    fx.clock.ms = OPENED_AT + 16 * MIN;
    await fx.session.tick(); // the session records escalation.fired for the 15-minute threshold
    expect(fx.session.state.escalations.map((e) => e.target)).toEqual(['Engineering Manager']);
    const frame = frameAt(OPENED_AT + 17 * MIN + 10_000);
    expect(frame).toContain('CTO in 12:50 · EM page queued');
    expect(frame).toContain('update OVERDUE 02:10');
    fx.clock.ms = OPENED_AT + 31 * MIN;
    await fx.session.tick();
    expect(frameAt(OPENED_AT + 33 * MIN)).toContain('CTO page queued');
  });

  it('says "paged" only once a receiver accepted the page, and "not sent" when it went to the file', async () => {
    fx = await openSession({ opened: { mode: { dryRun: false, readonly: false } } });
    fx.clock.ms = OPENED_AT + 31 * MIN;
    await fx.session.tick();
    const cto = fx.session.state.escalations.at(-1)!;
    const page = (deliveryId: string, destination: 'slack' | 'file') => ({
      type: 'delivery.requested', actor: 'system', deliveryId, parentDeliveryId: null, destination, kind: 'page',
      payload: { via: destination === 'file' ? 'file' : 'webhook', message: { text: 'page' }, escalationSeq: cto.seq },
    }) as const;
    await fx.session.dispatch(page('page-1', 'slack'));
    expect(frameAt(OPENED_AT + 33 * MIN)).toContain('CTO page queued');
    expect(frameAt(OPENED_AT + 33 * MIN)).not.toContain('paged');
    await fx.session.dispatch({ type: 'delivery.delivered', actor: 'system', deliveryId: 'page-1', attempt: 1, response: null });
    expect(frameAt(OPENED_AT + 33 * MIN)).toContain('paged CTO 02:00 ago');
  });

  it('keeps saying a page went only to the outbox file, with nothing configured', async () => {
    fx = await openSession({ opened: { mode: { dryRun: false, readonly: false } } });
    fx.clock.ms = OPENED_AT + 16 * MIN;
    await fx.session.tick();
    const em = fx.session.state.escalations.at(-1)!;
    await fx.session.dispatch({
      type: 'delivery.requested', actor: 'system', deliveryId: 'page-1', parentDeliveryId: null, destination: 'file', kind: 'page',
      payload: { via: 'file', message: { text: 'page' }, escalationSeq: em.seq },
    });
    await fx.session.dispatch({ type: 'delivery.delivered', actor: 'system', deliveryId: 'page-1', attempt: 1, response: { file: 'outbox.jsonl' } });
    for (const minutes of [17, 25, 29]) {
      // 80 columns: initials and the short reason, so the update countdown still fits.
      const frame = frameAt(OPENED_AT + minutes * MIN);
      expect(frame).toContain('EM page not sent: no pager');
      expect(frame).not.toContain('paged');
      for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
      const wide = frameAt(OPENED_AT + minutes * MIN, true, 140);
      expect(wide).toContain('Engineering Manager page not sent: no pager configured');
      expect(wide).not.toContain('paged');
    }
  });

  it('writes red for SEV-1 and no colour at all with NO_COLOR', async () => {
    fx = await openSession({ opened: { severity: 'SEV-1' } });
    const level = chalk.level;
    chalk.level = 1;
    let colored: string;
    let plain: string;
    try {
      colored = frameAt(OPENED_AT);
      plain = frameAt(OPENED_AT, false);
    } finally {
      chalk.level = level;
    }
    // eslint-disable-next-line no-control-regex
    expect(colored).toMatch(/\u001b\[41m/); // red background badge
    expect(plain).toContain('SEV-1');
    // No colour escapes (30-37, 39-47, 49, 90-97, 38;x / 48;x); bold/inverse may remain.
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/\u001b\[(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9]+)*m/);
  });
});

describe('Header once resolved', () => {
  it('stops the clocks and shows where the post-mortem draft was written', async () => {
    const drafts: number[] = [];
    fx = await openSession({
      writePostmortem: async (events) => {
        drafts.push(events.length);
        return path.join(fx.dir, 'postmortem.md');
      },
    });
    fx.clock.ms = OPENED_AT + 20 * MIN;
    await fx.session.resolve();
    // The draft is written from the journal including the resolution, exactly once.
    expect(drafts).toEqual([fx.session.events.length]);
    expect(fx.session.events.at(-1)?.type).toBe('incident.resolved');
    const { lastFrame, unmount } = render(
      <ThemeProvider theme={makeTheme(false)}>
        <Header state={fx.session.state} now={OPENED_AT + 30 * MIN} width={120} postmortemPath={fx.session.getSnapshot().postmortemPath} />
      </ThemeProvider>,
    );
    const frame = lastFrame() ?? '';
    unmount();
    expect(frame).toContain('RESOLVED');
    expect(frame).toContain('00:20:00');
    expect(frame).not.toMatch(/EM in|update in/);
    expect(frame).toContain(`post-mortem draft: ${path.join(fx.dir, 'postmortem.md')}`);
    // Resumed later, the draft's path is not known, but why the clock stopped still is.
    expect(frame).toContain(`resolved ${new Date(OPENED_AT + 20 * MIN).toISOString().slice(11, 16)} UTC`);
  });
});
