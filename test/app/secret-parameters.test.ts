// A secret typed for a placeholder never reaches the journal or the dialog: the journal holds the
// mark, the command that runs gets the real value, and a warroom that does not hold it (after a
// restart, or another terminal) asks for it again. Real journal, real processes.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../src/adapters/runner.ts';
import { CommandFlow } from '../../src/app/command-flow.ts';
import { forgottenSecrets, isSecretParameter, SECRET_VALUE, shownValues } from '../../src/core/command/secret-parameter.ts';
import { cmd, flowHarness, step, type FlowHarness } from '../helpers/command-fixtures.ts';
import { makeTempDir } from '../helpers/journal-fixtures.ts';

const SECRET = 'postgres://app:s3cret-pw-4242@db:5432/orders';
let root: string;
const harnesses: FlowHarness[] = [];
beforeAll(async () => {
  root = await makeTempDir('warroom-secret-');
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.store.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const out = () => path.join(root, 'received.txt');
const steps = () => [step('db', [cmd('db', `printf '%s' <orders-db-url> > '${out()}'; echo connected`, 'read', { parameters: [{ name: 'orders-db-url', raw: '<orders-db-url>', syntax: 'angle' }] })])];

async function setup(mode = { dryRun: false, readonly: false }) {
  const h = await flowHarness(root, steps(), mode);
  harnesses.push(h);
  const flow = () => new CommandFlow({ store: h.store, runner: createCommandRunner(), kube: () => Promise.reject(new Error('no kubectl in these commands')), incidentDir: h.dir, cwd: root, mode, actor: 'alice' });
  return { h, flow };
}

describe('which values are secret', () => {
  it('by name or by shape, never the mark itself', () => {
    expect(isSecretParameter('orders-db-url', SECRET)).toBe(true);
    expect(isSecretParameter('DB_PASSWORD', 'hunter2')).toBe(true);
    expect(isSecretParameter('api_token', '')).toBe(true);
    expect(isSecretParameter('namespace', 'payments')).toBe(false);
    expect(isSecretParameter('orders-db-url', SECRET_VALUE)).toBe(false);
  });
  it('a held secret shows as its mark, one not held is missing', () => {
    const params = { ns: 'payments', url: SECRET_VALUE };
    expect(shownValues(params, () => true)).toEqual(params);
    expect(shownValues(params, () => false)).toEqual({ ns: 'payments' });
    expect(forgottenSecrets(params, () => false)).toEqual(['url']);
  });
});

describe('a secret parameter value', () => {
  it('is masked in the journal and the dialog, and the command receives it whole', async () => {
    const { h, flow } = await setup();
    const commands = flow();
    const opened = await commands.request('db');
    expect(opened.missing).toEqual(['orders-db-url']);
    await commands.setParameter('orders-db-url', SECRET);
    const dialog = commands.dialog(opened.requestSeq)!;
    expect(dialog.missing).toEqual([]);
    expect(dialog.script).toContain(SECRET_VALUE);
    expect(dialog.script).not.toContain('s3cret');
    expect(JSON.stringify(dialog.parameters)).not.toContain('s3cret');
    const { finished } = await commands.confirm(opened.requestSeq);
    expect((await finished).exitCode).toBe(0);
    expect(await readFile(out(), 'utf8')).toBe(SECRET);
    const journal = await readFile(path.join(h.dir, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain('s3cret');
    expect(h.events.find((e) => e.type === 'parameter.set')).toMatchObject({ value: SECRET_VALUE, secret: true });
    for (const type of ['command.confirmed', 'command.started'] as const) {
      expect((h.events.find((e) => e.type === type) as { script: string }).script).toContain(SECRET_VALUE);
    }
  });

  it('is asked again by a warroom that does not hold it, which says why', async () => {
    const { flow } = await setup();
    const first = flow();
    const opened = await first.request('db');
    await first.setParameter('orders-db-url', SECRET);
    await first.cancelBeforeRun(opened.requestSeq);
    const resumed = flow(); // a new process: the journal has the mark, its memory has nothing
    const again = await resumed.request('db');
    expect(again.missing).toEqual(['orders-db-url']);
    expect(again.notices.map((n) => n.text).join('\n')).toMatch(/\$orders-db-url: secret values are kept only in the memory of the warroom they were typed in, so type it again/);
    await resumed.setParameter('orders-db-url', SECRET);
    const { finished } = await resumed.confirm(again.requestSeq);
    await finished;
    expect(await readFile(out(), 'utf8')).toBe(SECRET);
  });

  it('in a drill, "would run" shows the mark and nothing runs', async () => {
    const { h, flow } = await setup({ dryRun: true, readonly: false });
    await rm(out(), { force: true });
    const commands = flow();
    const opened = await commands.request('db');
    await commands.setParameter('orders-db-url', SECRET);
    const { finished } = await commands.confirm(opened.requestSeq);
    const done = await finished;
    expect(done.tail.join('\n')).toContain(SECRET_VALUE);
    expect(JSON.stringify(done)).not.toContain('s3cret');
    expect(await readFile(path.join(h.dir, 'journal.jsonl'), 'utf8')).not.toContain('s3cret');
    await expect(readFile(out(), 'utf8')).rejects.toThrow();
  });
});
