// Runs a runbook command for real: /bin/sh in its own session and process group, output straight
// to a log file (mode 0600: it is raw, secrets included, the operator's own evidence), followed
// (hashed, and kept as a bounded, sanitised tail for the screen) while it grows, with timeout and
// cancel that take down everything the command started, descendants that left the group included.
// See src/core/command/runner-port.ts for the contract.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { OutputTail } from '../core/command/output-tail.ts';
import type { CommandRunner, RunOutcome, RunRequest, RunStartInfo } from '../core/command/runner-port.ts';
import { followLog } from './log-follower.ts';
import { currentBootId, procStatSync } from './proc.ts';
import { RUN_TOKEN_VARIABLE, runProcesses, terminateRun, type RunIdentity } from './process-group.ts';

export const DEFAULT_GRACE_MS = 5000;

function oneLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}

async function cwdProblem(cwd: string): Promise<string | null> {
  try {
    return (await stat(cwd)).isDirectory() ? null : `cwd is not a directory: ${cwd}`;
  } catch {
    return `cwd not found: ${cwd}`;
  }
}

function notStarted(error: string, startedAt: number, cancelled = false): RunOutcome {
  return {
    pid: null,
    exitCode: null,
    signal: null,
    durationMs: performance.now() - startedAt,
    timedOut: false,
    cancelled,
    outputBytes: 0,
    outputSha256: null,
    error,
  };
}

async function run(request: RunRequest): Promise<RunOutcome> {
  const startedAt = performance.now();
  const graceMs = request.graceMs ?? DEFAULT_GRACE_MS;
  if (request.signal?.aborted) return notStarted('cancelled before start', startedAt, true);
  const problem = await cwdProblem(request.cwd);
  if (problem) return notStarted(problem, startedAt);

  await mkdir(path.dirname(request.logFile), { recursive: true, mode: 0o700 });
  // stdout and stderr are the same open file: one shared offset, so the kernel keeps their
  // writes in the order they happened (execa's `all` would merge two pipes in whatever order
  // Node reads them), and nothing of the command's output passes through this process.
  const log = await open(request.logFile, 'w', 0o600);
  await log.chmod(0o600); // also when the file existed (a rerun of the same request)
  const hash = createHash('sha256');
  const tail = request.tail ?? new OutputTail({ maxLines: 20 });
  const decoder = request.onOutput ? new TextDecoder('utf-8') : null;
  const follower = await followLog(request.logFile, (chunk) => {
    hash.update(chunk);
    tail.push(chunk);
    if (decoder) request.onOutput?.(decoder.decode(chunk, { stream: true }));
  });

  const runToken = randomBytes(12).toString('hex');
  const subprocess = execa('/bin/sh', ['-c', request.script], {
    cwd: request.cwd,
    // The token marks every process the command starts, wherever it goes (setsid, nohup, a daemon).
    env: { ...request.env, [RUN_TOKEN_VARIABLE]: runToken },
    // Its own process group: kill(-pid) reaches the shell's children and grandchildren too.
    detached: true,
    // Nobody can answer a prompt from here: a command waiting on stdin gets EOF, not a hang.
    stdin: 'ignore',
    // execa's types only accept literal descriptor numbers; at run time any open fd works.
    stdout: log.fd as 3,
    stderr: log.fd as 3,
    reject: false,
    // We kill the group ourselves; execa's own timeout/kill would only reach /bin/sh.
    forceKillAfterDelay: false,
  });
  const pid = subprocess.pid ?? null;
  let identity: RunIdentity | null = null;
  if (pid !== null) {
    // Read now, synchronously: Node cannot have reaped the shell yet, however fast it exits.
    const info: RunStartInfo = { pgid: pid, runToken };
    const procStart = procStatSync(pid)?.startTicks;
    const bootId = currentBootId();
    if (procStart !== undefined) info.procStart = procStart;
    if (bootId !== null) info.bootId = bootId;
    identity = info;
    request.onStart?.(pid, info);
  }

  let timedOut = false;
  let cancelled = false;
  let exited = false;
  let killing: Promise<unknown> | null = null;
  const killGroupNow = (): void => {
    if (identity !== null && !killing) killing = terminateRun(identity, graceMs);
  };
  const timer = setTimeout(() => {
    if (exited) return;
    timedOut = true;
    killGroupNow();
  }, request.timeoutMs);
  const onAbort = (): void => {
    if (exited) return;
    cancelled = true;
    killGroupNow();
  };
  request.signal?.addEventListener('abort', onAbort, { once: true });
  subprocess.nodeChildProcess.on('exit', () => {
    exited = true;
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  });

  const result = await subprocess;
  exited = true;
  clearTimeout(timer);
  request.signal?.removeEventListener('abort', onAbort);
  // The shell is done; anything it left running (`cmd &`, `setsid cmd &`) would keep writing to
  // the log and outlive the record of this command. Take it down too.
  // A detached command (detach=true) leaves them on purpose, unless it was cancelled or timed out.
  if (identity !== null && !killing && !request.detach && (await runProcesses(identity)).length > 0) killGroupNow();
  // Only once the whole group is gone can nothing write to the log any more.
  await killing;
  // No fsync here, on purpose: the journal is the durable record, and its command.finished
  // carries the log's size and sha256, so after a power cut a short log shows itself. Forcing
  // 100 MB of writeback would make every big command pay a disk flush a shell redirect doesn't.
  await log.close();
  const outputBytes = await follower.finish();
  tail.end();
  if (decoder) {
    const rest = decoder.decode();
    if (rest) request.onOutput?.(rest);
  }

  const spawnFailed = pid === null || (result.exitCode === undefined && result.signal === undefined);
  return {
    pid,
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    durationMs: performance.now() - startedAt,
    timedOut,
    cancelled,
    outputBytes,
    outputSha256: spawnFailed && outputBytes === 0 ? null : hash.digest('hex'),
    error: spawnFailed ? oneLine(result.shortMessage ?? result.message ?? 'could not start /bin/sh') : null,
  };
}

/** The real runner. Stateless: one instance can serve any number of runs. */
export function createCommandRunner(): CommandRunner {
  return { run };
}
