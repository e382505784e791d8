import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeBindings, dispatchKey, helpBarItems, keymapMarkdown, type KeyHandlers } from '../../../src/core/keys/bindings.ts';
import { press, type KeyPress } from '../../../src/core/keys/key-press.ts';
import { matchesSpec, parseKeySpec } from '../../../src/core/keys/key-spec.ts';
import { KEYMAP_MODES, keymap, TEXT_MODES, type ActionId, type KeyContext, type KeymapMode } from '../../../src/core/keymap.ts';
import { keysSection } from '../../../scripts/readme-keys.ts';

const ctx: KeyContext = {
  status: 'investigating',
  hasStep: true,
  stepAction: 'command',
  commandRunning: false,
  runBusy: false,
  commandFlowAvailable: true,
  commsAvailable: true,
  readonly: false,
};

/** Every binding of the table given a handler that records its action. */
function recording(): { handlers: KeyHandlers; ran: ActionId[] } {
  const ran: ActionId[] = [];
  const handlers: KeyHandlers = {};
  for (const b of keymap) handlers[b.action] = () => ran.push(b.action);
  return { handlers, ran };
}

function actionOf(mode: KeymapMode, key: KeyPress, context: KeyContext = ctx): ActionId | null {
  const { handlers, ran } = recording();
  const outcome = dispatchKey(activeBindings(mode, handlers, context), key, context);
  return outcome.kind === 'unbound' ? null : outcome.kind === 'disabled' ? `disabled:${outcome.binding.action}` as ActionId : (ran[0] ?? null);
}

const char = (c: string) => press(c, {}, c);

