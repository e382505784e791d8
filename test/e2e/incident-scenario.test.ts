// The whole incident as an on-call engineer lives it, in a real pseudo-terminal: open the war
// room on the demo runbook, tick checks, run a read command and the rollback, post an update,
// get paged at the 15-minute threshold, survive SIGKILL, resume without paging twice, resolve,
// and write the post-mortem. Slack (Web API mode) and PagerDuty are real HTTP servers on
// 127.0.0.1; kubectl is a script on the test PATH that records its arguments.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { startFakeServices, type FakeServices } from '../helpers/fake-services.ts';
import { repoRoot, startPty, warroomBin, type PtySession } from '../helpers/pty.ts';

const run = promisify(execFile);
const TOKEN = 'xoxb-test-token-0000-secret';
const ROUTING_KEY = 'R0UT1NGKEY0000000000000000SECRET';
const HELP_BAR = /\? help\s*$/m;

const FAKE_KUBECTL = `#!/bin/sh
# Stand-in for kubectl: records its arguments, answers like a small cluster.
printf '%s\\n' "$*" >> "$KUBECTL_LOG"
case "$*" in
  "config current-context") echo prod-eu-1 ;;
  "config view --minify -o jsonpath={..namespace}") printf 'payments' ;;
  "get deployments")
    echo "NAME          READY   UP-TO-DATE   AVAILABLE   AGE"
    echo "api-service   10/10   10           10           3d" ;;
  "rollout undo deployment/api-service") echo "deployment.apps/api-service rolled back" ;;
  "scale deployment/api-service --replicas=10") echo "waiting for replicas..."; sleep 600 ;;
  *) echo "kubectl stand-in: $*" ;;
esac
`;

let tmp: string;
let home: string;
let kubectlLog: string;
let slack: FakeServices;
let pagerduty: FakeServices;
let env: NodeJS.ProcessEnv;

