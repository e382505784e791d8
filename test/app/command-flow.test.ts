// The command flow end to end: real journal, real reducer, real processes, real kubectl calls
// (a recording fake kubectl on PATH, so the context can change between dialog and confirm).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubeContext } from '../../src/adapters/kube-context.ts';
import { createCommandRunner } from '../../src/adapters/runner.ts';
import { CommandFlow, CommandRefusedError } from '../../src/app/command-flow.ts';
import { FlagFlow } from '../../src/app/flag-flow.ts';
import type { CommandFinishedEvent, CommandStartedEvent, IncidentEvent } from '../../src/core/incident/events.ts';
import { cmd, flowHarness, step, type FlowHarness } from '../helpers/command-fixtures.ts';
import { makeTempDir, waitFor } from '../helpers/journal-fixtures.ts';

let root: string;
let fakeBin: string;
const kubeEnv: Record<string, string> = {};
const harnesses: FlowHarness[] = [];

const FAKE_KUBECTL = `#!/bin/sh
case "$*" in
  "config current-context") echo "$FAKE_CONTEXT" ;;
  "config view --minify -o jsonpath={..namespace}") printf '%s' "$FAKE_NAMESPACE" ;;
  *) echo "kubectl $*" ;;
esac
`;

const steps = [
  step('get', [cmd('get', 'echo deployments; echo api-service 3/3 >&2', 'read')]),
  step('logs', [
    cmd('logs', 'printf "[%s]\\n" <pod-name>', 'read', { parameters: [{ name: 'pod-name', raw: '<pod-name>', syntax: 'angle' }] }),
  ]),
  step('scale', [cmd('scale', 'kubectl scale deployment/api-service --replicas=10', 'change')]),
  step('delete', [cmd('delete', 'kubectl delete deployment/api-service', 'destructive')]),
  step('slow', [cmd('slow', 'echo started; sleep 1000 & sleep 1000', 'read')]),
  step('quick-timeout', [cmd('quick-timeout', 'sleep 1000', 'read', { annotations: { timeout: 1, extra: {} } })]),
  step('flag', [], { kind: 'flag', label: 'Disable search', flag: 'new-search', value: 'false' }),
  step('leak', [cmd('leak', 'echo "DATABASE_URL=postgres://app:hunter2-pw@db:5432/app"; echo ok', 'read')]),
  step('env', [
    cmd('env', 'printf %s "$DB_ADMIN_URL" | wc -c; echo ${REGION}', 'read', {
      parameters: [
        { name: 'DB_ADMIN_URL', raw: '$DB_ADMIN_URL', syntax: 'dollar' },
        { name: 'REGION', raw: '${REGION}', syntax: 'dollar-brace' },
      ],
    }),
  ]),
];

