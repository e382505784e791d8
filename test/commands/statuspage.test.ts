// `warroom statuspage components` as a real process against the Statuspage and incident.io
// stand-ins: the page's components with id, name, group and status, the ones an incident
// preselects (runbook front matter over `statuspage.components`), names the page lacks
// reported, `--json` complete, and component listings always paginated.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/journal-fixtures.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';
import { STANDIN_KEY, startStatuspage, type StatuspageStandIn, type StoredComponent } from '../helpers/statuspage-server.ts';
import { startIncidentio, type IncidentioStandIn } from '../helpers/incidentio-server.ts';

let home: string;
let statuspage: StatuspageStandIn;
let incidentio: IncidentioStandIn;

const env = (page: { url: string; pageId: string }, provider = 'atlassian') => ({
  WARROOM_STATUSPAGE_PROVIDER: provider,
  WARROOM_STATUSPAGE_API_KEY: STANDIN_KEY,
  WARROOM_STATUSPAGE_PAGE_ID: page.pageId,
  WARROOM_STATUSPAGE_API_URL: page.url,
});

beforeAll(async () => {
  home = await makeTempDir('warroom-statuspage-cli-');
  [statuspage, incidentio] = await Promise.all([startStatuspage(), startIncidentio(), ensureBuilt()]);
});

afterAll(async () => {
  await Promise.all([statuspage.close(), incidentio.close()]);
  await fs.rm(home, { recursive: true, force: true });
});

describe('warroom statuspage components', () => {
  it('lists the components as a table and marks the configured ones; a name the page lacks is reported', async () => {
    expect((await warroom(home, ['config', 'set', 'statuspage.components', 'api, Paymnts'])).code).toBe(0);
    const result = await warroom(home, ['statuspage', 'components'], env(statuspage));
    expect(result.stdout).toBe(
      [
        '   ID         NAME     GROUP  STATUS',
        '*  cmp-api    API      Core   operational',
        '   cmp-login  Login    Core   operational',
        '   cmp-web    Website  -      operational',
        '* preselected by statuspage.components',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe(`warroom: statuspage.components names "Paymnts", which Atlassian Statuspage ${statuspage.pageId} does not have\n`);
    expect(result.code).toBe(1);
    // Listed with pagination: Statuspage allows one unpaginated component listing a minute.
    expect(statuspage.requests.at(-1)?.query.get('per_page')).toBe('100');
    expect(statuspage.requests.at(-1)?.headers.authorization).toBe(`OAuth ${STANDIN_KEY}`);
    expect((await warroom(home, ['config', 'unset', 'statuspage.components'])).code).toBe(0);
  });

  it("--json is complete, and a runbook's front matter takes precedence", async () => {
    const runbook = path.join(home, 'checkout.md');
    await fs.writeFile(runbook, '---\ncomponents: [Login, Website]\n---\n# Checkout down\n\n## Investigation Steps\n- Look\n');
    const result = await warroom(home, ['statuspage', 'components', '--json', '--runbook', runbook], env(statuspage));
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      provider: 'atlassian',
      pageId: statuspage.pageId,
      components: [
        { id: 'cmp-api', name: 'API', status: 'operational', group: 'Core', preselected: false },
        { id: 'cmp-login', name: 'Login', status: 'operational', group: 'Core', preselected: true },
        { id: 'cmp-web', name: 'Website', status: 'operational', group: null, preselected: true },
      ],
      preselection: { source: 'runbook', names: ['Login', 'Website'], matched: ['cmp-login', 'cmp-web'], unknown: [], ambiguous: [] },
    });
  });

  it('pages through a page with more than a hundred components', async () => {
    const many: StoredComponent[] = Array.from({ length: 150 }, (_, i) => ({ id: `c${i}`, name: `Region ${i}`, status: i === 7 ? 'major_outage' : 'operational', group: null }));
    const big = await startStatuspage({ pageId: 'pg-big', components: many });
    try {
      const result = await warroom(home, ['statuspage', 'components', '--json'], env(big));
      expect(result.code, result.stderr).toBe(0);
      const listed = (JSON.parse(result.stdout) as { components: { id: string; status: string }[] }).components;
      expect(listed).toHaveLength(150);
      expect(listed[7]).toMatchObject({ id: 'c7', status: 'major_outage' });
      expect(big.requests.map((r) => r.query.get('page'))).toEqual(['1', '2']);
    } finally {
      await big.close();
    }
  });

  it('lists an incident.io page from its structure', async () => {
    const result = await warroom(home, ['statuspage', 'components'], env(incidentio, 'incidentio'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('cmp-login  Login    Core   -');
    expect(incidentio.requests.at(-1)?.headers.authorization).toBe(`Bearer ${STANDIN_KEY}`);
  });

  it('says in one line what is missing or wrong', async () => {
    const unconfigured = await warroom(home, ['statuspage', 'components'], { WARROOM_STATUSPAGE_API_KEY: '', WARROOM_STATUSPAGE_PAGE_ID: '' });
    expect(unconfigured).toMatchObject({ code: 1, stdout: '' });
    expect(unconfigured.stderr).toBe('warroom: no status page configured: set statuspage.apiKey and statuspage.pageId (and statuspage.provider for incident.io)\n');
    const wrongKey = await warroom(home, ['statuspage', 'components'], { ...env(statuspage), WARROOM_STATUSPAGE_API_KEY: 'nope' });
    expect(wrongKey).toMatchObject({ code: 1, stderr: `warroom: Atlassian Statuspage ${statuspage.pageId}: HTTP 401 Could not authenticate\n` });
    expect(wrongKey.stderr).not.toContain('nope');
    const stray = await warroom(home, ['statuspage', 'components', 'extra'], env(statuspage));
    expect(stray.code).toBe(2);
  });
});
