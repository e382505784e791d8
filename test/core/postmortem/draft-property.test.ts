// Whatever the operator typed and whatever the commands printed, the draft keeps the template's
// structure, carries no terminal control characters, and is the same bytes every time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent, NewEvent } from '../../../src/core/incident/events.ts';
import { postmortemMarkdown } from '../../../src/core/postmortem/draft.ts';
import { openedEvent, stamp } from '../../fixtures/postmortem/seed-incident.ts';

const STEP_IDS = ['prerequisite-checks/1', 'prerequisite-checks/2', 'investigation-steps/1/1', 'investigation-steps/3', 'mitigation-actions/2', 'no-such-step'];
const ACTORS = ['alice', 'bob', 'system', '# carol'];

// Text an operator could type, biased towards what breaks Markdown.
const nasty = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('# heading', '## Timeline', '```', '- [ ] x', '> q', '1. one', '|a|b|', '\u001b[31mred', 'why: x\ny', 'action: `a``b`', '<script>', '---'),
);

type Draft = NewEvent & { at: string };

function eventArb(): fc.Arbitrary<(at: string, seq: number) => Draft[]> {
  const actor = fc.constantFrom(...ACTORS);
  return fc.oneof(
    fc.record({ actor, text: nasty }).map(({ actor, text }) => (at: string) => [{ at, actor, type: 'note.added', text } as Draft]),
    fc
      .record({ actor, stepId: fc.constantFrom(...STEP_IDS), kind: fc.constantFrom('step.checked', 'step.unchecked', 'step.skipped'), note: fc.option(nasty) })
      .map(({ actor, stepId, kind, note }) => (at: string) => [{ at, actor, type: kind, stepId, note } as Draft]),
    fc.record({ actor, to: fc.constantFrom('investigating', 'identified', 'monitoring') }).map(({ actor, to }) => (at: string) => [
      { at, actor, type: 'status.changed', from: 'investigating', to } as Draft,
    ]),
    fc.record({ actor, to: fc.constantFrom('SEV-1', 'SEV-3', 'P2', 'weird') }).map(({ actor, to }) => (at: string) => [
      { at, actor, type: 'severity.changed', from: 'SEV-2', to } as Draft,
    ]),
    fc
      .record({ actor, script: nasty, exit: fc.option(fc.integer({ min: 0, max: 255 })), tail: fc.array(nasty, { maxLength: 25 }), dry: fc.boolean() })
      .map(({ actor, script, exit, tail, dry }) => (at: string, seq: number) => [
        { at, actor, type: 'command.requested', stepId: 'mitigation-actions/2', commandId: 'c', template: script, risk: 'change' } as Draft,
        {
          at,
          actor,
          type: 'command.finished',
          requestSeq: seq,
          exitCode: exit,
          signal: null,
          durationMs: 1234,
          outputFile: null,
          outputBytes: 10,
          outputSha256: null,
          timedOut: false,
          cancelled: false,
          dryRun: dry,
          error: null,
          tail,
        } as Draft,
      ]),
    fc.record({ actor, kind: fc.constantFrom('internal', 'public'), impact: nasty, text: nasty }).map(({ actor, kind, impact, text }) => (at: string) => [
      { at, actor, type: 'update.posted', kind, text, fields: { impact, status: 'Investigating' }, nextUpdateMinutes: 15, deliveryIds: [] } as Draft,
    ]),
    fc.record({ actor, summary: fc.option(nasty) }).map(({ actor, summary }) => (at: string) => [
      { at, actor, type: 'incident.resolved', from: 'monitoring', summary } as Draft,
    ]),
  );
}

function buildJournal(makers: ((at: string, seq: number) => Draft[])[], title: string): IncidentEvent[] {
  const rest: Draft[] = [];
  makers.forEach((make, i) => {
    const at = new Date(Date.parse('2023-10-27T10:06:00.000Z') + i * 47_000).toISOString();
    rest.push(...make(at, 2 + rest.length));
  });
  return [openedEvent({ title }), ...stamp(rest)];
}

/** `#` and `##` headings not inside a fenced block (output lines may start with #). */
function headingsOutsideFences(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const ticks = /^(`{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (ticks !== undefined && ticks.length >= fence.length && line.trim() === ticks) fence = null;
    } else if (ticks !== undefined) {
      fence = ticks;
    } else if (/^#{1,2} /.test(line)) {
      out.push(line);
    }
  }
  expect(fence, 'every fence is closed').toBeNull();
  return out;
}

describe('postmortemMarkdown on arbitrary journals', () => {
  it('keeps the structure, strips control characters and is deterministic', () => {
    fc.assert(
      fc.property(fc.array(eventArb(), { maxLength: 30 }), nasty, (makers, title) => {
        const events = buildJournal(makers, title);
        const draft = postmortemMarkdown(events);
        const headings = headingsOutsideFences(draft);
        expect(headings.slice(1)).toEqual([
          '## Summary',
          '## Impact',
          '## Timeline',
          '## Root Cause Analysis (5 Whys)',
          '## Corrective Actions',
          '## Appendix',
        ]);
        expect(headings[0]?.startsWith('# Incident Post-Mortem: ')).toBe(true);
        // eslint-disable-next-line no-control-regex
        expect(draft).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        expect(postmortemMarkdown(JSON.parse(JSON.stringify(events)) as IncidentEvent[])).toBe(draft);
      }),
      { numRuns: 200 },
    );
  });
});
