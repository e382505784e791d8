// The pure pieces of the status-page work: preselected component names and their matching to
// the page's components, severity to impact, and reading a payload back from the journal.
import { describe, expect, it } from 'vitest';
import { chooseComponents, matchComponents, preselectedComponentNames } from '../../../src/core/statuspage/components.ts';
import { readStatusPayload } from '../../../src/core/statuspage/payload.ts';
import { DEFAULT_IMPACT_MAP, defaultAffectedStatus, impactFor, impactMapFrom, pageStatusOf } from '../../../src/core/statuspage/requests.ts';
import type { PageComponent } from '../../../src/core/statuspage/types.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';

const page: PageComponent[] = [
  { id: 'c1', name: 'API', status: 'operational', group: 'EU' },
  { id: 'c2', name: 'API', status: 'degraded_performance', group: 'US' },
  { id: 'c3', name: 'Login', status: 'operational', group: null },
  { id: 'c4', name: 'Mobile  Apps', status: null, group: null },
];

describe('preselected components', () => {
  it("take the runbook's front matter (a list or one string) over statuspage.components", () => {
    const listed = parseRunbook('---\ncomponents: [API, Login]\n---\n# X\n', 'x.md');
    const written = parseRunbook('---\ncomponents: "Login, Mobile Apps"\n---\n# X\n', 'x.md');
    const none = parseRunbook('# X\n', 'x.md');
    expect(preselectedComponentNames(listed, ['Website'])).toEqual({ names: ['API', 'Login'], source: 'runbook' });
    expect(preselectedComponentNames(written, [])).toEqual({ names: ['Login', 'Mobile Apps'], source: 'runbook' });
    expect(preselectedComponentNames(none, ['Website', ' ', 'Website'])).toEqual({ names: ['Website'], source: 'config' });
    expect(preselectedComponentNames(none, [])).toEqual({ names: [], source: 'none' });
  });

  it('match by id, by name ignoring case and spacing, or as Group/Name; unknown and ambiguous names are reported', () => {
    const match = matchComponents(['login', 'mobile apps', 'US/API', 'EU > api', 'c3', 'API', 'Payments'], page);
    expect(match.matched.map((c) => c.id)).toEqual(['c3', 'c4', 'c2', 'c1']);
    expect(match.ambiguous).toEqual(['API']);
    expect(match.unknown).toEqual(['Payments']);
    expect(chooseComponents(match.matched.slice(0, 1), 'partial_outage')).toEqual([{ id: 'c3', name: 'Login', status: 'partial_outage' }]);
  });
});

describe('impact', () => {
  it('follows the severity through the map, defaults SEV-1 critical to SEV-4 none, however the severity is written', () => {
    expect(['SEV-1', 'SEV-2', 'sev3', 'Sev 4'].map((s) => impactFor(s, DEFAULT_IMPACT_MAP))).toEqual(['critical', 'major', 'minor', 'none']);
    expect(impactFor('P1', DEFAULT_IMPACT_MAP)).toBeNull();
    const configured = impactMapFrom({ 'SEV-2': 'critical', P1: 'critical', 'SEV-3': 'huge' });
    expect(configured).toEqual({ 'SEV-1': 'critical', 'SEV-2': 'critical', 'SEV-3': 'minor', 'SEV-4': 'none', P1: 'critical' });
    expect(impactFor('p1', configured)).toBe('critical');
    expect([defaultAffectedStatus('critical'), defaultAffectedStatus('major'), defaultAffectedStatus('minor'), defaultAffectedStatus(null)]).toEqual([
      'major_outage',
      'partial_outage',
      'degraded_performance',
      'degraded_performance',
    ]);
    expect(pageStatusOf('Monitoring')).toBe('monitoring');
  });
});

describe('payloads read back from the journal', () => {
  const create = {
    op: 'create',
    provider: 'atlassian',
    pageId: 'pg1',
    intentKey: 'inc/s1',
    name: 'API errors',
    status: 'investigating',
    body: 'Looking into it.',
    impact: 'major',
    components: [{ id: 'c1', name: 'API', status: 'partial_outage' }],
    notify: true,
  };

  it('survive JSON unchanged', () => {
    expect(readStatusPayload('status.create', JSON.parse(JSON.stringify(create)))).toEqual({ payload: create });
  });

  it.each([
    ['status.update', create, 'payload op must be update'],
    ['page', create, 'page is not a status-page delivery'],
    ['status.create', { ...create, status: 'down' }, 'payload status is not a status-page status'],
    ['status.create', { ...create, impact: 'huge' }, 'payload impact is not none, minor, major, critical or null'],
    ['status.create', { ...create, components: [{ id: 'c1', name: 'API', status: 'on fire' }] }, 'payload components are malformed'],
    ['status.create', { ...create, name: ' ' }, 'payload name is empty'],
    ['status.create', { ...create, pageId: '' }, 'payload lacks provider, pageId or intentKey'],
    ['status.create', 'text', 'payload is not an object'],
  ] as const)('%s %j is refused: %s', (kind, value, problem) => {
    expect(readStatusPayload(kind, value)).toEqual({ problem });
  });
});
