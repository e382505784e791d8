import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bindingFor,
  helpBarItems,
  keymap,
  keymapMarkdown,
  type KeyContext,
  type KeyInfo,
  type KeymapMode,
} from '../../src/core/keymap.ts';
import { keysSection } from '../../scripts/readme-keys.ts';

const noKey: KeyInfo = { upArrow: false, downArrow: false, return: false, escape: false, ctrl: false, tab: false };
const ctx: KeyContext = {
  status: 'investigating',
  hasStep: true,
  stepAction: 'command',
  commandRunning: false,
  commandFlowAvailable: true,
  commsAvailable: true,
  readonly: false,
};

const actionOf = (mode: KeymapMode, input: string, key: Partial<KeyInfo> = {}) =>
  bindingFor(mode, input, { ...noKey, ...key })?.action ?? null;

describe('keymap', () => {
  it('maps every key of issue 4 on the dashboard', () => {
    expect(actionOf('dashboard', '', { upArrow: true })).toBe('move-up');
    expect(actionOf('dashboard', 'k')).toBe('move-up');
    expect(actionOf('dashboard', '', { downArrow: true })).toBe('move-down');
    expect(actionOf('dashboard', 'j')).toBe('move-down');
    expect(actionOf('dashboard', 'g')).toBe('first');
    expect(actionOf('dashboard', 'G', { shift: true })).toBe('last');
    expect(actionOf('dashboard', ' ')).toBe('toggle-step');
    expect(actionOf('dashboard', '\r', { return: true })).toBe('run-step');
    expect(actionOf('dashboard', '\t', { tab: true })).toBe('switch-pane');
    const letters: Record<string, string> = {
      t: 'timeline', n: 'note', s: 'update-internal', p: 'update-public', i: 'status-identified',
      m: 'status-monitoring', r: 'status-resolved', e: 'escalate', S: 'severity', C: 'commander',
      c: 'cancel-command', '?': 'help', q: 'quit',
    };
    for (const [input, action] of Object.entries(letters)) expect(actionOf('dashboard', input)).toBe(action);
    expect(actionOf('dashboard', 'c', { ctrl: true })).toBe('interrupt');
  });

  it('gives the same letter different meanings per mode', () => {
    expect(actionOf('help', 'q')).toBe('close-help');
    expect(actionOf('dialog', '', { escape: true })).toBe('cancel');
    expect(actionOf('composer', 's', { ctrl: true })).toBe('composer-send');
    expect(actionOf('dashboard', 's', { ctrl: true })).toBeNull();
    expect(actionOf('select', 'j')).toBeNull();
    for (const mode of ['dashboard', 'timeline', 'dialog', 'composer', 'help', 'select', 'prompt'] as const) {
      expect(actionOf(mode, 'c', { ctrl: true })).toBe('interrupt');
    }
  });

  it('has no two bindings in one mode that the same key press triggers', () => {
    const presses: [string, Partial<KeyInfo>][] = [
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ? '.split('').map((c): [string, Partial<KeyInfo>] => [c, {}]),
      ['', { upArrow: true }], ['', { downArrow: true }], ['\r', { return: true }], ['', { escape: true }],
      ['\t', { tab: true }], ['c', { ctrl: true }], ['s', { ctrl: true }],
    ];
    for (const mode of ['dashboard', 'timeline', 'dialog', 'composer', 'help', 'select', 'prompt'] as const) {
      for (const [input, key] of presses) {
        const hits = keymap.filter((b) => b.modes.includes(mode) && b.match(input, { ...noKey, ...key }));
        expect(hits.length, `${mode} ${JSON.stringify(input)} ${JSON.stringify(key)}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('says why a key is disabled', () => {
    const run = keymap.find((b) => b.action === 'run-step')!;
    expect(run.enabledWhen({ ...ctx, stepAction: null })).toMatch(/no command or flag/);
    expect(run.enabledWhen({ ...ctx, commandFlowAvailable: false })).toMatch(/not available/);
    expect(run.enabledWhen({ ...ctx, commandRunning: true })).toMatch(/already running/);
    const cancel = keymap.find((b) => b.action === 'cancel-command')!;
    expect(cancel.enabledWhen(ctx)).toBe('no command is running');
    const resolve = keymap.find((b) => b.action === 'status-resolved')!;
    expect(resolve.enabledWhen({ ...ctx, status: 'resolved' })).toMatch(/resolved/);
  });

  it('help bar lists only the keys that work now, per mode', () => {
    const labels = (mode: KeymapMode, c: KeyContext) => helpBarItems(mode, c).map((i) => `${i.keys} ${i.label}`);
    const board = labels('dashboard', ctx);
    expect(board[0]).toBe('↑/k/↓/j move');
    expect(board).toContain('space tick');
    expect(board).toContain('enter run');
    expect(board).not.toContain('c cancel cmd');
    expect(labels('dashboard', { ...ctx, commandRunning: true })).toContain('c cancel cmd');
    expect(labels('dashboard', { ...ctx, commsAvailable: false })).not.toContain('s update');
    expect(labels('help', ctx)).toEqual(['?/esc/q close']);
    expect(labels('composer', ctx)).toEqual(['shift+tab previous', 'tab next field', '←/→ status word', 'Ctrl-S send', 'esc cancel']);
    expect(labels('dialog', ctx)).toEqual(['y yes', 'd preview', 'esc cancel']);
  });

  it('README key list equals keymapMarkdown() (regenerate: node scripts/readme-keys.ts)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(keysSection(readme)).toBe(keymapMarkdown());
  });
});
