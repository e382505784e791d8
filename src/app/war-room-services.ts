// The services a war room runs once its first frame is on screen: the command runner and flows,
// the flag flow and the comms service with its outbox, all around the room's one EventStore.
// Loading this module loads execa, ky and the HTTP senders, which is why it is separate from
// war-room.ts (the dashboard imports it lazily).
import type { RunMode } from '../core/command/confirm-policy.ts';
import type { CommandRunner } from '../core/command/runner-port.ts';
import type { WarroomConfig } from '../adapters/config.ts';
import { kubeContext, type KubeContext } from '../adapters/kube-context.ts';
import { createCommandRunner, DEFAULT_GRACE_MS } from '../adapters/runner.ts';
import { LeftoverWatch } from './leftover-watch.ts';
import { CommandFlow } from './command-flow.ts';
import { CommsService, type CommsOptions } from './comms.ts';
import { FlagFlow } from './flag-flow.ts';
import { startAlertService, type AlertService } from './alert-wiring.ts';
import { StatusPageService } from './status-page.ts';
import { loadAlertingConfig, type PagerDutyRestConfig } from '../adapters/alerting-config.ts';
import { commandGate, deliveryGate, sharedDialog } from './share/gates.ts';
import { followRemoteOutput } from './share/remote-output.ts';
import { OrphanedRuns } from './share/orphaned-runs.ts';
import type { WarRoom } from './war-room.ts';
import type { SecretValues } from './secret-values.ts';

export interface ServiceOptions {
  config: WarroomConfig;
  /** The environment commands and kubectl see. */
  env: NodeJS.ProcessEnv;
  /** Working directory of every command. */
  cwd: string;
  mode: RunMode;
  /** Stand-ins for tests; default the real runner and `kubectl config`. */
  runner?: CommandRunner;
  kube?: () => Promise<KubeContext>;
  /** Extra environment for commands (tests point PATH at stand-ins). */
  commandEnv?: Record<string, string>;
  graceMs?: number;
  /** Outbox tuning, dispatch and clock for the comms service (tests). */
  comms?: Pick<CommsOptions, 'outbox' | 'dispatch' | 'now' | 'timeoutMs'>;
  /** Poll delay of the alert watch by failure streak (tests). */
  alertPollMs?: (failures: number) => number;
  /** Secret parameter values the opening already holds (filled from the alert). */
  secrets?: SecretValues;
}

export interface WarRoomServices {
  /** Where commands and flag commands run. */
  cwd: string;
  commands: CommandFlow;
  flags: FlagFlow;
  comms: CommsService;
  /** Runs a dead warroom left that still live here: stop them or watch them end. */
  leftovers: LeftoverWatch;
  /** The linked alert kept live (watch, silence); null when the war room has none to watch. */
  alerts: AlertService | null;
  /** Where public updates also go (configured or not: `configured` says). */
  statusPage: StatusPageService;
  /** In a shared room: a run whose terminal left the room, for `c` to close as unknown. */
  orphans: OrphanedRuns | null;
}

/** WARROOM_SHARE_LEASE_MS shortens leases (tests of a terminal killed while holding one). */
function shareLease(env: NodeJS.ProcessEnv): { leaseMs?: number } {
  const ms = Number(env.WARROOM_SHARE_LEASE_MS);
  return Number.isSafeInteger(ms) && ms >= 300 ? { leaseMs: ms } : {};
}

/** The PagerDuty REST settings, read only for a war room opened from a PagerDuty incident. */
function pagerDutyRest(source: string | undefined, env: NodeJS.ProcessEnv): PagerDutyRestConfig | null {
  if (source !== 'pagerduty') return null;
  try {
    return loadAlertingConfig(env).pagerduty;
  } catch {
    return null; // a broken alerting config is said by the alert service; the writes wait for a fixed one
  }
}

export function wireServices(room: WarRoom, options: ServiceOptions): WarRoomServices {
  const { config, mode } = options;
  const { store, session } = room;
  const runner = options.runner ?? createCommandRunner();
  const timeoutMs = config.commands.timeoutSeconds ? config.commands.timeoutSeconds * 1000 : undefined;
  const graceMs = options.graceMs ?? (config.commands.graceSeconds !== undefined ? config.commands.graceSeconds * 1000 : undefined);
  const common = { store, runner, incidentDir: room.incidentDir, cwd: options.cwd, mode, actor: session.actor };
  const commands = new CommandFlow({
    ...common,
    kube: options.kube ?? (() => kubeContext(options.env)),
    inheritedEnv: options.env,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.commandEnv ? { env: options.commandEnv } : {}),
    ...(graceMs !== undefined ? { graceMs } : {}),
    ...(timeoutMs ? { defaultTimeoutMs: timeoutMs } : {}),
    ...(room.share
      ? { claimRun: commandGate(room.share, { ...shareLease(options.env), approval: config.commands.approval ?? 'off' }), adjustDialog: sharedDialog(room.share) }
      : {}),
  });
  // Another terminal's run shows live in this terminal's output pane.
  if (room.share) {
    const stop = followRemoteOutput(room.share, commands.output);
    room.share.store.beforeClose(async () => stop());
  }
  const flags = new FlagFlow({ ...common, settings: { command: config.flags.command, url: config.flags.url }, ...(timeoutMs ? { timeoutMs } : {}) });
  const outbox = room.share ? { ...options.comms?.outbox, gate: deliveryGate(room.share, shareLease(options.env)) } : options.comms?.outbox;
  const statusPage = new StatusPageService(config);
  if (statusPage.configured) void statusPage.load();
  const comms = new CommsService({
    store, config, incidentDir: room.incidentDir, actor: session.actor, pagerdutyRest: pagerDutyRest(session.state.alert?.source, options.env), statusPage,
    ...options.comms, ...(outbox ? { outbox } : {}),
  });
  comms.subscribe((status) => session.notify(status.level, status.text));
  session.attachComms(comms);
  const leftovers = new LeftoverWatch({ store, incidentDir: room.incidentDir, alive: room.leftovers.alive, graceMs: graceMs ?? DEFAULT_GRACE_MS });
  const alerts = startAlertService(session, options.env, mode, options.alertPollMs);
  const orphans = room.share ? new OrphanedRuns(room.share, session) : null;
  return { cwd: options.cwd, commands, flags, comms, leftovers, alerts, statusPage, orphans };
}