const slackCalls = (method: string) => slack.accepted().filter((r) => r.path === `/api/${method}`);
const pagerEvents = (action: string) => pagerduty.accepted().filter((r) => r.body.event_action === action);
const kubectlCalls = async () => (await fs.readFile(kubectlLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
const tickedRows = (screen: string) => screen.split('\n').filter((l) => l.includes('[x]'));

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Moves the cursor to the checklist row containing `text` by pressing j/k and reading the screen. */
async function cursorTo(pty: PtySession, text: string) {
  const cursorRow = () => pty.screen().split('\n').find((l) => l.startsWith('›')) ?? '';
  for (let i = 0; i < 40 && !cursorRow().includes(text); i++) {
    const before = cursorRow();
    pty.write('j');
    await pty.waitFor(() => cursorRow() !== before, 5000);
  }
  expect(cursorRow()).toContain(text);
}

describe('an incident from alert to post-mortem', () => {
  beforeAll(async () => {
    ensureBuilt();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-scenario-'));
    home = path.join(tmp, 'home');
    const bin = path.join(tmp, 'bin');
    await fs.mkdir(bin, { recursive: true });
    await fs.writeFile(path.join(bin, 'kubectl'), FAKE_KUBECTL, { mode: 0o755 });
    kubectlLog = path.join(tmp, 'kubectl.log');
    slack = await startFakeServices();
    pagerduty = await startFakeServices();
    env = {
      WARROOM_HOME: home,
      WARROOM_OPERATOR: 'alice',
      WARROOM_SLACK_TOKEN: TOKEN,
      WARROOM_SLACK_CHANNEL: '#incidents',
      WARROOM_SLACK_API_URL: `${slack.url}/api`,
      WARROOM_PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      WARROOM_PAGERDUTY_URL: `${pagerduty.url}/pagerduty/v2/enqueue`,
      KUBECTL_LOG: kubectlLog,
      PATH: `${bin}:${process.env.PATH}`,
      NO_COLOR: '1',
      TERM: 'xterm-256color',
    };
  }, 120_000);

  afterAll(async () => {
    await slack?.close();
    await pagerduty?.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('runs the whole scenario', async () => {
    // 1. Open the war room; the alert reaches Slack as the incident's first message.
    const args = ['run', 'runbooks/api-high-latency.md', '--service', 'api', '--severity', 'SEV-2', '--commander', 'oncall-ic', '--detected-at', '14m50s'];
    let pty = startPty(args, { env, cols: 100, rows: 30 });
    await pty.waitFor(HELP_BAR);
    const [alert] = await until(() => slackCalls('chat.postMessage'), (c) => c.length >= 1, 'the incident alert').catch((error: Error) => {
      throw new Error(`${error.message}\nscreen:\n${pty.screen()}`);
    });
    expect(JSON.stringify(alert!.body)).toContain('[SEV-2] Incident Alert');

    // 2. Tick both prerequisite checks; run `kubectl get deployments` with one keypress.
    pty.write(' ');
    await pty.waitFor((s) => tickedRows(s).length === 1);
    pty.write('j ');
    await pty.waitFor((s) => tickedRows(s).length === 2);
    await cursorTo(pty, 'kubectl get deployments');
    pty.write('\r');
    await pty.waitFor(/\$ kubectl get deployments/);
    await pty.waitFor(/Run it\? enter\/y runs/); // drawn once the dialog listens
    pty.write('\r');
    await pty.waitFor(/api-service\s+10\/10/);
    expect(await kubectlCalls()).toContain('get deployments');

    // 3. The rollback through the dialog: a change, so it needs an explicit `y`.
    await cursorTo(pty, 'Rollback Deployment');
    pty.write('\r');
    await pty.waitFor(/\$ kubectl rollout undo deployment\/api-service/);
    await pty.waitFor(/prod-eu-1/); // the dialog names the cluster it will hit
    await pty.waitFor(/Run it\? y runs/);
    pty.write('y');
    await pty.waitFor(/rolled back/);
    await until(kubectlCalls, (calls) => calls.includes('rollout undo deployment/api-service'), 'the rollback');
    await pty.waitFor(/exit 0/); // recorded as finished: the update's Actions come from the journal

    // 4. An internal status update whose Actions name the rollback and its result.
    pty.write('s');
    const composer = await pty.waitFor(/Preview \(sent exactly as shown\)/);
    expect(composer).toMatch(/Actions: Rolled back deployment\/api-service \(ok/);
    await pty.waitFor(/Ctrl-S send/); // the help bar, from the keymap
    pty.write('\x13'); // ctrl+s sends
    const updates = await until(
      () => slackCalls('chat.postMessage').filter((c) => c.body.thread_ts),
      (c) => c.some((r) => JSON.stringify(r.body).includes('Rolled back deployment/api-service')),
      'the status update in the thread',
    );
    expect(JSON.stringify(updates.at(-1)!.body)).toMatch(/Rolled back deployment\/api-service \(ok/);

    // 4b. Scaling up hangs (in this stand-in cluster): `c` cancels it, and the kill is recorded.
    await cursorTo(pty, 'Scale Up');
    pty.write('\r');
    await pty.waitFor(/\$ kubectl scale deployment\/api-service --replicas=10/);
    await pty.waitFor(/Run it\? y runs/);
    pty.write('y');
    await pty.waitFor(/waiting for replicas/);
    pty.write('c');
    await pty.waitFor(/cancelled in \d+s \$ kubectl scale/);

    // 5. The 15-minute threshold passes about ten seconds after start: EM paged once.
    await pty.waitFor(/paged EM|paged Engineering Manager/, 30_000);
    await until(() => pagerEvents('trigger'), (e) => e.length === 1, 'one PagerDuty trigger');

    // 6. SIGKILL, then resume: every tick, the command results and the page are back; no new page.
    pty.kill('SIGKILL');
    await pty.exited;
    pty = startPty(['resume'], { env, cols: 100, rows: 30 });
    const resumed = await pty.waitFor((s) => /paged EM|paged Engineering Manager/.test(s) && tickedRows(s).length === 2);
    const show = await run(process.execPath, [warroomBin, 'show', 'latest', '--json'], { cwd: repoRoot, env: { ...process.env, ...env } });
    const shown = JSON.parse(show.stdout) as {
      incident: { commands: { template: string; exitCode: number | null; cancelled: boolean; signal: string | null }[]; escalations: { target: string }[] };
    };
    expect(shown.incident.commands.map((c) => [c.template, c.exitCode, c.cancelled])).toEqual([
      ['kubectl get deployments', 0, false],
      ['kubectl rollout undo deployment/api-service', 0, false],
      ['kubectl scale deployment/api-service --replicas=10', null, true],
    ]);
    expect(shown.incident.commands[2]!.signal).toBe('SIGTERM');
    expect(shown.incident.escalations.map((e) => e.target)).toEqual(['Engineering Manager']);
    // Let the resumed clock tick past a second and the outbox settle before counting pages.
    const elapsed = /⏱ (\d\d:\d\d:\d\d)/.exec(resumed)?.[1];
    await pty.waitFor((s) => /⏱ (\d\d:\d\d:\d\d)/.exec(s)?.[1] !== elapsed);
    // One page: the journal holds one escalation, and every trigger PagerDuty saw carries the
    // same dedup_key. (If the kill lands after PagerDuty accepted the trigger but before the
    // journal recorded it, the outbox sends it again on resume; PagerDuty folds a trigger with
    // an open alert's dedup_key into that alert, so nobody is paged twice.)
    const dedupKeys = new Set(pagerEvents('trigger').map((e) => e.body.dedup_key));
    expect(dedupKeys.size).toBe(1);
    const afterResume = JSON.parse((await run(process.execPath, [warroomBin, 'show', 'latest', '--json'], { cwd: repoRoot, env: { ...process.env, ...env } })).stdout) as {
      incident: { escalations: unknown[] };
    };
    expect(afterResume.incident.escalations).toHaveLength(1);

    // 7. Monitoring, then resolve: resolution threaded under the alert, headline edited, PD resolved.
    pty.write('m');
    await pty.waitFor(/MONITORING/);
    pty.write('r');
    await pty.waitFor(/Resolve "/);
    await pty.waitFor(/y yes · esc/);
    pty.write('y');
    await pty.waitFor(/RESOLVED/);
    // Resolving wrote the post-mortem draft beside the journal, and the header says where.
    await pty.waitFor(/post-mortem draft: /);
    const [incidentId] = (await fs.readdir(path.join(home, 'incidents'))).filter((n) => !n.startsWith('.'));
    await fs.stat(path.join(home, 'incidents', incidentId!, 'postmortem.md'));
    // The stand-in numbers its messages; the alert was the first, so its ts ends in 000001.
    const alertTs = '1700000000.000001';
    await until(
      () => slackCalls('chat.postMessage'),
      (c) => c.some((r) => r.body.thread_ts === alertTs && /resolved/i.test(JSON.stringify(r.body))),
      'the resolution in the thread',
    );
    await until(() => slackCalls('chat.update'), (c) => c.some((r) => /resolved/i.test(JSON.stringify(r.body))), 'the headline edit');
    await until(() => pagerEvents('resolve'), (e) => e.length === 1, 'the PagerDuty resolve');
    pty.write('q');
    await pty.exited;

    // 8. The post-mortem draft holds the rollback, the page and the resolution, with TTD and TTR.
    const pm = await run(process.execPath, [warroomBin, 'postmortem', 'latest', '--stdout'], { cwd: repoRoot, env: { ...process.env, ...env } });
    expect(pm.stdout).toMatch(/rollout undo deployment\/api-service/);
    expect(pm.stdout).toMatch(/Engineering Manager/);
    expect(pm.stdout).toMatch(/[Rr]esolved/);
    expect(pm.stdout).toMatch(/\*\*Time to Detect \(TTD\)\*\*: (?!unknown)\S+/);
    expect(pm.stdout).toMatch(/\*\*Time to Resolve \(TTR\)\*\*: (?!unknown)\S+/);
    // Nothing secret anywhere a person or a script can read.
    expect(pm.stdout).not.toContain(TOKEN);
    expect(show.stdout).not.toContain(TOKEN);
    expect(show.stdout).not.toContain(ROUTING_KEY);
  }, 180_000);
});
