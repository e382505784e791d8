// The status page from the dashboard, in a real terminal, against a Statuspage stand-in and a
// Slack Web API stand-in on 127.0.0.1: the first public update (p) creates the status-page
// incident with the components from the runbook's front matter as the operator changed them,
// later ones update it in place, public text with internals is refused naming the words, the
// internal Slack thread gets the link, and resolving offers the resolved update.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKEN } from '../helpers/comms-fixtures.ts';
import { startFakeServices, waitFor, type FakeServices } from '../helpers/fake-services.ts';
import { startPty, repoRoot } from '../helpers/pty.ts';
import { STANDIN_KEY, startStatuspage, type StatuspageStandIn } from '../helpers/statuspage-server.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

const SLOW = 60_000;
const HELP_BAR = /\? help\s*$/m;
let home: string;
let page: StatuspageStandIn;
let slack: FakeServices;

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-statuspage-e2e-'));
  [page, slack] = await Promise.all([startStatuspage(), startFakeServices(), ensureBuilt()]);
  const demo = await fs.readFile(path.join(repoRoot, 'runbooks/api-high-latency.md'), 'utf8');
  await fs.writeFile(path.join(home, 'api.md'), `---\ncomponents: [API, Login]\n---\n${demo}`);
}, SLOW);

afterAll(async () => {
  await Promise.all([page?.close(), slack?.close()]);
  await fs.rm(home, { recursive: true, force: true });
});

const slackTexts = () => slack.accepted().filter((r) => r.path === '/api/chat.postMessage').map((r) => ({ text: String(r.body.text ?? ''), thread: r.body.thread_ts }));

describe('public updates reach the status page from the dashboard', () => {
  it('creates, updates in place and resolves one status-page incident; the Slack thread gets the link', async () => {
    const env = {
      WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color',
      WARROOM_STATUSPAGE_API_KEY: STANDIN_KEY, WARROOM_STATUSPAGE_PAGE_ID: page.pageId, WARROOM_STATUSPAGE_API_URL: page.url,
      WARROOM_SLACK_TOKEN: TEST_TOKEN, WARROOM_SLACK_CHANNEL: '#incidents', WARROOM_SLACK_API_URL: `${slack.url}/api`,
    };
    const session = startPty(['run', 'api.md'], { env, cwd: home, cols: 100, rows: 30 });
    try {
      await session.waitFor((s) => HELP_BAR.test(s) && s.includes('API High Latency'), SLOW);
      session.write('p');
      await session.waitFor((s) => s.includes('Components') && s.includes('API: partial_outage, Login: partial_outage'), SLOW);
      expect(session.screen()).toContain(`creates an incident on Atlassian Statuspage ${page.pageId}`);
      // Text, then Components: Login goes, Website comes in at a major outage.
      session.write('\t\t');
      session.write('\u001b[F' + '\u007f'.repeat(', Login: partial_outage'.length) + ', Website: major_outage');
      await session.waitFor('API: partial_outage, Website: major_outage', SLOW);
      session.write('\u0013');
      await waitFor(() => page.incidents.length === 1 && page.incidents[0]!.updates.length === 1, 'the status-page incident', SLOW);
      const created = page.incidents[0]!;
      expect(created.components).toEqual({ 'cmp-api': 'partial_outage', 'cmp-web': 'major_outage' });
      expect(created.impact).toBe('major');
      expect(created.updates[0]!.body).toContain('We are currently experiencing degraded performance on our API.');
      const url = `https://stspg.io/${created.id}`;
      await session.waitFor((s) => s.includes(`status page ${url.replace("https://", "")}`), SLOW);
      await waitFor(() => slackTexts().find((m) => m.text === `status page updated: ${url}` && m.thread !== undefined), 'the link in the Slack thread', SLOW);

      // Internals in public text are refused, with the words found; nothing is sent.
      session.write('p');
      await session.waitFor('Public status update', SLOW);
      session.write('\t we ran kubectl rollout undo deployment/api-service');
      session.write('\u0013');
      await session.waitFor((s) => s.includes('not sent: public text contains') && s.includes('kubectl'), SLOW);
      session.write('\u001b');
      await session.waitFor((s) => HELP_BAR.test(s) && !s.includes('Public status update'), SLOW);

      session.write('i');
      await session.waitFor('IDENTIFIED', SLOW);
      session.write('p');
      await session.waitFor((s) => s.includes('Identified') && s.includes(`updates ${url}`), SLOW);
      session.write('\u0013');
      await waitFor(() => page.incidents[0]!.updates.length === 2, 'the update in place', SLOW);
      expect(page.incidents).toHaveLength(1);
      expect(page.incidents[0]!.status).toBe('identified');

      session.write('r');
      await session.waitFor('Resolve "', SLOW);
      session.write('y');
      await session.waitFor((s) => s.includes('Public status update') && s.includes('Resolved'), SLOW);
      session.write('\u0013');
      await waitFor(() => page.incidents[0]!.status === 'resolved', 'the resolved update', SLOW);
      expect(page.incidents).toHaveLength(1);
      expect(page.incidents[0]!.components).toEqual({ 'cmp-api': 'operational', 'cmp-web': 'operational' });
      await waitFor(() => slackTexts().filter((m) => m.text === `status page updated: ${url}`).length === 3, 'a link per update', SLOW);
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
      const draft = await warroom(home, ['postmortem', 'latest', '--stdout']);
      expect(draft.stdout).toContain(url);
    } finally {
      session.kill('SIGKILL');
    }
  }, SLOW * 5);

  it("a 4xx is shown with the provider's reason and stays queued; P fixes and resends it, and one incident is created", async () => {
    const own = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-statuspage-4xx-'));
    await fs.copyFile(path.join(home, 'api.md'), path.join(own, 'api.md'));
    const before = page.incidents.length;
    const env = {
      WARROOM_HOME: own, HOME: own, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color',
      WARROOM_STATUSPAGE_API_KEY: STANDIN_KEY, WARROOM_STATUSPAGE_PAGE_ID: page.pageId, WARROOM_STATUSPAGE_API_URL: page.url,
    };
    const listings = () => page.requests.filter((r) => r.path.endsWith('/components')).length;
    const listedBefore = listings();
    const session = startPty(['run', 'api.md'], { env, cwd: own, cols: 100, rows: 30 });
    try {
      await session.waitFor((s) => HELP_BAR.test(s) && s.includes('API High Latency'), SLOW);
      // The war room lists the page's components once it loads; the refusal is aimed at the create after it.
      await waitFor(() => listings() > listedBefore, 'the component listing', SLOW);
      page.script.push({ status: 422, body: JSON.stringify({ error: ['Body is too long for the page'] }) });
      session.write('p');
      await session.waitFor('Components', SLOW);
      session.write('\u0013');
      const refused = await session.waitFor((s) => s.includes('status page refused'), SLOW);
      expect(refused).toContain('422');
      expect(page.incidents).toHaveLength(before);
      session.write('P');
      await session.waitFor((s) => s.includes('Refused') && s.includes('422'), SLOW);
      session.write('\t ');
      session.write('\u0013');
      await waitFor(() => page.incidents.length === before + 1, 'the resent create', SLOW);
      await session.waitFor((s) => s.includes(`status page stspg.io/${page.incidents.at(-1)!.id}`), SLOW);
      expect(page.incidents).toHaveLength(before + 1);
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
    } finally {
      session.kill('SIGKILL');
      await fs.rm(own, { recursive: true, force: true });
    }
  }, SLOW * 3);
});
