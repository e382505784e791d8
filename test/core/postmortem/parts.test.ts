import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../../src/core/incident/events.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import { correctiveActionsMarkdown } from '../../../src/core/postmortem/actions.ts';
import { fiveWhysMarkdown } from '../../../src/core/postmortem/five-whys.ts';
import { authors, headerMarkdown, highestSeverity } from '../../../src/core/postmortem/header.ts';
import { codeSpan, fencedBlock, inlineText, paragraphText } from '../../../src/core/postmortem/markdown.ts';
import { redactSecrets } from '../../../src/core/redact.ts';
import { parseNoteTag } from '../../../src/core/postmortem/note-tags.ts';
import { summaryMarkdown } from '../../../src/core/postmortem/summary.ts';
import { openedEvent, stamp } from '../../fixtures/postmortem/seed-incident.ts';

const t = (hhmmss: string) => `2023-10-27T${hhmmss}.000Z`;

describe('note tags', () => {
  it('recognises why:/cause: and action:/todo: in any case, and strips the tag', () => {
    expect(parseNoteTag('Why: pool exhausted')).toEqual({ tag: 'cause', body: 'pool exhausted' });
    expect(parseNoteTag('  cause:leak')).toEqual({ tag: 'cause', body: 'leak' });
    expect(parseNoteTag('TODO: add alert')).toEqual({ tag: 'action', body: 'add alert' });
    expect(parseNoteTag('action: fix')).toEqual({ tag: 'action', body: 'fix' });
    expect(parseNoteTag('the cause: unknown')).toEqual({ tag: null, body: 'the cause: unknown' });
  });
});

describe('5 Whys', () => {
  it('places cause notes in order and keeps extras below the five prompts', () => {
    const notes = ['why: a', 'unrelated', 'cause: b', 'why: c', 'why: d', 'why: e', 'why: f'].map((text) => ({ text }));
    const out = fiveWhysMarkdown(notes);
    expect(out.slice(0, 5)).toEqual([
      '1. Why did the incident happen? -> a',
      '2. Why did that happen? -> b',
      '3. Why did that happen? -> c',
      '4. Why was it not caught earlier? -> d',
      '5. Why was that possible? -> e',
    ]);
    expect(out.slice(5)).toEqual(['', 'More cause notes from the incident:', '- f']);
  });
});

describe('corrective actions', () => {
  it('treats a parent with ticked children as worked on, and suggests failed commands', () => {
    const events: IncidentEvent[] = [
      openedEvent(),
      ...stamp([
        { at: t('10:06:00'), actor: 'alice', type: 'step.checked', stepId: 'investigation-steps/1/1', note: null },
        { at: t('10:06:10'), actor: 'alice', type: 'step.checked', stepId: 'prerequisite-checks/1', note: null },
        { at: t('10:06:20'), actor: 'alice', type: 'step.checked', stepId: 'prerequisite-checks/2', note: null },
        { at: t('10:07:00'), actor: 'alice', type: 'command.requested', stepId: 'investigation-steps/2', commandId: 'c', template: 'kubectl get deployments', risk: 'read' },
        { at: t('10:07:01'), actor: 'alice', type: 'command.started', requestSeq: 5, pid: 9, cwd: '/', script: 'kubectl get deployments', kubeContext: null, outputFile: 'commands/5.log' },
        {
          at: t('10:07:02'),
          actor: 'alice',
          type: 'command.finished',
          requestSeq: 5,
          exitCode: 1,
          signal: null,
          durationMs: 900,
          outputFile: 'commands/5.log',
          outputBytes: 50,
          outputSha256: null,
          timedOut: false,
          cancelled: false,
          dryRun: false,
          error: null,
          tail: ['error: You must be logged in to the server (Unauthorized)'],
        },
      ]),
    ];
    const out = correctiveActionsMarkdown(replay(events));
    expect(out[0]).toMatch(/^- \[ \] _TODO: corrective actions/);
    expect(out).not.toContainEqual(expect.stringContaining('"Identify the Component"'));
    expect(out).toContainEqual(expect.stringContaining('"Is it the Upstream API? Check dependency graphs." (Investigation Steps): never ticked'));
    expect(out).toContainEqual(expect.stringContaining('"Check Recent Changes" (Investigation Steps): never ticked'));
    expect(out).toContainEqual(
      '- [ ] _Suggested_: Check runbook command `kubectl get deployments` (step "Check Recent Changes"): it exited 1 during the incident.',
    );
    expect(out).not.toContainEqual(expect.stringContaining('Prerequisite Checks'));
  });

  it('takes a ticked step as covering its sub-steps', () => {
    const events: IncidentEvent[] = [
      openedEvent(),
      ...stamp([{ at: t('10:06:00'), actor: 'alice', type: 'step.checked', stepId: 'investigation-steps/1', note: null }]),
    ];
    const out = correctiveActionsMarkdown(replay(events));
    expect(out.join('\n')).not.toContain('Identify the Component');
    expect(out.join('\n')).not.toContain('Is it the');
    expect(out.join('\n')).toContain('"Analyze Logs" (Investigation Steps): never ticked');
  });
});

