import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { configSecrets, escalationTarget, loadConfig } from '../../src/adapters/config.ts';
import { maskSecret, parseKey } from '../../src/adapters/config-keys.ts';
import { configCommand, type ConfigArgs } from '../../src/commands/config.ts';
import { WarroomError } from '../../src/errors.ts';

let home: string;
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-config-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

async function run(args: ConfigArgs, extraEnv: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const env = { WARROOM_HOME: home, ...extraEnv };
  const code = await configCommand(args, { stdout, stderr, env, cwd: home, isTty: false });
  return { code, out, err };
}

const TOKEN = 'xoxb-1111-2222-abcdefghijkl-wxyz';
const HOOK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXabcd';

describe('config file', () => {
  it('is written in WARROOM_HOME with mode 0600', async () => {
    await run({ action: 'set', key: 'slack.token', value: TOKEN });
    const file = path.join(home, 'config.json');
    expect((await run({ action: 'path' })).out.trim()).toBe(file);
    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ slack: { token: TOKEN } });
  });

  it('types values, applies defaults, and reads escalation targets with quoted role keys', async () => {
    await run({ action: 'set', key: 'updates.cadenceMinutes', value: '10' });
    await run({ action: 'set', key: 'escalation.targets."Engineering Manager".slack', value: '<!subteam^S123>' });
    // What the shell passes for the unquoted form: the quotes are gone, the space stays.
    await run({ action: 'set', key: 'escalation.targets.Engineering Manager.pagerduty', value: 'EMKEY00000000000000000000000abcd' });
    await run({ action: 'set', key: 'escalation.targets."v1.2 owners".slack', value: '@owners' });
    await run({ action: 'set', key: 'runbooks.folders', value: './runbooks, ~/ops/runbooks' });
    const config = loadConfig({ WARROOM_HOME: home });
    expect(config.updates.cadenceMinutes).toBe(10);
    expect(config.slack.apiUrl).toBe('https://slack.com/api');
    expect(config.slack.mention).toBe('<!here>');
    expect(config.pagerduty.url).toBe('https://events.pagerduty.com/v2/enqueue');
    expect(config.runbooks.folders).toEqual(['./runbooks', '~/ops/runbooks']);
    expect(escalationTarget(config, 'engineering manager')).toEqual({ slack: '<!subteam^S123>', pagerduty: 'EMKEY00000000000000000000000abcd' });
    expect(escalationTarget(config, 'v1.2 owners')).toEqual({ slack: '@owners' });
    expect(parseKey('escalation.targets."v1.2 owners".slack')).toEqual(['escalation', 'targets', 'v1.2 owners', 'slack']);
  });

  it('escalation thresholds count from detection unless told to count from the war room opening', async () => {
    expect(loadConfig({ WARROOM_HOME: home }).escalation.countFrom).toBe('detection');
    await run({ action: 'set', key: 'escalation.countFrom', value: 'open' });
    expect(loadConfig({ WARROOM_HOME: home }).escalation.countFrom).toBe('open');
    await expect(run({ action: 'set', key: 'escalation.countFrom', value: 'alert' })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('expected one of detection, open'),
    });
  });

  it('refuses unknown keys and bad values with exit code 2', async () => {
    await expect(run({ action: 'set', key: 'slack.tokn', value: 'x' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('unknown config key slack.tokn') });
    await expect(run({ action: 'set', key: 'updates.cadenceMinutes', value: 'soon' })).rejects.toMatchObject({ exitCode: 2 });
    await expect(run({ action: 'set', key: 'slack.apiUrl', value: 'ftp://x' })).rejects.toMatchObject({ exitCode: 2 });
  });

  it('environment variables override the file for secrets and endpoints', async () => {
    await run({ action: 'set', key: 'slack.token', value: TOKEN });
    await run({ action: 'set', key: 'pagerduty.url', value: 'https://events.eu.pagerduty.com/v2/enqueue' });
    const env = {
      WARROOM_HOME: home,
      WARROOM_SLACK_TOKEN: 'xoxb-from-env-0000-zzzz',
      WARROOM_SLACK_WEBHOOK_URL: HOOK,
      WARROOM_SLACK_CHANNEL: 'C999',
      WARROOM_SLACK_API_URL: 'http://127.0.0.1:9/api/',
      WARROOM_PAGERDUTY_ROUTING_KEY: 'envkey00000000000000000000000000',
      WARROOM_PAGERDUTY_URL: 'http://127.0.0.1:9/pd',
    };
    const config = loadConfig(env);
    expect(config.slack).toMatchObject({ token: 'xoxb-from-env-0000-zzzz', webhookUrl: HOOK, channel: 'C999', apiUrl: 'http://127.0.0.1:9/api' });
    expect(config.pagerduty).toEqual({ routingKey: 'envkey00000000000000000000000000', url: 'http://127.0.0.1:9/pd' });
    const listed = await run({ action: 'list' }, env);
    expect(listed.out).toContain('slack.token = xoxb…zzzz  (from $WARROOM_SLACK_TOKEN)');
  });

  it('list and get mask secrets; get --reveal shows them', async () => {
    await run({ action: 'set', key: 'slack.token', value: TOKEN });
    await run({ action: 'set', key: 'slack.webhookUrl', value: HOOK });
    await run({ action: 'set', key: 'pagerduty.routingKey', value: 'R0UT1NGKEY00000000000000000zz99' });
    await run({ action: 'set', key: 'escalation.targets.CTO.pagerduty', value: 'CTOKEY0000000000000000000000qq77' });
    await run({ action: 'set', key: 'slack.channel', value: '#incidents' });
    const listed = await run({ action: 'list' });
    const secrets = configSecrets(loadConfig({ WARROOM_HOME: home }));
    expect(secrets).toHaveLength(4);
    for (const secret of secrets) expect(listed.out).not.toContain(secret);
    expect(listed.out).toContain('slack.token = xoxb…wxyz');
    expect(listed.out).toContain('slack.webhookUrl = https://hooks.slack.com/…abcd');
    expect(listed.out).toContain('escalation.targets.CTO.pagerduty = CTOK…qq77');
    expect(listed.out).toContain('slack.channel = #incidents');
    expect(listed.out).toContain('slack.mention = <!here>  (default)');
    expect((await run({ action: 'get', key: 'slack.token' })).out.trim()).toBe('xoxb…wxyz');
    expect((await run({ action: 'get', key: 'slack.token', reveal: true })).out.trim()).toBe(TOKEN);
    // The echo after set is masked too.
    expect((await run({ action: 'set', key: 'slack.token', value: TOKEN })).out).not.toContain(TOKEN);
    expect(maskSecret('short')).toBe('••••');
  });

  it('unset removes a key (and an emptied role)', async () => {
    await run({ action: 'set', key: 'escalation.targets.CTO.slack', value: '@cto' });
    await run({ action: 'unset', key: 'escalation.targets.CTO.slack' });
    expect(JSON.parse(await fs.readFile(path.join(home, 'config.json'), 'utf8'))).toEqual({ escalation: { targets: {} } });
    const got = await run({ action: 'get', key: 'escalation.targets.CTO.slack' });
    expect(got.code).toBe(1);
  });

  it('a corrupt file is reported with its path and line:column, and left as it was', async () => {
    const file = path.join(home, 'config.json');
    const broken = '{\n  "slack": {"token": "xoxb-keep-me",}\n}\n';
    await fs.writeFile(file, broken);
    expect(() => loadConfig({ WARROOM_HOME: home })).toThrow(WarroomError);
    expect(() => loadConfig({ WARROOM_HOME: home })).toThrow(`${file}:2:37: config file is not valid JSON`);
    await expect(run({ action: 'set', key: 'operator', value: 'bob' })).rejects.toThrow(file);
    expect(await fs.readFile(file, 'utf8')).toBe(broken);
  });

  it('a file the schema rejects is reported, not reset', async () => {
    const file = path.join(home, 'config.json');
    const wrong = JSON.stringify({ updates: { cadenceMinutes: 'often' } });
    await fs.writeFile(file, wrong);
    expect(() => loadConfig({ WARROOM_HOME: home })).toThrow(new RegExp(`^${file.replaceAll('.', '\\.')}: .*cadenceMinutes`));
    expect(await fs.readFile(file, 'utf8')).toBe(wrong);
  });
});
