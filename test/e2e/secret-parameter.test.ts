// A secret typed into the confirmation dialog of the built warroom, in a real terminal: the
// screen shows its mark while it is typed and after, the command receives it whole, the journal
// on disk never holds it, and after leaving and resuming it is asked for again.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { startPty, type PtySession } from '../helpers/pty.ts';

let home: string;
const SLOW = 30_000;
const SECRET = 'postgres://app:s3cret-pw-9191@db:5432/orders';
const env = () => ({ WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' });

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-secret-e2e-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

async function journalText(): Promise<string> {
  const ids = (await fs.readdir(path.join(home, 'incidents'))).filter((id) => !id.startsWith('.'));
  return fs.readFile(path.join(home, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
}

/** The dialog's text as one line: its box borders and wrapping removed. */
const flat = (screen: string) => screen.replace(/\[\d+m/g, '').replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');

async function typeSecretAndRun(pty: PtySession, received: string, masked: boolean): Promise<void> {
  pty.write('\r');
  const asked = await pty.waitFor(/value for orders database url/, SLOW);
  if (masked) expect(flat(asked)).toContain('$orders database url: secret values are kept only in the memory of the warroom they were typed in, so type it again');
  pty.write(SECRET);
  // Its name does not say secret, so the first time it echoes as typed (the operator's own
  // keys, like a shell); once known to be a secret, it is typed as dots.
  if (masked) await pty.waitFor(new RegExp(`› •{${SECRET.length}}`), SLOW);
  else await pty.waitFor((s) => s.includes(SECRET), SLOW);
  pty.write('\r');
  const dialog = await pty.waitFor(/Run it\?/, SLOW);
  expect(dialog).toContain("ORDERS_URL='‹secret›'");
  expect(flat(dialog)).toContain('‹secret› is a secret value: the command gets it');
  pty.write('y');
  await pty.waitFor(/echo checked: exit 0/, SLOW);
  expect(await fs.readFile(received, 'utf8')).toBe(`${SECRET}\n`);
}

it('is masked on screen and in the journal, reaches the command, and is asked again after resume', async () => {
  const received = path.join(home, 'received.txt');
  const runbook = path.join(home, 'secret.md');
  await fs.writeFile(
    runbook,
    ['# Orders DB Runbook', '', '## Mitigation', '- [ ] Check the orders database', '  ```bash', "  ORDERS_URL='<orders database url>'", `  printf '%s\\n' "$ORDERS_URL" > '${received}'; echo checked`, '  ```', ''].join('\n'),
  );
  const pty = startPty(['run', runbook], { env: env(), cols: 100, rows: 30 });
  await pty.waitFor(/\? help\s*$/m, SLOW);
  await typeSecretAndRun(pty, received, false);
  expect(pty.screen()).not.toContain('s3cret');
  pty.write('q');
  expect((await pty.exited).exitCode).toBe(0);
  expect(await journalText()).not.toContain('s3cret');

  await fs.rm(received);
  const again = startPty(['resume'], { env: env(), cols: 100, rows: 30 });
  await again.waitFor(/\? help\s*$/m, SLOW);
  await typeSecretAndRun(again, received, true);
  expect(again.output()).not.toContain('s3cret'); // not one frame of this run showed it
  again.write('q');
  expect((await again.exited).exitCode).toBe(0);
  expect(await journalText()).not.toContain('s3cret');
}, 120_000);