beforeAll(async () => {
  root = await makeTempDir('warroom-flow-');
  fakeBin = path.join(root, 'bin');
  await mkdir(fakeBin);
  await writeFile(path.join(fakeBin, 'kubectl'), FAKE_KUBECTL);
  await chmod(path.join(fakeBin, 'kubectl'), 0o755);
  Object.assign(kubeEnv, { PATH: `${fakeBin}:${process.env.PATH}`, FAKE_CONTEXT: 'prod-eu', FAKE_NAMESPACE: 'payments' });
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.store.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function setup(mode = { dryRun: false, readonly: false }) {
  const h = await flowHarness(root, steps, mode);
  harnesses.push(h);
  return { h, flow: await setupOn(h, mode) };
}

async function setupOn(h: FlowHarness, mode = { dryRun: false, readonly: false }) {
  return new CommandFlow({
    store: h.store,
    runner: createCommandRunner(),
    kube: () => kubeContext({ ...kubeEnv }),
    incidentDir: h.dir,
    cwd: root,
    env: { ...kubeEnv },
    mode,
    actor: 'alice',
    graceMs: 2000,
  });
}

function last<T extends IncidentEvent['type']>(h: FlowHarness, type: T): Extract<IncidentEvent, { type: T }> {
  const found = h.events.findLast((e): e is Extract<IncidentEvent, { type: T }> => e.type === type);
  if (!found) throw new Error(`no ${type} in the journal: ${h.types().join(', ')}`);
  return found;
}

describe('CommandFlow', () => {
  it('records requested → confirmed → started → finished for a read command, with output file and hash', async () => {
    const { h, flow } = await setup();
    const dialog = await flow.request('get');
    expect(dialog.confirmation).toEqual({ kind: 'key' });
    expect(dialog.kube).toBeNull();
    const { finished } = await flow.confirm(dialog.requestSeq);
    const done = await finished;
    expect(h.types()).toEqual(['incident.opened', 'command.requested', 'command.confirmed', 'command.started', 'command.finished']);
    const started = last(h, 'command.started') as CommandStartedEvent;
    expect(started).toMatchObject({ requestSeq: dialog.requestSeq, cwd: root, script: dialog.script, outputFile: `commands/${dialog.requestSeq}.log` });
    expect(started.pid).toBeGreaterThan(0);
    const log = await readFile(path.join(h.dir, done.outputFile!));
    expect(done).toMatchObject({ exitCode: 0, signal: null, dryRun: false, cancelled: false, timedOut: false, error: null });
    expect(done.tail).toEqual(['deployments', 'api-service 3/3']);
    expect(done.outputBytes).toBe(log.length);
    expect(done.outputSha256).toBe(createHash('sha256').update(log).digest('hex'));
    expect(h.store.state.commands[0]?.phase).toBe('finished');
  });

  it('asks for parameters first, refuses while one is missing, and runs the quoted value', async () => {
    const { h, flow } = await setup();
    const dialog = await flow.request('logs');
    expect(dialog.missing).toEqual(['pod-name']);
    await expect(flow.confirm(dialog.requestSeq)).rejects.toThrow(/fill in pod-name first/);
    await flow.setParameter('pod-name', "web-1; echo pwned $(id) 'x'");
    const filled = flow.dialog(dialog.requestSeq)!;
    expect(filled.missing).toEqual([]);
    expect(filled.script).toBe(`printf "[%s]\\n" 'web-1; echo pwned $(id) '\\''x'\\'''`);
    const done = await (await flow.confirm(dialog.requestSeq)).finished;
    expect(done.tail).toEqual(["[web-1; echo pwned $(id) 'x']"]);
    expect(last(h, 'command.confirmed').script).toBe(filled.script);
    expect(h.types()).toContain('parameter.set');
  });

  it('leaves $VARs the environment sets to the shell, so their values never reach the journal', async () => {
    const secretUrl = 'postgres://admin:s3cret-pw@db.internal:6432/pgbouncer';
    kubeEnv.DB_ADMIN_URL = secretUrl; // the commands' environment (REGION is not set)
    try {
      const { h, flow } = await setup();
      const dialog = await flow.request('env');
      expect(dialog.fromEnvironment).toEqual(['DB_ADMIN_URL']);
      expect(dialog.missing).toEqual(['REGION']);
      await flow.setParameter('REGION', 'eu-west-1');
      const done = await (await flow.confirm(dialog.requestSeq)).finished;
      // The shell expanded the variable (its length came out), and the region was filled in.
      expect(done.tail).toEqual([String(secretUrl.length), 'eu-west-1']);
      expect(last(h, 'command.confirmed').script).toBe('printf %s "$DB_ADMIN_URL" | wc -c; echo eu-west-1'); // safe words need no quotes
      const journal = await readFile(path.join(h.dir, 'journal.jsonl'), 'utf8');
      expect(journal).not.toContain('s3cret-pw');
    } finally {
      delete kubeEnv.DB_ADMIN_URL;
    }
  });

  it('masks secret-shaped output in the journal (the full log keeps what the command printed)', async () => {
    const { h, flow } = await setup();
    const dialog = await flow.request('leak');
    const done = await (await flow.confirm(dialog.requestSeq)).finished;
    expect(done.tail).toEqual(['DATABASE_URL=postgres://app:[redacted]@db:5432/app', 'ok']);
    const finished = (await readFile(path.join(h.dir, 'journal.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"command.finished"'));
    expect(finished).toHaveLength(1);
    expect(finished[0]).not.toContain('hunter2-pw');
    expect(await readFile(path.join(h.dir, done.outputFile!), 'utf8')).toContain('hunter2-pw');
  });

  it('shows the kube context for kubectl commands and demands y for a change', async () => {
    const { h, flow } = await setup();
    const dialog = await flow.request('scale');
    expect(dialog.kube).toEqual({ context: 'prod-eu', namespace: 'payments', problem: null });
    expect(dialog.confirmation).toEqual({ kind: 'yes' });
    expect(dialog.previewAvailable).toBe(true);
    const done = await (await flow.confirm(dialog.requestSeq)).finished;
    expect(done.tail).toEqual(['kubectl scale deployment/api-service --replicas=10']);
    expect(last(h, 'command.confirmed')).toMatchObject({ kubeContext: 'prod-eu', kubeNamespace: 'payments', confirmation: 'yes' });
    expect(last(h, 'command.started').kubeContext).toBe('prod-eu');
  });

  it('refuses a wrong typed word for a destructive command without recording anything, then runs on the right one', async () => {
    const { h, flow } = await setup();
    const dialog = await flow.request('delete');
    expect(dialog.confirmation).toEqual({ kind: 'typed', word: 'api-service' });
    const before = h.events.length;
    await expect(flow.confirm(dialog.requestSeq, 'api')).rejects.toThrow('type "api-service" exactly');
    expect(h.events.length).toBe(before);
    await (await flow.confirm(dialog.requestSeq, 'api-service')).finished;
    expect(last(h, 'command.confirmed').confirmation).toBe('typed');
  });

  it('refuses to run when the kube context changed since the dialog opened', async () => {
    const { flow } = await setup();
    const dialog = await flow.request('scale');
    kubeEnv.FAKE_CONTEXT = 'staging';
    try {
      await expect(flow.confirm(dialog.requestSeq)).rejects.toThrow(/kube context changed to staging\/payments/);
      // Now the dialog shows the new context; confirming again is a decision about it.
      expect(flow.dialog(dialog.requestSeq)?.kube?.context).toBe('staging');
      const done = await (await flow.confirm(dialog.requestSeq)).finished;
      expect(done.exitCode).toBe(0);
    } finally {
      kubeEnv.FAKE_CONTEXT = 'prod-eu';
    }
  });

  it('Esc records "cancelled before run"', async () => {
    const { h, flow } = await setup();
    const dialog = await flow.request('scale');
    await flow.cancelBeforeRun(dialog.requestSeq);
    expect(last(h, 'command.cancelled')).toMatchObject({ requestSeq: dialog.requestSeq, reason: 'declined in the confirmation dialog' });
    expect(h.store.state.commands[0]?.phase).toBe('cancelled');
    await expect(flow.confirm(dialog.requestSeq)).rejects.toBeInstanceOf(CommandRefusedError);
  });

  it('runs one command at a time and cancel kills the running one', async () => {
    const { h, flow } = await setup();
    const slow = await flow.request('slow');
    const { finished } = await flow.confirm(slow.requestSeq);
    await waitFor(() => (flow.output.getLines().includes('started') ? true : undefined), 'output of the slow command');
    await expect(flow.request('get')).rejects.toThrow(/a command is still running \(request #\d+\)/);
    const cancelled = (await flow.cancelRunning())!;
    expect(cancelled).toMatchObject({ cancelled: true, timedOut: false, signal: 'SIGTERM', exitCode: null });
    expect((await finished).seq).toBe(cancelled.seq);
    expect(h.store.state.commands.find((c) => c.requestSeq === slow.requestSeq)?.cancelled).toBe(true);
    // Free again.
    const next = await flow.request('get');
    await (await flow.confirm(next.requestSeq)).finished;
  });

  it('takes the timeout from the runbook annotation', async () => {
    const { flow } = await setup();
    const dialog = await flow.request('quick-timeout');
    expect(dialog.timeoutMs).toBe(1000);
    const done = await (await flow.confirm(dialog.requestSeq)).finished;
    expect(done).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
  });

  it('dry-run mode records the confirmation and "would run" without running anything', async () => {
    const { h, flow } = await setup({ dryRun: true, readonly: false });
    const canary = path.join(root, 'dry-run-canary');
    await flow.setParameter('pod-name', `x; touch ${canary}`);
    const dialog = await flow.request('logs');
    expect(dialog.dryRun).toBe(true);
    expect(dialog.previewAvailable).toBe(false);
    const done = (await (await flow.confirm(dialog.requestSeq)).finished) as CommandFinishedEvent;
    expect(done).toMatchObject({ dryRun: true, exitCode: null, outputFile: null, tail: [`dry run: would run ${dialog.script}`] });
    expect(last(h, 'command.confirmed').dryRun).toBe(true);
    expect(h.types()).not.toContain('command.started');
    expect(existsSync(canary)).toBe(false);
  });

  it('read-only mode runs read commands and refuses the rest with the reason', async () => {
    const { h, flow } = await setup({ dryRun: false, readonly: true });
    const scale = await flow.request('scale');
    expect(scale.confirmation.kind).toBe('disabled');
    await expect(flow.confirm(scale.requestSeq)).rejects.toThrow(/read-only mode: only read commands may run/);
    expect(h.types()).not.toContain('command.confirmed');
    const get = await flow.request('get');
    expect((await (await flow.confirm(get.requestSeq)).finished).exitCode).toBe(0);
  });

  it('previews a kubectl change with --dry-run=server into its own log and notes it', async () => {
    const { h, flow } = await setup();
    const dialog = await flow.request('scale');
    const preview = await flow.preview(dialog.requestSeq);
    expect(preview.script).toBe('kubectl scale deployment/api-service --replicas=10 --dry-run=server');
    expect(preview.lines).toEqual(['kubectl scale deployment/api-service --replicas=10 --dry-run=server']);
    expect(await readFile(preview.logFile, 'utf8')).toContain('--dry-run=server');
    expect(last(h, 'note.added').text).toMatch(/previewed request #\d+ with --dry-run=server: exit 0/);
    await expect(flow.preview((await flow.request('get')).requestSeq)).rejects.toThrow(/no server-side preview/);
  });
});

describe('FlagFlow', () => {
  async function flags(settings: { command: string | null; url: string | null }, mode = { dryRun: false, readonly: false }) {
    const h = await flowHarness(root, steps, mode);
    harnesses.push(h);
    const flow = new FlagFlow({ store: h.store, runner: createCommandRunner(), incidentDir: h.dir, cwd: root, mode, actor: 'alice', settings });
    return { h, flow };
  }

  it('runs the configured command template with quoted values', async () => {
    const { h, flow } = await flags({ command: 'printf "%s|%s\\n" {flag} {value}', url: null });
    const dialog = await flow.request('flag');
    expect(dialog).toMatchObject({ via: 'command', script: 'printf "%s|%s\\n" new-search false', confirmation: { kind: 'yes' } });
    const event = await flow.confirm(dialog.requestSeq);
    expect(event).toMatchObject({ type: 'flag.finished', requestSeq: dialog.requestSeq, via: 'command', ok: true, detail: 'exit 0: new-search|false' });
    expect(h.store.state.flags.at(-1)).toMatchObject({ flag: 'new-search', value: 'false', via: 'command', ok: true });
  });

  it('journals the request before anything changes, keyed by its seq like a command, and logs to commands/<seq>.log', async () => {
    const { h, flow } = await flags({ command: 'echo toggled {flag}', url: null });
    const dialog = await flow.request('flag');
    // The request is on disk, with the seq the dialog is keyed by: no id outside the journal.
    const requested = last(h, 'flag.requested');
    expect(requested).toMatchObject({ seq: dialog.requestSeq, stepId: 'flag', flag: 'new-search', value: 'false', via: 'command', script: 'echo toggled new-search' });
    expect(dialog.requestSeq).toBeGreaterThan(0);
    await flow.confirm(dialog.requestSeq);
    // The toggle command's start is journaled with its process identity (found again after a crash).
    expect(h.types().slice(-4)).toEqual(['flag.requested', 'flag.confirmed', 'flag.started', 'flag.finished']);
    expect(last(h, 'flag.started')).toMatchObject({ requestSeq: dialog.requestSeq, pid: expect.any(Number), pgid: expect.any(Number), runToken: expect.any(String), outputFile: `commands/${dialog.requestSeq}.log` });
    expect(last(h, 'flag.finished').outputFile).toBe(`commands/${dialog.requestSeq}.log`);
    expect(await readFile(path.join(h.dir, 'commands', `${dialog.requestSeq}.log`), 'utf8')).toBe('toggled new-search\n');
    // A command requested next takes the next seq of the same space.
    const next = await (await setupOn(h)).request('get');
    expect(next.requestSeq).toBe(h.events.length);
  });

  it('esc records flag.cancelled and nothing runs', async () => {
    const canary = path.join(root, 'flag-canary');
    const { h, flow } = await flags({ command: `touch ${canary}`, url: null });
    const dialog = await flow.request('flag');
    await flow.cancel(dialog.requestSeq);
    expect(last(h, 'flag.cancelled')).toMatchObject({ requestSeq: dialog.requestSeq, reason: 'declined in the confirmation dialog' });
    expect(h.store.state.flagRuns.at(-1)?.phase).toBe('cancelled');
    await expect(flow.confirm(dialog.requestSeq)).rejects.toBeInstanceOf(CommandRefusedError);
    expect(existsSync(canary)).toBe(false);
  });

  it('posts {flag, value} to the configured endpoint, retrying a failure', async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      // The dialog asks for the current value first; this endpoint cannot tell it.
      if (req.method === 'GET') return void res.writeHead(404).end();
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(bodies.length === 1 ? 503 : 200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/flags?token=secret-token`;
      const { flow } = await flags({ command: null, url });
      const dialog = await flow.request('flag');
      expect(dialog.script).not.toContain('secret-token');
      const event = await flow.confirm(dialog.requestSeq);
      expect(event).toMatchObject({ via: 'http', ok: true, detail: 'HTTP 200' });
      expect(bodies.map((b) => JSON.parse(b) as unknown)).toEqual([{ flag: 'new-search', value: 'false' }, { flag: 'new-search', value: 'false' }]);
      expect(JSON.stringify(event)).not.toContain('secret-token');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('becomes a manual step with the instruction when nothing is configured', async () => {
    const { flow } = await flags({ command: null, url: null });
    const dialog = await flow.request('flag');
    expect(dialog.via).toBe('manual');
    expect(dialog.script).toMatch(/Set feature flag "new-search" to "false"/);
    expect(await flow.confirm(dialog.requestSeq)).toMatchObject({ via: 'manual', ok: true });
  });

  it('is refused in read-only mode and only recorded in dry-run mode', async () => {
    const ro = await flags({ command: 'touch never', url: null }, { dryRun: false, readonly: true });
    const refused = await ro.flow.request('flag');
    await expect(ro.flow.confirm(refused.requestSeq)).rejects.toThrow(/read-only mode/);
    expect(ro.h.types()).not.toContain('flag.confirmed');
    const dry = await flags({ command: 'echo {flag}', url: null }, { dryRun: true, readonly: false });
    const event = await dry.flow.confirm((await dry.flow.request('flag')).requestSeq);
    expect(event).toMatchObject({ via: 'dry-run', ok: true, detail: 'dry run: would run echo new-search' });
  });
});
