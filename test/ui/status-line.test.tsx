// A long status message keeps its end, where the decision usually is ("the next action tries
// again"): it wraps onto a second row at 80×24, and the frame stays exactly the terminal's height.
import React from 'react';
import { afterEach, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.tsx';
import { statusRowsFor } from '../../src/ui/status-line.tsx';
import { openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

let fx: SessionFixture | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

const LONG = 'not recorded: could not write the journal (ENOSPC: no space left on device, write): nothing of it was recorded, the next action tries again';

it('takes a second row for a message longer than the terminal is wide, only when the terminal is tall enough', () => {
  expect(statusRowsFor({ level: 'error', text: LONG }, 80, 24)).toBe(2);
  expect(statusRowsFor({ level: 'info', text: 'update posted' }, 80, 24)).toBe(1);
  expect(statusRowsFor({ level: 'error', text: LONG }, 80, 10)).toBe(1);
  expect(statusRowsFor(null, 80, 24)).toBe(1);
});

it('shows the end of a long error on the dashboard at 80x24, and the frame keeps its height', async () => {
  fx = await openSession();
  const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => f.includes('Checklist'));
  fx.session.notify('error', LONG);
  const shown = await waitUntil(frame, (f) => f.includes('tries again'));
  const lines = shown.split('\n');
  expect(lines.length).toBe(24);
  expect(shown.replace(/\s+/g, ' ')).toContain(`✖ ${LONG}`);
  expect(lines.at(-1)).toMatch(/\? help/);
  expect(lines[0]).toMatch(/SEV-2/);
});