describe('keymap', () => {
  it('maps every key of the dashboard', () => {
    expect(actionOf('dashboard', press('up'))).toBe('move-up');
    expect(actionOf('dashboard', char('k'))).toBe('move-up');
    expect(actionOf('dashboard', press('down'))).toBe('move-down');
    expect(actionOf('dashboard', char('j'))).toBe('move-down');
    expect(actionOf('dashboard', char('g'))).toBe('first');
    expect(actionOf('dashboard', press('home'))).toBe('first');
    expect(actionOf('dashboard', char('G'))).toBe('last');
    expect(actionOf('dashboard', press('end'))).toBe('last');
    expect(actionOf('dashboard', press('space', {}, ' '))).toBe('toggle-step');
    expect(actionOf('dashboard', press('return'))).toBe('run-step');
    expect(actionOf('dashboard', press('tab'))).toBe('switch-pane');
    const letters: Record<string, ActionId> = {
      t: 'timeline', n: 'note', s: 'update-internal', p: 'update-public', i: 'status-identified',
      m: 'status-monitoring', r: 'status-resolved', e: 'escalate', S: 'severity', C: 'commander', '?': 'help', q: 'quit',
    };
    for (const [input, action] of Object.entries(letters)) expect(actionOf('dashboard', char(input))).toBe(action);
    expect(actionOf('dashboard', char('c'), { ...ctx, commandRunning: true })).toBe('cancel-command');
    expect(actionOf('dashboard', press('c', { ctrl: true }))).toBe('interrupt');
  });

  it('gives the same letter different meanings per mode', () => {
    expect(actionOf('help', char('q'))).toBe('close-help');
    expect(actionOf('dialog', press('escape'))).toBe('cancel');
    expect(actionOf('composer', press('s', { ctrl: true }))).toBe('composer-send');
    expect(actionOf('dashboard', press('s', { ctrl: true }))).toBeNull();
    expect(actionOf('select', char('j'))).toBeNull();
    expect(actionOf('composer', press('tab', { shift: true }))).toBe('composer-prev-field');
    expect(actionOf('composer', press('tab'))).toBe('composer-next-field');
    for (const mode of KEYMAP_MODES) expect(actionOf(mode, press('c', { ctrl: true }))).toBe('interrupt');
  });

  it('has no two bindings in one mode that one key press triggers, with any modifiers', () => {
    const names = new Set<string>(['up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'return', 'escape', 'tab', 'backspace', 'delete', 'space']);
    for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?/!-') names.add(c);
    for (const b of keymap) for (const spec of b.keys) names.add(parseKeySpec(spec).name);
    let pressed = 0;
    for (const mode of KEYMAP_MODES) {
      const bindings = activeBindings(mode, recording().handlers);
      for (const name of names) {
        for (const ctrl of [false, true]) for (const meta of [false, true]) for (const shift of [false, true]) {
          const key = press(name, { ctrl, meta, shift });
          // The matcher dispatch uses: exact modifiers, so tab and shift+tab never both match.
          const hits = bindings.filter((b) => b.specs.some((spec) => matchesSpec(spec, key)));
          pressed += 1;
          expect(hits.length, `${mode}: ${JSON.stringify(key)} → ${hits.map((h) => h.action).join(', ')}`).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(pressed).toBeGreaterThan(8 * KEYMAP_MODES.length * 60);
  });

  it('every binding key of the table is reached by a press in its modes', () => {
    for (const b of keymap) {
      for (const mode of b.modes) {
        for (const spec of b.keys) {
          const { name, ctrl, meta, shift } = parseKeySpec(spec);
          const got = actionOf(mode, press(name, { ctrl, meta, shift }, name.length === 1 ? name : ''), { ...ctx, commandRunning: true, status: 'resolved' });
          expect([b.action, `disabled:${b.action}`], `${mode} ${spec}`).toContain(got);
        }
      }
    }
  });

  it('claims no printable key in a mode with a text field: there, letters are text', () => {
    for (const b of keymap) {
      for (const mode of b.modes.filter((m) => TEXT_MODES.has(m))) {
        for (const spec of b.keys) {
          const { name, ctrl, meta } = parseKeySpec(spec);
          expect(name.length === 1 && !ctrl && !meta, `${b.action} ${spec} in ${mode}`).toBe(false);
        }
      }
    }
  });

  it('says why a key is disabled', () => {
    const reason = (action: ActionId, c: KeyContext) => activeBindings('dashboard', recording().handlers, c).find((b) => b.action === action)?.disabled;
    expect(reason('run-step', { ...ctx, stepAction: null })).toMatch(/no command or flag/);
    expect(reason('run-step', { ...ctx, commandFlowAvailable: false })).toMatch(/not available/);
    expect(reason('run-step', { ...ctx, commandRunning: true })).toMatch(/already running/);
    expect(reason('run-step', { ...ctx, runBusy: true })).toMatch(/flag change is in progress/);
    expect(reason('cancel-command', ctx)).toBe('no command is running');
    expect(reason('status-resolved', { ...ctx, status: 'resolved' })).toMatch(/resolved/);
    // A disabled binding is found but its handler does not run.
    expect(actionOf('dashboard', char('c'))).toBe('disabled:cancel-command');
  });

  it('help bar lists only the keys that work now, per mode', () => {
    const labels = (mode: KeymapMode, c: KeyContext = ctx) => helpBarItems(activeBindings(mode, recording().handlers, c)).map((i) => `${i.keys} ${i.label}`);
    const board = labels('dashboard');
    expect(board[0]).toBe('↑/k/↓/j move');
    expect(board).toContain('space tick');
    expect(board).toContain('enter run');
    expect(board).not.toContain('c cancel cmd');
    expect(labels('dashboard', { ...ctx, commandRunning: true })).toContain('c cancel cmd');
    expect(labels('dashboard', { ...ctx, commsAvailable: false })).not.toContain('s update');
    expect(labels('help')).toEqual(['?/esc/q close']);
    expect(labels('composer')).toEqual(['shift+tab previous', 'tab next field', '←/→ status word', 'Ctrl-S send', 'esc cancel']);
    expect(labels('question')).toEqual(['y yes', 'esc cancel']);
    // A handler may say what a key means right now: enter is No for a change.
    const dialog = activeBindings('dialog', { 'dialog-confirm': () => undefined, 'dialog-enter': { label: 'no', run: () => undefined }, cancel: () => undefined });
    expect(helpBarItems(dialog).map((i) => `${i.keys} ${i.label}`)).toEqual(['y yes', 'enter no', 'esc cancel']);
  });

  it('README key list equals keymapMarkdown() (regenerate: node scripts/readme-keys.ts)', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(keysSection(readme)).toBe(keymapMarkdown());
    expect(keymapMarkdown()).toMatch(/\| `g` \/ `Home` \| Jump to the first step/);
  });
});
