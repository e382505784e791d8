// Rows a pane cannot use go to the step under the cursor: a short checklist and an empty output
// pane leave the step detail room to show a step whole (where to type its command included),
// while the panes still add up to the terminal's height, and output keeps its share once it has some.
import React from 'react';
import { promises as fs } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.tsx';
import { computeLayout, type PaneNeeds } from '../../src/ui/layout.ts';
import { parseRunbook } from '../../src/core/runbook/parse.ts';
import { openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

const sizes = [[80, 24], [80, 12], [100, 30], [120, 40], [200, 60], [40, 10], [20, 3]] as const;
const needsCases: PaneNeeds[] = [
  { checklistRows: 5, detailRows: 8, outputEmpty: true },
  { checklistRows: 500, detailRows: 40, outputEmpty: false },
  { checklistRows: 1, detailRows: 1, outputEmpty: true },
  { checklistRows: 40, detailRows: 12, outputEmpty: true },
];

describe('layout with what the panes need', () => {
  it('adds up to the terminal height at every size, for every need', () => {
    for (const [c, r] of sizes) {
      for (const focus of ['checklist', 'output'] as const) {
        for (const needs of needsCases) {
          const l = computeLayout(c, r, focus, needs);
          expect(l.header.height + l.body.height + l.statusRows + l.helpRows).toBe(r);
          if (l.wide) expect(l.detail.height + l.output.height).toBe(l.body.height);
          else expect(l.checklist.height + l.detail.height + l.output.height).toBe(l.body.height);
          expect(Math.min(l.checklist.height, l.detail.height, l.output.height)).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('at 80x24 a short checklist and an empty output give the detail what it needs', () => {
    const plain = computeLayout(80, 24, 'checklist');
    const grown = computeLayout(80, 24, 'checklist', { checklistRows: 5, detailRows: 8, outputEmpty: true });
    expect(plain.detail.height).toBe(3);
    expect(grown.checklist.height).toBe(6); // five rows and the title
    expect(grown.detail.height).toBe(8);
    expect(grown.output.height).toBeGreaterThanOrEqual(2);
  });

  it('keeps 40 % of the rest for output once a command has printed', () => {
    const l = computeLayout(80, 24, 'checklist', { checklistRows: 500, detailRows: 40, outputEmpty: false });
    const rest = l.body.height - l.checklist.height;
    expect(l.output.height).toBeGreaterThanOrEqual(Math.ceil(rest * 0.4));
  });
});

let fx: SessionFixture | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

it('shows a corpus step that runs in a pod whole at 80x24, with where it runs', async () => {
  const file = '../shared/corpus/openshift__runbooks/etcdDatabaseQuotaLowSpace.md';
  const runbook = parseRunbook(await fs.readFile(file, 'utf8'), file);
  fx = await openSession({ runbook });
  const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => f.includes('Checklist'));
  app.stdin.write('G');
  const shown = await waitUntil(frame, (f) => f.includes('runs there as'));
  expect(shown).not.toMatch(/more lines/);
  expect(shown.replace(/\s+/g, ' ')).toContain("-- sh -c 'etcdctl defrag'");
  expect(shown.split('\n')).toHaveLength(24);
});
