// Signalling and watching everything a command started. Commands run in their own session and
// process group (detached), so `kill(-pgid)` reaches the shell and its ordinary children. Some
// descendants leave the group (`setsid cmd &`, a double fork, a daemon): they are found from
// /proc by their parent links while the shell lives, by the WARROOM_RUN token every descendant
// inherits in its environment, and by membership of the command's session, and their own
// groups are signalled too. Zombies never count: they are dead, merely not yet reaped (in
// containers whose init never reaps, like this one, `kill(-pgid, 0)` reports them forever).
import { currentBootId, hasEnvironmentEntry, isDeadState, processTable, procStatSync, type ProcStat } from './proc.ts';

/** What identifies one run's processes; the fields journaled with command.started. */
export interface RunIdentity {
  /** The shell's pid, also its process group and session id. */
  pgid: number;
  /** The shell's start time (/proc field 22): a group whose leader started otherwise is not ours. */
  procStart?: number;
  /** The boot it ran in: after a reboot nothing of it can be alive. */
  bootId?: string;
  /** WARROOM_RUN=<token> is in the environment of everything the command started. */
  runToken?: string;
}

/** How often, and how far apart, an environment that could not be read is read again. */
const ENVIRON_RETRIES = 5;
const ENVIRON_RETRY_MS = 5;

/** The environment variable that marks a run's processes. */
export const RUN_TOKEN_VARIABLE = 'WARROOM_RUN';

/** Sends `signal` to every process in the group; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already, or not ours to signal
  }
}

/** Pids in the group that are still running (not zombies). Linux reads /proc; elsewhere kill(-pgid, 0). */
export async function livingMembers(pgid: number): Promise<number[]> {
  // Cheap first: no process at all in the group (the common case once a command ended).
  if (!signalGroup(pgid, 0)) return [];
  const table = await processTable();
  if (table === null) return [pgid];
  return table.filter((p) => p.pgid === pgid && !isDeadState(p.state)).map((p) => p.pid);
}

/**
 * Every living process of the run: its group and session (when the leader is still the
 * process recorded, or gone), their descendants by parent link, processes seen before (same
 * pid and start time: `known`), and anything carrying the run's token. Never this process.
 */
export async function runProcesses(run: RunIdentity, known: ReadonlyMap<number, number> = new Map()): Promise<ProcStat[]> {
  const table = await processTable();
  if (table === null) {
    return signalGroup(run.pgid, 0) ? [{ pid: run.pgid, state: '?', ppid: 0, pgid: run.pgid, sid: run.pgid, startTicks: 0 }] : [];
  }
  const alive = table.filter((p) => !isDeadState(p.state) && p.pid !== process.pid && p.pid > 1);
  const leader = alive.find((p) => p.pid === run.pgid);
  // A leader with another start time means the pid, and so the group id, now belongs to someone else.
  const groupIsOurs = run.procStart === undefined || leader === undefined || leader.startTicks === run.procStart;
  const minStart = run.procStart ?? 0;
  const found = new Map<number, ProcStat>();
  for (const p of alive) {
    const inRun = groupIsOurs && (p.pgid === run.pgid || p.sid === run.pgid) && p.startTicks >= minStart;
    if (inRun || known.get(p.pid) === p.startTicks) found.set(p.pid, p);
  }
  if (run.runToken !== undefined) {
    const entry = `${RUN_TOKEN_VARIABLE}=${run.runToken}`;
    // Kernel threads (children of kthreadd, pid 2) have no environment to read.
    let candidates = alive.filter((p) => !found.has(p.pid) && p.startTicks >= minStart && p.pid !== 2 && p.ppid !== 2);
    for (let attempt = 0; candidates.length > 0; attempt += 1) {
      const answers = await Promise.all(candidates.map(async (p) => ({ p, marked: await hasEnvironmentEntry(p.pid, entry) })));
      for (const { p, marked } of answers) if (marked === true) found.set(p.pid, p);
      // A process caught in the middle of an exec shows no environment for a moment: ask again.
      candidates = answers.filter((a) => a.marked === null && procStatSync(a.p.pid) !== null).map((a) => a.p);
      if (attempt === ENVIRON_RETRIES) break;
      if (candidates.length > 0) await sleep(ENVIRON_RETRY_MS);
    }
  }
  // Descendants by parent link (a child that cleared its environment and left the session).
  const children = new Map<number, ProcStat[]>();
  for (const p of alive) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const queue = [...found.keys()];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (!found.has(child.pid)) {
        found.set(child.pid, child);
        queue.push(child.pid);
      }
    }
  }
  return [...found.values()];
}

