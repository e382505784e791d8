// The public composer's extra parts when the update also goes to the status page: which page
// and what it does (creates or updates the incident; a drill sends nothing), and the Components
// field the operator edits (the set, and each one's status). And for every public update: the
// refusal of text that gives away internals, naming the words found.
import type { Session } from '../app/session.ts';
import type { WarRoomServices } from '../app/war-room-services.ts';
import { publicTextRefusal } from '../app/status-page.ts';
import { composerSetup, type ComposerProps } from './composer.tsx';

type Setup = Pick<ComposerProps, 'kind' | 'fields' | 'initial' | 'preview' | 'warnings' | 'adjust'>;

export function withStatusPage(setup: Setup, session: Session, services: WarRoomServices): Setup & Pick<ComposerProps, 'refuse'> {
  if (setup.kind !== 'public') return setup;
  const refuse: ComposerProps['refuse'] = (values) => publicTextRefusal(session.state, values.text ?? '', session.actor, services.comms.internalDomains);
  const page = services.statusPage;
  if (!page.configured) return { ...setup, refuse };
  return {
    ...setup,
    fields: [
      ...setup.fields,
      { name: 'components', label: 'Components', kind: 'text', hint: 'API: partial_outage, Login: degraded_performance' },
      { name: 'statuspage', label: 'Status page', kind: 'fixed' },
    ],
    initial: { ...setup.initial, components: page.initialComponents(session.state), statuspage: page.route(session.state) },
    refuse,
  };
}

/** `P`: the refused status-page update in the composer, with the provider's reason, to fix and send again. */
export function resendSetup(session: Session, services: WarRoomServices): (Setup & Pick<ComposerProps, 'refuse'>) | null {
  const refused = services.statusPage.refusedValues(session.state);
  if (!refused) return null;
  const base = composerSetup(services.comms, 'public', session.state);
  return {
    ...base,
    fields: [
      ...base.fields,
      { name: 'components', label: 'Components', kind: 'text', hint: 'API: partial_outage, Login: degraded_performance' },
      { name: 'refusal', label: 'Refused', kind: 'fixed' },
    ],
    initial: { status: refused.status, text: refused.text, components: refused.components, refusal: refused.refusal },
    refuse: (values) => publicTextRefusal(session.state, values.text ?? '', session.actor, services.comms.internalDomains),
  };
}
