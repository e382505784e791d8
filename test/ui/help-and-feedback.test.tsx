// The `?` screen at 80×24 is read under stress: whole sentences in one column, not two columns
// of text cut off in the middle of a word.
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.tsx';
import { inputReady, openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

let fx: SessionFixture | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

describe('help screen', () => {
  it('lists every key in one column at 80x24 with whole sentences, wrapped, scrolling past the end', async () => {
    fx = await openSession();
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('Checklist'));
    await inputReady(app.stdin);
    app.stdin.write('?');
    const help = await waitUntil(frame, (f) => f.includes('Keys (dimmed'));
    const lines = help.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(help).not.toContain('…');
    expect(help).toMatch(/↑\/k ↓\/j +Move the cursor up or down one step/);
    // Home and End are listed beside g and G.
    expect(help).toMatch(/g\/Home G\/End +Jump to the first or last step/);
    expect(help).toMatch(/i m +Set the status to identified \(i\) or monitoring \(m\)/);
    expect(lines.filter((l) => /\.\s{2,}\S/.test(l))).toEqual([]);
    // The rest is below: scroll line by line to the end, reading every screen on the way.
    expect(help).toMatch(/↓ \d+ more lines?: j or ↓ scrolls/);
    const seen: string[] = lines.slice(1, -3);
    let screen = help;
    while (!screen.includes('end of the list')) {
      app.stdin.write('j');
      const before = screen;
      screen = await waitUntil(frame, (f) => f !== before);
      for (const l of screen.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
      seen.push(screen.split('\n').at(-4) ?? '');
    }
    for (const key of ['space', 'enter', 'tab', 't ', 'n ', 's ', 'p ', 'i m ', 'r o ', 'x v ', 'e ', 'a ', 'S ', 'C ', 'c ', '? ', 'q ', 'Ctrl-C', '⚑ ', '✎ ', '? ', '▶ ']) {
      expect(seen.some((l) => l.startsWith(key)), key).toBe(true);
    }
    const all = seen.join('\n').replace(/\n {9,}/g, ' ');
    expect(all).toContain('Escalate now: page the next level of the policy not yet paged (asks first; its threshold will not page it again).');
    expect(all).toContain('Hand over command to someone else.');
    expect(all).toContain('Markers in the checklist');
    expect(all).toContain("A parameter of the step's command is still unfilled");
  });

  it('with rows to spare, continues a long row on the next line so the reason a key is off is readable', async () => {
    fx = await openSession();
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 40 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('Checklist'));
    await inputReady(app.stdin);
    app.stdin.write('?');
    const help = await waitUntil(frame, (f) => f.includes('Keys (dimmed'));
    const flat = help.replace(/\n {9,}/g, ' ');
    expect(flat).toContain('(status updates are not available in this session)');
    expect(flat).toContain('(this step has no command or flag)');
    expect(help).not.toContain('…');
  });
});

describe('help bar in the resolve question', () => {
  it('offers y and esc, not the command preview', async () => {
    fx = await openSession();
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('Checklist'));
    await inputReady(app.stdin);
    app.stdin.write('r');
    const asked = await waitUntil(frame, (f) => f.includes('Resolve "'));
    expect(asked.split('\n').at(-1)).toBe('y yes  esc cancel');
  });
});

describe('notes', () => {
  it('confirm on the status line that the note was kept', async () => {
    fx = await openSession();
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('Checklist'));
    await inputReady(app.stdin);
    app.stdin.write('n');
    await waitUntil(frame, (f) => f.includes('Add a note'));
    app.stdin.write('pool at 100%');
    await waitUntil(frame, (f) => f.includes('pool at 100%'));
    app.stdin.write('\r');
    await waitUntil(frame, (f) => f.includes('✓ note added to the timeline (t shows it)'));
    expect(fx.session.state.notes).toHaveLength(1);
  });
});

describe('keys in one read, and pastes', () => {
  async function mounted() {
    fx = await openSession();
    let exits = 0;
    const app = render(<App session={fx.session} onExit={() => (exits += 1)} size={{ columns: 80, rows: 24 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('Checklist'));
    await inputReady(app.stdin);
    return { app, frame, exits: () => exits };
  }

  it('three Backspaces in one read delete three characters of a note', async () => {
    const { app, frame } = await mounted();
    app.stdin.write('n');
    await waitUntil(frame, (f) => f.includes('Add a note'));
    app.stdin.write('pool at 100%!!!');
    await waitUntil(frame, (f) => f.includes('pool at 100%!!!'));
    app.stdin.write('\u007f\u007f\u007f');
    await waitUntil(frame, (f) => !f.includes('100%!'));
    app.stdin.write('\r');
    await waitUntil(() => fx!.session.state.notes.length, (n) => n === 1);
    expect(fx!.session.state.notes[0]?.text).toBe('pool at 100%');
  });

  it('a paste is text: on the board it runs no key, in a prompt it is inserted whole', async () => {
    const { app, frame, exits } = await mounted();
    app.stdin.write('\u001b[200~q r e\u001b[201~');
    await waitUntil(frame, (f) => f.includes('a paste is text, never keys'));
    expect(exits()).toBe(0);
    expect(fx!.session.state.escalations).toEqual([]);
    expect(frame()).not.toContain('Resolve "');
    app.stdin.write('n');
    await waitUntil(frame, (f) => f.includes('Add a note'));
    app.stdin.write('\u001b[200~kubectl logs\nfailed q\u001b[201~');
    await waitUntil(frame, (f) => f.includes('kubectl logs failed q'));
    app.stdin.write('\r');
    await waitUntil(() => fx!.session.state.notes.map((n) => n.text), (t) => t.length === 1);
    expect(fx!.session.state.notes[0]?.text).toBe('kubectl logs failed q');
  });
});
