// The composer's Components field: the page's components this update marks, with each one's
// status, as one editable line (`API: partial_outage, Login: degraded_performance`). The line
// starts from the runbook's front matter (or statuspage.components) and the severity's impact;
// what the operator leaves in it is matched against the page when the update is sent, and a
// name the page does not have, or a status that is not one, stops the send and is named.
import type { Runbook } from '../runbook/types.ts';
import { matchComponents, preselectedComponentNames } from './components.ts';
import { defaultAffectedStatus } from './requests.ts';
import { AFFECTED_STATUSES, type AffectedStatus, type ChosenComponent, type PageComponent, type PageImpact } from './types.ts';

export function componentsText(chosen: readonly { name: string; status: string }[]): string {
  return chosen.map((c) => `${c.name}: ${c.status}`).join(', ');
}

/** The line the composer opens with: the preselected components at the severity's status. */
export function initialComponentsText(
  runbook: Pick<Runbook, 'frontMatter'>,
  configured: readonly string[],
  page: readonly PageComponent[] | null,
  impact: PageImpact | null,
  previous: readonly ChosenComponent[] = [],
): string {
  // A later update keeps what the last one set, so the operator changes only what moved.
  if (previous.length > 0) return componentsText(previous.filter((c) => c.status !== 'operational'));
  const { names } = preselectedComponentNames(runbook, configured);
  const status = defaultAffectedStatus(impact);
  const matched = page ? matchComponents(names, page).matched.map((c) => c.name) : names;
  return componentsText(matched.map((name) => ({ name, status })));
}

const STATUS_WORDS: Record<string, AffectedStatus> = {
  degraded: 'degraded_performance',
  degraded_performance: 'degraded_performance',
  partial: 'partial_outage',
  partial_outage: 'partial_outage',
  major: 'major_outage',
  major_outage: 'major_outage',
  outage: 'major_outage',
};

export type ParsedComponents = { ok: true; chosen: ChosenComponent[] } | { ok: false; problems: string[] };

/** `API: partial_outage, Login` → the page's components with those statuses (a bare name takes `fallback`). */
export function parseComponentsText(text: string, page: readonly PageComponent[] | null, fallback: AffectedStatus): ParsedComponents {
  const items = text.split(/[,;]/).map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return { ok: true, chosen: [] };
  if (page === null) return { ok: false, problems: ["the page's components could not be listed, so none can be marked (empty the Components field to send without)"] };
  const problems: string[] = [];
  const chosen: ChosenComponent[] = [];
  for (const item of items) {
    const at = item.lastIndexOf(':');
    const name = (at < 0 ? item : item.slice(0, at)).trim();
    const word = at < 0 ? '' : item.slice(at + 1).trim().toLowerCase().replace(/[\s-]+/g, '_');
    const status = word === '' ? fallback : STATUS_WORDS[word];
    if (!status) {
      problems.push(`"${item.slice(at + 1).trim()}" is not a component status (${AFFECTED_STATUSES.join(', ')})`);
      continue;
    }
    const match = matchComponents([name], page);
    const [component] = match.matched;
    if (!component) {
      problems.push(match.ambiguous.length > 0 ? `several components are named "${name}": write Group/Name` : `the page has no component "${name}"`);
      continue;
    }
    if (!chosen.some((c) => c.id === component.id)) chosen.push({ id: component.id, name: component.name, status });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, chosen };
}
