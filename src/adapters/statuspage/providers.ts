// The status-page products warroom can post to. Adding one means writing its adapter file
// (a function from ProviderSettings to the StatusPageProvider port, like atlassian.ts) and
// adding its line here; the payloads, the outbox lane, the crash-safe sending rules, the
// config choices and `warroom statuspage components` pick it up from this table. Loaded on
// first use, so reading the config does not load any HTTP client.
import type { StatusPageProvider } from '../../core/statuspage/port.ts';
import type { StatusHttpOptions } from './http.ts';

export interface ProviderSettings {
  /** API base URL; null for the product's public API. */
  apiUrl: string | null;
  apiKey: string;
  pageId: string;
  http?: StatusHttpOptions;
  /**
   * Least time between two requests of one delivery (a retry's look-up, then its write), for
   * products with a per-second limit; default: the product's own (Statuspage 1000 ms).
   */
  gapMs?: number;
}

interface ProviderEntry {
  /** How the preview and messages name it: "would post to <label> <pageId>". */
  label: string;
  load: () => Promise<(settings: ProviderSettings) => StatusPageProvider>;
}

const PROVIDERS = {
  atlassian: { label: 'Atlassian Statuspage', load: async () => (await import('./atlassian.ts')).atlassianProvider },
  incidentio: { label: 'incident.io status page', load: async () => (await import('./incidentio.ts')).incidentioProvider },
} satisfies Record<string, ProviderEntry>;

export type ProviderName = keyof typeof PROVIDERS;

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(PROVIDERS, name);
}

export function providerLabel(name: string): string {
  return isProviderName(name) ? PROVIDERS[name].label : name;
}

/** The provider bound to one page and key, or null for a name no adapter implements. */
export async function openProvider(name: string, settings: ProviderSettings): Promise<StatusPageProvider | null> {
  if (!isProviderName(name)) return null;
  return (await PROVIDERS[name].load())(settings);
}
