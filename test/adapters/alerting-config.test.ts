// The alert-source keys: set through `warroom config`, read back by loadAlertingConfig with the
// same precedence as every key (env, file, default), maps given as pairs or JSON, secrets masked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { alertingSecrets, loadAlertingConfig } from '../../src/adapters/alerting-config.ts';
import { configCommand, type ConfigArgs } from '../../src/commands/config.ts';

let home: string;
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-alerting-config-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

async function run(args: ConfigArgs, extraEnv: Record<string, string> = {}) {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await configCommand(args, { stdout, stderr: new PassThrough(), env: { WARROOM_HOME: home, ...extraEnv }, cwd: home, isTty: false });
  return { code, out };
}

const set = (key: string, value: string) => run({ action: 'set', key, value });
const TOKEN = 'am-bearer-0000-1111-2222-secret';
const PD_TOKEN = 'pd-rest-token-u+abcdefghijklmnop';

describe('alerting config', () => {
  it('has nothing configured by default, and the default severity map', () => {
    expect(loadAlertingConfig({ WARROOM_HOME: home })).toEqual({
      alertmanager: null,
      pagerduty: null,
      runbooks: { folders: [], urlMap: {}, fetchPrefixes: [], fetchMaxBytes: 1_048_576 },
      severityMap: { critical: 'SEV-1', error: 'SEV-2', warning: 'SEV-3', info: 'SEV-4' },
    });
  });

  it('reads every key from the file', async () => {
    await set('alertmanager.url', 'https://am.example:9093/');
    await set('alertmanager.token', TOKEN);
    await set('alertmanager.caFile', '/etc/ssl/internal-ca.pem');
    await set('runbooks.urlMap', 'https://github.com/openshift/runbooks=~/src/openshift-runbooks, https://runbooks.prometheus-operator.dev/runbooks/=./prom');
    await set('runbooks.fetchPrefixes', 'https://raw.githubusercontent.com/acme/runbooks/');
    await set('runbooks.fetchMaxBytes', '200000');
    await set('alerts.severityMap', '{"P1": "SEV-1", "page": "SEV-2"}');
    await set('pagerduty.apiToken', PD_TOKEN);
    await set('pagerduty.apiUrl', 'https://api.eu.pagerduty.com/');
    await set('pagerduty.email', 'ana@example.com');
    const config = loadAlertingConfig({ WARROOM_HOME: home });
    expect(config).toEqual({
      alertmanager: { url: 'https://am.example:9093', token: TOKEN, basicAuth: null, caFile: '/etc/ssl/internal-ca.pem' },
      pagerduty: { apiToken: PD_TOKEN, apiUrl: 'https://api.eu.pagerduty.com', email: 'ana@example.com' },
      runbooks: {
        folders: [],
        urlMap: { 'https://github.com/openshift/runbooks': '~/src/openshift-runbooks', 'https://runbooks.prometheus-operator.dev/runbooks/': './prom' },
        fetchPrefixes: ['https://raw.githubusercontent.com/acme/runbooks/'],
        fetchMaxBytes: 200_000,
      },
      // A configured map replaces the default one; keys are matched in lower case.
      severityMap: { p1: 'SEV-1', page: 'SEV-2' },
    });
    expect(alertingSecrets(config)).toEqual([TOKEN, PD_TOKEN]);
  });

  it('lets the environment override endpoints and secrets', async () => {
    await set('alertmanager.url', 'https://am.example:9093');
    const config = loadAlertingConfig({
      WARROOM_HOME: home,
      WARROOM_ALERTMANAGER_URL: 'http://127.0.0.1:19093',
      WARROOM_ALERTMANAGER_USERNAME: 'warroom',
      WARROOM_ALERTMANAGER_PASSWORD: 'basic-password-0000',
      WARROOM_ALERTMANAGER_CA_FILE: '/tmp/ca.pem',
      WARROOM_PAGERDUTY_API_TOKEN: PD_TOKEN,
      WARROOM_PAGERDUTY_API_URL: 'http://127.0.0.1:9/pd',
      WARROOM_PAGERDUTY_EMAIL: 'bob@example.com',
    });
    expect(config.alertmanager).toEqual({ url: 'http://127.0.0.1:19093', token: null, basicAuth: { username: 'warroom', password: 'basic-password-0000' }, caFile: '/tmp/ca.pem' });
    expect(config.pagerduty).toEqual({ apiToken: PD_TOKEN, apiUrl: 'http://127.0.0.1:9/pd', email: 'bob@example.com' });
  });

  it('refuses half a basic-auth login and two ways to log in', async () => {
    await set('alertmanager.url', 'https://am.example');
    await set('alertmanager.username', 'warroom');
    expect(() => loadAlertingConfig({ WARROOM_HOME: home })).toThrow('alertmanager.password is not set: basic auth needs both');
    await set('alertmanager.password', 'pw-0000-secret');
    await set('alertmanager.token', TOKEN);
    expect(() => loadAlertingConfig({ WARROOM_HOME: home })).toThrow('both set');
  });

  it('refuses malformed maps with exit code 2', async () => {
    await expect(set('runbooks.urlMap', 'https://x.example')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('expected key=value pairs') });
    await expect(set('alerts.severityMap', '{"critical": 1}')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('JSON object of strings') });
    await expect(set('runbooks.fetchMaxBytes', '0')).rejects.toMatchObject({ exitCode: 2 });
  });

  it('config list masks the new secrets and shows maps as pairs', async () => {
    await set('alertmanager.token', TOKEN);
    await set('alertmanager.password', 'basic-password-0000-xyz');
    await set('pagerduty.apiToken', PD_TOKEN);
    await set('runbooks.urlMap', 'https://github.com/openshift/runbooks=/srv/openshift');
    const listed = (await run({ action: 'list' })).out;
    for (const secret of [TOKEN, 'basic-password-0000-xyz', PD_TOKEN]) expect(listed).not.toContain(secret);
    expect(listed).toContain('alertmanager.token = am-b…cret');
    expect(listed).toContain('runbooks.urlMap = https://github.com/openshift/runbooks=/srv/openshift');
    expect(listed).toContain('alerts.severityMap = critical=SEV-1, error=SEV-2, warning=SEV-3, info=SEV-4  (default)');
    expect(listed).toContain('pagerduty.apiUrl = https://api.pagerduty.com  (default)');
    expect((await run({ action: 'get', key: 'runbooks.urlMap' })).out).toBe('https://github.com/openshift/runbooks=/srv/openshift\n');
  });
});
