// Several warroom processes on one shared incident, each in its own pseudo-terminal with its
// own home (its own replica, as on separate laptops), all against one real PostgreSQL. The
// first runs the runbook (publishing the incident), the others join it. What each terminal
// holds is read back from its replica file, the same file its war room replays.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReplicaFile } from '../../src/adapters/share/replica-file.ts';
import { viewEvents, viewState } from '../../src/core/share/replica.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';
import type { Replica } from '../../src/core/share/types.ts';
import { startPty, type PtySession } from './pty.ts';

/** Screens wait this long at most: two cores are shared by several test runs. */
export const SCREEN_MS = 60_000;

export interface RoomTerminal {
  name: string;
  home: string;
  pty: PtySession;
  /** The replica as last written (null before the file exists). */
  replica(): Promise<Replica | null>;
  events(): Promise<IncidentEvent[]>;
  state(): Promise<IncidentState | undefined>;
}

export interface RoomOptions {
  url: string;
  /** Extra environment for every terminal (Slack, PagerDuty stand-ins...). */
  env?: NodeJS.ProcessEnv;
  cols?: number;
  rows?: number;
}

let incidentId: string | null = null;

export function envFor(home: string, name: string, options: RoomOptions): NodeJS.ProcessEnv {
  return { WARROOM_HOME: home, WARROOM_SHARE_URL: options.url, WARROOM_OPERATOR: name, NO_COLOR: '1', ...options.env };
}

async function incidentDir(home: string): Promise<string | null> {
  const names = await fs.readdir(path.join(home, 'incidents')).catch(() => [] as string[]);
  const name = names.find((n) => !n.startsWith('.'));
  return name === undefined ? null : path.join(home, 'incidents', name);
}

function terminal(name: string, home: string, pty: PtySession): RoomTerminal {
  const replica = async () => {
    const dir = await incidentDir(home);
    if (dir === null) return null;
    try {
      return (await ReplicaFile.read(path.join(dir, 'replica.jsonl'))).replica;
    } catch {
      return null;
    }
  };
  return {
    name,
    home,
    pty,
    replica,
    events: async () => {
      const r = await replica();
      return r ? viewEvents(r) : [];
    },
    state: async () => {
      const r = await replica();
      return r ? viewState(r) : undefined;
    },
  };
}

/** `warroom run <runbook>` in a new home: the incident is published; resolves once it shows. */
export async function openRoom(name: string, runbook: string, options: RoomOptions & { args?: string[] }): Promise<RoomTerminal & { id: string }> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), `warroom-share-${name}-`));
  const pty = startPty(['run', runbook, ...(options.args ?? [])], { env: envFor(home, name, options), cols: options.cols ?? 100, rows: options.rows ?? 30 });
  await pty.waitFor(/\? help\s*$/m, SCREEN_MS);
  await pty.waitFor((s) => s.includes('online'), SCREEN_MS);
  const dir = await incidentDir(home);
  if (dir === null) throw new Error(`${name}: no incident folder`);
  incidentId = path.basename(dir);
  return { ...terminal(name, home, pty), id: incidentId };
}

/** `warroom join <id>` in a new home; resolves once the war room shows, online. */
export async function joinRoom(name: string, id: string, options: RoomOptions): Promise<RoomTerminal> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), `warroom-share-${name}-`));
  const pty = startPty(['join', id], { env: envFor(home, name, options), cols: options.cols ?? 100, rows: options.rows ?? 30 });
  await pty.waitFor(/\? help\s*$/m, SCREEN_MS);
  await pty.waitFor((s) => s.includes('online'), SCREEN_MS);
  return terminal(name, home, pty);
}

/** Waits until every terminal has pushed everything and read the same shared log. */
export async function converged(terminals: readonly RoomTerminal[], timeoutMs = SCREEN_MS): Promise<Replica[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const replicas = await Promise.all(terminals.map((t) => t.replica()));
    const ok = replicas.every((r) => r !== null && r.pending.length === 0) && new Set(replicas.map((r) => r?.shared.length)).size === 1;
    if (ok) return replicas as Replica[];
    if (Date.now() > deadline) {
      throw new Error(`terminals did not converge: ${replicas.map((r, i) => `${terminals[i]?.name}: ${r?.shared.length ?? '-'} shared, ${r?.pending.length ?? '-'} pending`).join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Leaves with q and waits for the process; kills it if it does not go. */
export async function leave(t: RoomTerminal): Promise<void> {
  t.pty.write('q');
  const gone = await Promise.race([t.pty.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000))]);
  if (!gone) t.pty.kill('SIGKILL');
  await t.pty.exited;
}

export async function removeHomes(terminals: readonly RoomTerminal[]): Promise<void> {
  for (const t of terminals) await fs.rm(t.home, { recursive: true, force: true });
}