/** Signals each process and, once, each group it leads or belongs to (never warroom's own group). */
function signalProcesses(procs: readonly ProcStat[], signal: NodeJS.Signals, groupsDone: Set<number>): void {
  const ownGroup = procStatSync(process.pid)?.pgid ?? process.pid;
  for (const p of procs) {
    if (p.pgid > 1 && p.pgid !== ownGroup && !groupsDone.has(p.pgid)) {
      groupsDone.add(p.pgid);
      signalGroup(p.pgid, signal);
    }
    trySignal(p.pid, signal);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to every process of the run, then SIGKILL to whatever survives `graceMs`. The
 * process tree is walked again every `pollMs` during the grace period, so what is started or
 * escapes meanwhile gets its SIGTERM too. Resolves when nothing of the run is left (or after
 * the SIGKILL, which cannot be ignored).
 */
export async function terminateRun(run: RunIdentity, graceMs: number, pollMs = 50): Promise<'gone' | 'terminated' | 'killed'> {
  const known = new Map<number, number>();
  const termed = new Set<string>();
  const termGroups = new Set<number>();
  const sweep = async (signal: NodeJS.Signals): Promise<number> => {
    const procs = await runProcesses(run, known);
    for (const p of procs) known.set(p.pid, p.startTicks);
    // SIGTERM once per process: a second one can cut short the clean exit the first asked for.
    const fresh = signal === 'SIGTERM' ? procs.filter((p) => !termed.has(`${p.pid}:${p.startTicks}`)) : procs;
    for (const p of fresh) termed.add(`${p.pid}:${p.startTicks}`);
    signalProcesses(fresh, signal, signal === 'SIGTERM' ? termGroups : new Set());
    return procs.length;
  };
  if ((await sweep('SIGTERM')) === 0) return 'gone';
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    await sleep(Math.min(pollMs, Math.max(1, deadline - performance.now())));
    if ((await sweep('SIGTERM')) === 0) return 'terminated';
  }
  for (let round = 0; round < 40; round += 1) {
    if ((await sweep('SIGKILL')) === 0) break;
    await sleep(pollMs);
  }
  return 'killed';
}

/** The group alone (no identity known): SIGTERM, grace, SIGKILL. */
export async function terminateGroup(pgid: number, graceMs: number): Promise<'gone' | 'terminated' | 'killed'> {
  return terminateRun({ pgid }, graceMs);
}

/** What is left of a run a dead warroom journaled as started (from its command.started fields). */
export type LeftoverRun = { alive: false } | { alive: true; pids: number[] };

function fromAnotherBoot(run: RunIdentity): boolean {
  const boot = currentBootId();
  return run.bootId !== undefined && boot !== null && run.bootId !== boot;
}

/**
 * After a crash: is anything of that run still running on this host? Nothing is, when it ran in
 * another boot, or its group id now leads a process that started at another time (pid reused).
 */
export async function inspectLeftoverRun(run: RunIdentity): Promise<LeftoverRun> {
  if (fromAnotherBoot(run)) return { alive: false };
  const pids = (await runProcesses(run)).map((p) => p.pid).sort((a, b) => a - b);
  return pids.length === 0 ? { alive: false } : { alive: true, pids };
}

/** Stops what inspectLeftoverRun found: SIGTERM, `graceMs`, SIGKILL, descendants included. */
export async function stopLeftoverRun(run: RunIdentity, graceMs: number): Promise<'gone' | 'terminated' | 'killed'> {
  if (fromAnotherBoot(run)) return 'gone';
  return terminateRun(run, graceMs);
}
