// The statuspage.* and comms.* keys through `warroom config` and loadConfig on a real config
// file: typed and checked on set, defaults filled in, env overrides, the API key masked and
// counted among the secrets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { configSecrets, loadConfig } from '../../src/adapters/config.ts';
import { configCommand, type ConfigArgs } from '../../src/commands/config.ts';
import { UsageError } from '../../src/errors.ts';

let home: string;
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-statuspage-config-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

async function run(args: ConfigArgs, extraEnv: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await configCommand(args, { stdout, stderr, env: { WARROOM_HOME: home, ...extraEnv }, cwd: home, isTty: false });
  return { code, out };
}

const KEY = 'a1b2c3d4-e5f6-7a8b-9c0d-statuspage-key';

describe('status page configuration', () => {
  it('has working defaults: Statuspage, the default impact map, nothing preselected', () => {
    const { statuspage, comms } = loadConfig({ WARROOM_HOME: home });
    expect(statuspage).toEqual({
      provider: 'atlassian',
      apiKey: null,
      pageId: null,
      apiUrl: null,
      impactMap: { 'SEV-1': 'critical', 'SEV-2': 'major', 'SEV-3': 'minor', 'SEV-4': 'none' },
      components: [],
    });
    expect(comms).toEqual({ internalDomains: [] });
  });

  it('stores typed values and reads them back', async () => {
    await run({ action: 'set', key: 'statuspage.provider', value: 'incidentio' });
    await run({ action: 'set', key: 'statuspage.apiKey', value: KEY });
    await run({ action: 'set', key: 'statuspage.pageId', value: '01FCNDV6P870EA6S7TK1DSYDG0' });
    await run({ action: 'set', key: 'statuspage.apiUrl', value: 'http://127.0.0.1:9999/' });
    expect((await run({ action: 'set', key: 'statuspage.impactMap', value: 'SEV-2=critical, P3=minor' })).out).toBe('statuspage.impactMap = SEV-2=critical, P3=minor\n');
    await run({ action: 'set', key: 'statuspage.components', value: 'API, Login' });
    await run({ action: 'set', key: 'comms.internalDomains', value: '["corp.example.com", "example.net"]' });
    const config = loadConfig({ WARROOM_HOME: home });
    expect(config.statuspage).toEqual({
      provider: 'incidentio',
      apiKey: KEY,
      pageId: '01FCNDV6P870EA6S7TK1DSYDG0',
      apiUrl: 'http://127.0.0.1:9999',
      impactMap: { 'SEV-1': 'critical', 'SEV-2': 'critical', 'SEV-3': 'minor', 'SEV-4': 'none', P3: 'minor' },
      components: ['API', 'Login'],
    });
    expect(config.comms?.internalDomains).toEqual(['corp.example.com', 'example.net']);
    expect(configSecrets(config)).toContain(KEY);
    // The JSON object form is accepted too.
    await run({ action: 'set', key: 'statuspage.impactMap', value: '{"SEV-1": "major"}' });
    expect(loadConfig({ WARROOM_HOME: home }).statuspage?.impactMap['SEV-1']).toBe('major');
  });

  it('masks the key in list and get, and says where an env override comes from', async () => {
    await run({ action: 'set', key: 'statuspage.apiKey', value: KEY });
    const list = (await run({ action: 'list' }, { WARROOM_STATUSPAGE_PAGE_ID: 'pg-env' })).out;
    expect(list).toContain('statuspage.apiKey = a1b2…-key\n');
    expect(list).not.toContain(KEY);
    expect(list).toContain('statuspage.pageId = pg-env  (from $WARROOM_STATUSPAGE_PAGE_ID)\n');
    expect(list).toContain('statuspage.impactMap = SEV-1=critical, SEV-2=major, SEV-3=minor, SEV-4=none  (default)\n');
    expect((await run({ action: 'get', key: 'statuspage.apiKey' })).out).toBe('a1b2…-key\n');
    const env = { WARROOM_HOME: home, WARROOM_STATUSPAGE_PROVIDER: 'incidentio', WARROOM_STATUSPAGE_API_KEY: 'env-key-0000000000', WARROOM_STATUSPAGE_API_URL: 'http://127.0.0.1:1/' };
    expect(loadConfig(env).statuspage).toMatchObject({ provider: 'incidentio', apiKey: 'env-key-0000000000', apiUrl: 'http://127.0.0.1:1' });
  });

  it.each([
    ['statuspage.provider', 'pagerduty', 'config statuspage.provider: expected one of atlassian, incidentio, got pagerduty'],
    ['statuspage.impactMap', 'SEV-1=catastrophic', 'config statuspage.impactMap: SEV-1: expected one of none, minor, major, critical, got catastrophic'],
    ['statuspage.impactMap', 'SEV-1', 'config statuspage.impactMap: expected key=value pairs, got SEV-1'],
    ['statuspage.apiUrl', 'ftp://x', 'config statuspage.apiUrl: not an http(s) URL'],
  ])('refuses %s = %s', async (key, value, message) => {
    await expect(run({ action: 'set', key, value })).rejects.toThrow(new UsageError(message));
  });
});
