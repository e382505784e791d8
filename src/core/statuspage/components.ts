// Which of the page's components an incident starts with. A runbook names them in its front
// matter (`components: [API, Login]`), else `statuspage.components` does; names are matched to
// the page's components here, and names the page does not have (or has twice) are reported
// rather than guessed at.
import type { Runbook } from '../runbook/types.ts';
import type { AffectedStatus, ChosenComponent, PageComponent } from './types.ts';

export type PreselectionSource = 'runbook' | 'config' | 'none';

/** Names from a front-matter value: a YAML list, or one comma-separated string. */
function namesOf(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String) : typeof value === 'string' ? value.split(',') : [];
  return [...new Set(raw.map((n) => n.trim()).filter((n) => n !== ''))];
}

/** The component names to preselect, and where they came from. */
export function preselectedComponentNames(runbook: Pick<Runbook, 'frontMatter'> | null, configured: readonly string[]): { names: string[]; source: PreselectionSource } {
  const fromRunbook = runbook ? namesOf(runbook.frontMatter.components) : [];
  if (fromRunbook.length > 0) return { names: fromRunbook, source: 'runbook' };
  const fromConfig = namesOf([...configured]);
  return fromConfig.length > 0 ? { names: fromConfig, source: 'config' } : { names: [], source: 'none' };
}

export interface ComponentMatch {
  /** The page's components the names picked, in the order named. */
  matched: PageComponent[];
  /** Names no component of the page has. */
  unknown: string[];
  /** Names several components have (qualify them as `Group/Name`). */
  ambiguous: string[];
}

const fold = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Matches names to the page's components: by id, by name (case and spacing ignored), or as
 * `Group/Name` (also `Group > Name`) when two groups hold components of the same name.
 */
export function matchComponents(names: readonly string[], page: readonly PageComponent[]): ComponentMatch {
  const result: ComponentMatch = { matched: [], unknown: [], ambiguous: [] };
  for (const name of names) {
    const byId = page.filter((c) => c.id === name.trim());
    const qualified = /^(.+?)\s*(?:\/|>)\s*(.+)$/.exec(name);
    const byName = page.filter((c) => fold(c.name) === fold(name));
    const byGroup = qualified ? page.filter((c) => c.group !== null && fold(c.group) === fold(qualified[1] ?? '') && fold(c.name) === fold(qualified[2] ?? '')) : [];
    const hits = byId.length > 0 ? byId : byName.length > 0 ? byName : byGroup;
    const [only] = hits;
    if (hits.length === 1 && only) {
      if (!result.matched.some((c) => c.id === only.id)) result.matched.push(only);
    } else if (hits.length > 1) result.ambiguous.push(name);
    else result.unknown.push(name);
  }
  return result;
}

/** The matched components, each set to `status` (the composer lets the operator change each). */
export function chooseComponents(components: readonly PageComponent[], status: AffectedStatus): ChosenComponent[] {
  return components.map((c) => ({ id: c.id, name: c.name, status }));
}
