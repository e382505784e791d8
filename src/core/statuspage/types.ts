// The public status page as warroom sees it, whichever product hosts it: the words a status-page
// incident can carry, the components it can mark, and the payloads the durable outbox stores for
// it. Payloads are decided when the operator confirms (which page, which components, which
// words), so a resume delivers exactly what was confirmed even if the config changed since.

/** The status word of a status-page incident (both Atlassian Statuspage and incident.io use these). */
export type PageIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export const PAGE_INCIDENT_STATUSES: readonly PageIncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];

/** Statuspage's `impact_override`; incident.io derives impact from the components instead. */
export type PageImpact = 'none' | 'minor' | 'major' | 'critical';

export const PAGE_IMPACTS: readonly PageImpact[] = ['none', 'minor', 'major', 'critical'];

/** What an incident can say about a component it affects. */
export type AffectedStatus = 'degraded_performance' | 'partial_outage' | 'major_outage';

export const AFFECTED_STATUSES: readonly AffectedStatus[] = ['degraded_performance', 'partial_outage', 'major_outage'];

/** A component's status as a page reports it; `operational` is what a resolved incident sets. */
export type ComponentStatus = 'operational' | 'under_maintenance' | AffectedStatus;

/** A component of the page, as listed by `warroom statuspage components`. */
export interface PageComponent {
  id: string;
  name: string;
  /** null when the provider does not report it in its listing (incident.io's page structure). */
  status: ComponentStatus | null;
  /** The group it is shown under on the page, if any. */
  group: string | null;
}

/** A component an update sets, named as well as identified so the journal reads on its own. */
export interface ChosenComponent {
  id: string;
  name: string;
  status: ComponentStatus;
}

/** Fields both payloads share. */
interface StatusPayloadBase {
  /** Registered provider name (`atlassian`, `incidentio`), decided when requested. */
  provider: string;
  /** The page the operator confirmed; not a secret (the API key is added at send time). */
  pageId: string;
  /**
   * Names the status-page incident this delivery belongs to, for its whole life: updates find
   * the incident by it, and after a crash the create is looked up by it before sending again.
   */
  intentKey: string;
  status: PageIncidentStatus;
  /** The text exactly as previewed. */
  body: string;
  components: ChosenComponent[];
  /** Statuspage's `impact_override`; null leaves it to the page (worked out from the components). */
  impact: PageImpact | null;
  /** Tell the page's subscribers (Statuspage `deliver_notifications`, incident.io `notify_subscribers`). */
  notify: boolean;
  /** A resend after a refused delivery: the delivery id it takes the place of. */
  replaces?: string;
}

export interface StatusCreatePayload extends StatusPayloadBase {
  op: 'create';
  /** The public incident title. */
  name: string;
}

export interface StatusUpdatePayload extends StatusPayloadBase {
  op: 'update';
}

/** Stored payload of a `statuspage` delivery (`status.create` / `status.update`). */
export type StatusPageDeliveryPayload = StatusCreatePayload | StatusUpdatePayload;

/** The incident on the page, once created: what later updates and the journal need. */
export interface PageIncidentRef {
  id: string;
  /** Its public address; null when the provider does not give one. */
  url: string | null;
}
