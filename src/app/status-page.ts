// The status page from the war room: which page a public update goes to, the page's components
// (listed once the services load, for the composer's Components field), and the delivery request
// for one confirmed public update (the first creates the status-page incident, later ones update
// it; the outbox sends it). In a drill the outbox's drill gate writes it to the outbox file only.
import type { WarroomConfig } from '../adapters/config.ts';
import { openProvider, providerLabel } from '../adapters/statuspage/providers.ts';
import { describePublicTextProblems, publicTextFacts, publicTextProblems } from '../core/comms/public-text.ts';
import type { StatusWord } from '../core/comms/types.ts';
import type { NewEvent } from '../core/incident/events.ts';
import type { DeliveryRecord, IncidentState } from '../core/incident/state.ts';
import { componentsText, initialComponentsText, parseComponentsText } from '../core/statuspage/composer-components.ts';
import { statusPayloadOf } from '../core/statuspage/payload.ts';
import { defaultAffectedStatus, impactFor, openPageIntent, pageStatusOf, requestPageUpdate, resendPageDelivery } from '../core/statuspage/requests.ts';
import type { PageComponent } from '../core/statuspage/types.ts';
import { errorMessage } from '../errors.ts';

const WORD_OF: Record<StatusWord, string> = { Investigating: 'investigating', Identified: 'identified', Monitoring: 'monitoring', Resolved: 'resolved' };

export type PageRequest = { ok: true; event: NewEvent } | { ok: false; problems: string[] };

/** Why a public text may not go out: the words found, or null when it is clean. */
export function publicTextRefusal(state: IncidentState, text: string, operator: string, internalDomains: readonly string[] = []): string | null {
  const problems = publicTextProblems(text, publicTextFacts(state, { operator, internalDomains }));
  return problems.length === 0 ? null : `public text contains ${describePublicTextProblems(problems)}: rewrite it in plain words`;
}

/** The status-page incident's title: public words only, so the first sentence of the public text. */
function publicName(text: string): string {
  const sentence = text.trim().split(/(?<=[.!?])\s/)[0] ?? text;
  return sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence || 'Service disruption';
}

export class StatusPageService {
  readonly #config: WarroomConfig;
  #components: PageComponent[] | null = null;
  #loadError: string | null = null;
  #loading: Promise<void> | null = null;

  constructor(config: WarroomConfig) {
    this.#config = config;
  }

  get configured(): boolean {
    const sp = this.#config.statuspage;
    return Boolean(sp?.apiKey && sp.pageId);
  }

  get label(): string {
    const sp = this.#config.statuspage;
    return sp ? `${providerLabel(sp.provider)} ${sp.pageId ?? ''}`.trim() : 'no status page';
  }

  get components(): PageComponent[] | null {
    return this.#components;
  }

  /** Lists the page's components once; a failure is kept to say in the composer. */
  load(): Promise<void> {
    this.#loading ??= this.#list();
    return this.#loading;
  }

  /**
   * Resolves once the listing started by load() has its answer (at once when none was started):
   * an update sent in the first moments of a war room waits for it instead of failing for want
   * of the components (the listing has its own timeout).
   */
  async listed(): Promise<void> {
    await this.#loading;
  }

  async #list(): Promise<void> {
    const sp = this.#config.statuspage;
    if (!sp?.apiKey || !sp.pageId) return;
    try {
      const provider = await openProvider(sp.provider, { apiUrl: sp.apiUrl, apiKey: sp.apiKey, pageId: sp.pageId, http: { timeoutMs: 15_000 } });
      if (!provider) throw new Error(`statuspage.provider ${sp.provider} is not a known provider`);
      const listed = await provider.listComponents(AbortSignal.timeout(30_000));
      if (listed.ok) this.#components = listed.value;
      else this.#loadError = listed.error;
    } catch (error) {
      this.#loadError = errorMessage(error);
    }
  }

  /** Where the update goes, for the composer: `creates an incident on …` / `updates … on …`. */
  route(state: IncidentState): string {
    const open = openPageIntent(state.deliveries);
    const create = open ? state.deliveries.find((d) => d.deliveryId === open.createId) : undefined;
    const where = open ? `updates ${create?.response?.url ?? create?.response?.pageIncidentId ?? 'the incident'} on ${this.label}` : `creates an incident on ${this.label}`;
    const listing = this.#loadError ? ` (components not listed: ${this.#loadError})` : '';
    return state.mode.dryRun ? `drill: would post to ${this.label} (${where.split(' on ')[0]}); nothing is sent` : `${where}${listing}`;
  }

  initialComponents(state: IncidentState): string {
    const sp = this.#config.statuspage;
    const impact = impactFor(state.severity, sp?.impactMap ?? {});
    return initialComponentsText(state.runbook, sp?.components ?? [], this.#components, impact, openPageIntent(state.deliveries)?.touched ?? []);
  }

  /** The status-page delivery the provider refused, that no resend replaced yet. */
  refused(state: IncidentState): DeliveryRecord | null {
    const lane = state.deliveries.filter((d) => d.destination === 'statuspage');
    const replaced = new Set(lane.flatMap((d) => (d.destination === 'statuspage' ? (statusPayloadOf(d.kind, d.payload)?.replaces ?? []) : [])));
    return lane.findLast((d) => d.phase === 'failed' && !replaced.has(d.deliveryId)) ?? null;
  }

  /** The composer's values for fixing the refused update: what it said, and the refusal. */
  refusedValues(state: IncidentState): { status: StatusWord; text: string; components: string; refusal: string } | null {
    const refused = this.refused(state);
    const payload = refused?.destination === 'statuspage' ? statusPayloadOf(refused.kind, refused.payload) : null;
    if (!refused || !payload) return null;
    const word = (Object.keys(WORD_OF) as StatusWord[]).find((w) => WORD_OF[w] === payload.status) ?? 'Investigating';
    return { status: word, text: payload.body, components: componentsText(payload.components), refusal: refused.lastError ?? 'refused' };
  }

  /** A resend of the refused update with the operator's fixes, taking its place in line. */
  resend(state: IncidentState, fields: { status: StatusWord; text: string; components: string }, deliveryId: string): PageRequest {
    const refused = this.refused(state);
    if (!refused) return { ok: false, problems: ['no refused status-page update to resend'] };
    const impact = impactFor(state.severity, this.#config.statuspage?.impactMap ?? {});
    const parsed = parseComponentsText(fields.components, this.#components, defaultAffectedStatus(impact));
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    const result = resendPageDelivery(refused, deliveryId, { status: pageStatusOf(fields.status), body: fields.text.trim(), components: parsed.chosen });
    return 'problem' in result ? { ok: false, problems: [result.problem] } : { ok: true, event: result.event };
  }

  /** The delivery request for a confirmed public update, or what stops it. */
  request(state: IncidentState, fields: { status: StatusWord; text: string; components: string }, deliveryId: string): PageRequest {
    const sp = this.#config.statuspage;
    if (!sp?.apiKey || !sp.pageId) return { ok: false, problems: ['no status page configured'] };
    const impact = impactFor(state.severity, sp.impactMap);
    const parsed = parseComponentsText(fields.components, this.#components, defaultAffectedStatus(impact));
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    const event = requestPageUpdate(
      state,
      { provider: sp.provider, pageId: sp.pageId, name: publicName(fields.text), status: pageStatusOf(fields.status), body: fields.text.trim(), impact, components: parsed.chosen, notify: true },
      deliveryId,
    );
    return { ok: true, event };
  }
}