describe('header', () => {
  it('reports the highest severity reached with the changes, and every commander as an author', () => {
    const state = replay([
      openedEvent({ actor: 'alice', commander: 'alice' }),
      ...stamp([
        { at: t('10:06:00'), actor: 'system', type: 'update.due', kind: 'internal', dueAt: t('10:06:00') },
        { at: t('10:07:00'), actor: 'bob', type: 'severity.changed', from: 'SEV-2', to: 'SEV-1' },
        { at: t('10:08:00'), actor: 'alice', type: 'commander.changed', from: 'alice', to: 'dana' },
        { at: t('10:20:00'), actor: 'dana', type: 'severity.changed', from: 'SEV-1', to: 'SEV-3' },
      ]),
    ]);
    expect(highestSeverity(state)).toBe('SEV-1');
    expect(authors(state)).toEqual(['alice', 'dana', 'bob']);
    expect(headerMarkdown(state, '2023-10-27')).toContain(
      '**Severity**: SEV-1 (changes: SEV-2 → SEV-1 at 10:07 UTC by @bob; SEV-1 → SEV-3 at 10:20 UTC by @dana)',
    );
  });
});

describe('markdown hygiene', () => {
  it('redacts tokens and webhook URLs but keeps hashes', () => {
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(redactSecrets(`token xoxb-1-2-abc and https://hooks.slack.com/services/T/B/x and ${hash}`)).toBe(
      `token [redacted] and [redacted] and ${hash}`,
    );
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('routing_key=0123456789abcdef0123456789abcdef')).toBe('routing_key=[redacted]');
  });

  it('keeps operator text on one line, without terminal escapes', () => {
    expect(inlineText('a\nb\r\n\u001b[31mred\u001b[0m\tc')).toBe('a b red c');
    expect(inlineText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('escapes structure at the start of a paragraph', () => {
    expect(paragraphText('# title')).toBe('\\# title');
    expect(paragraphText('- item')).toBe('\\- item');
    expect(paragraphText('1. item')).toBe('1\\. item');
    expect(paragraphText('> quote')).toBe('\\> quote');
    expect(paragraphText('plain # text')).toBe('plain # text');
  });

  it('fences code that itself contains backticks', () => {
    expect(codeSpan('echo `date`')).toBe('`` echo `date` ``');
    expect(codeSpan('a ``b`` c')).toBe('```a ``b`` c```');
    expect(fencedBlock(['```', 'x'])).toBe('````text\n```\nx\n````');
  });
});

describe('summary without a resolution summary', () => {
  it('starts from the last internal update and keeps the prompt', () => {
    const state = replay([
      openedEvent(),
      ...stamp([
        {
          at: t('10:13:00'),
          actor: 'alice',
          type: 'update.posted',
          kind: 'internal',
          text: '[Ack] SEV-2: API High Latency',
          fields: { Impact: 'Logins time out for ~5% of users.', Actions: 'Rolling back v1.2.3' },
          nextUpdateMinutes: 15,
          deliveryIds: [],
        },
      ]),
    ]);
    expect(summaryMarkdown(state, '2023-10-27')).toEqual([
      'SEV-2 incident on api-service: war room opened 10:05 UTC; not resolved when this draft was written (status: investigating).',
      '',
      'Last internal update (10:13 UTC): impact: Logins time out for ~5% of users; actions: Rolling back v1.2.3.',
      '',
      '_TODO: what happened, the impact, and the root cause, in two or three sentences._',
    ]);
  });
});
