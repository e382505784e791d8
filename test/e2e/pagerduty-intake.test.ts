// A PagerDuty incident assigned to the operator, opened from the picker in a real terminal,
// against a PagerDuty REST stand-in on 127.0.0.1: the war room acknowledges it in PagerDuty
// (with the From header, through a 429 first), journals incident.acknowledged via pagerduty
// once that is delivered, adds each status update as a note and resolves it with the war room.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent, IncidentOpenedEvent } from '../../src/core/incident/events.ts';
import { waitFor } from '../helpers/fake-services.ts';
import { PD_TOKEN, standInIncident, startPagerDutyStandIn, type PagerDutyStandIn } from '../helpers/pagerduty-rest-server.ts';
import { startPty } from '../helpers/pty.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const SLOW = 60_000;
const HELP_BAR = /\? help\s*$/m;
let home: string;
let pd: PagerDutyStandIn;

async function events(): Promise<IncidentEvent[]> {
  const ids = (await fs.readdir(path.join(home, 'incidents'))).filter((d) => !d.startsWith('.'));
  const text = await fs.readFile(path.join(home, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as IncidentEvent);
}

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-pd-intake-'));
  [pd] = await Promise.all([startPagerDutyStandIn(), ensureBuilt()]);
  pd.users.push({ id: 'PANA01', name: 'Ana', email: 'ana@example.com' });
  pd.incidents.push(standInIncident('PABC123', 1234, { id: 'PANA01', name: 'Ana' }, 'https://github.com/openshift/runbooks/blob/master/alerts/openshift-virtualization-operator/VirtAPIDown.md'));
  const urlMap = JSON.stringify({ 'https://github.com/openshift/runbooks': path.join(corpus, 'openshift__runbooks') });
  expect((await warroom(home, ['config', 'set', 'runbooks.urlMap', urlMap])).code).toBe(0);
}, SLOW);

afterAll(async () => {
  await pd?.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('a PagerDuty incident opened from the picker', () => {
  it('is acknowledged (From header, through a 429), noted on each update and resolved with the war room', async () => {
    const env = {
      WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'ana', NO_COLOR: '1', TERM: 'xterm-256color',
      WARROOM_PAGERDUTY_API_TOKEN: PD_TOKEN, WARROOM_PAGERDUTY_API_URL: pd.url, WARROOM_PAGERDUTY_EMAIL: 'ana@example.com',
    };
    const session = startPty([], { env, cwd: home, cols: 80, rows: 24 });
    try {
      await session.waitFor((s) => /❯ PD\s+SEV-\?\s+\[Checkout\] incident 1234/.test(s), SLOW);
      // PagerDuty's rate limit answers the first write: the outbox waits and sends it again.
      pd.script.push({ status: 429, headers: { 'retry-after': '1' } });
      session.write('\r');
      await session.waitFor((s) => HELP_BAR.test(s) && s.includes('[Checkout] incident 1234'), SLOW);
      await waitFor(() => pd.incidents[0]!.status === 'acknowledged', 'PagerDuty to have the acknowledgement', SLOW);
      const acks = pd.requests.filter((r) => r.method === 'PUT' && r.path === '/incidents/PABC123');
      expect(acks.map((r) => r.answered)).toEqual([429, 200]);
      expect(acks[1]!.headers.from).toBe('ana@example.com');
      const acknowledged = await waitFor(async () => (await events()).find((e) => e.type === 'incident.acknowledged'), 'incident.acknowledged', SLOW);
      expect(acknowledged).toMatchObject({ by: 'ana', via: 'pagerduty' });
      const all = await events();
      expect((all[0] as IncidentOpenedEvent).runbookPath).toBe(path.join(corpus, 'openshift__runbooks/VirtAPIDown.md'));
      expect(all[1]).toMatchObject({ type: 'alert.linked', source: 'pagerduty', fingerprint: 'PABC123' });

      session.write('s');
      await session.waitFor('Internal status update', SLOW);
      session.write('checkout is down for some users');
      await session.waitFor('checkout is down for some users', SLOW);
      session.write('\u0013');
      await waitFor(() => pd.incidents[0]!.notes.length === 1, 'the note', SLOW);
      expect(pd.incidents[0]!.notes[0]).toMatchObject({ from: 'ana@example.com', content: expect.stringContaining('checkout is down for some users') });

      session.write('r');
      await session.waitFor('Resolve "', SLOW);
      session.write('y');
      await waitFor(() => pd.incidents[0]!.status === 'resolved', 'PagerDuty to have the resolve', SLOW);
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
      const draft = await warroom(home, ['postmortem', 'latest', '--stdout']);
      expect(draft.stdout).toContain('PagerDuty incident `PABC123` triggered');
    } finally {
      session.kill('SIGKILL');
    }
  }, SLOW * 4);
});
