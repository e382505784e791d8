// The config file without conf: nothing is created by reading, writes replace the file
// atomically with mode 0600, and a file the key table refuses is reported with its path, the
// key and what is wrong, and left exactly as it was.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confKey, loadConfig, openConfigStore, readStoredConfig } from '../../src/adapters/config.ts';

let home: string;
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-config-store-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('config store', () => {
  it('reads a missing file as empty and creates nothing doing so', async () => {
    const env = { WARROOM_HOME: path.join(home, 'not-yet') };
    expect(readStoredConfig(openConfigStore(env))).toEqual({});
    expect(loadConfig(env).updates.cadenceMinutes).toBe(15);
    await expect(fs.stat(path.join(home, 'not-yet'))).rejects.toThrow(/ENOENT/);
  });

  it('replaces the file atomically (a new inode, mode 0600, no temporary file left)', async () => {
    const store = openConfigStore({ WARROOM_HOME: home });
    store.set(confKey(['slack', 'token']), 'xoxb-1');
    const file = path.join(home, 'config.json');
    const first = await fs.stat(file);
    await fs.chmod(file, 0o644);
    store.set(confKey(['escalation', 'targets', 'v1.2 owners', 'slack']), '@owners');
    const second = await fs.stat(file);
    expect(second.ino).not.toBe(first.ino);
    expect(second.mode & 0o777).toBe(0o600);
    expect(await fs.readdir(home)).toEqual(['config.json']);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ slack: { token: 'xoxb-1' }, escalation: { targets: { 'v1.2 owners': { slack: '@owners' } } } });
    expect(store.get(confKey(['escalation', 'targets', 'v1.2 owners']))).toEqual({ slack: '@owners' });
    store.delete(confKey(['slack', 'token']));
    expect(readStoredConfig(store)).toEqual({ slack: {}, escalation: { targets: { 'v1.2 owners': { slack: '@owners' } } } });
  });

  it('reports a file the key table refuses with its path and key, and never rewrites it', async () => {
    const file = path.join(home, 'config.json');
    const text = JSON.stringify({ updates: { cadenceMinutes: 0 }, slack: { tokn: 'x' } });
    await fs.writeFile(file, text);
    const env = { WARROOM_HOME: home };
    expect(() => loadConfig(env)).toThrow(`${file}: updates.cadenceMinutes: expected a whole number ≥ 1, got 0 (and 1 more); fix the file or \`warroom config unset\` the key`);
    expect(() => openConfigStore(env).set(confKey(['operator']), 'bob')).toThrow(file);
    expect(await fs.readFile(file, 'utf8')).toBe(text);
    // Refused values never reach the file either.
    await fs.writeFile(file, '{}');
    expect(() => openConfigStore(env).set(confKey(['updates', 'cadenceMinutes']), 'often')).toThrow(/updates\.cadenceMinutes: expected a whole number/);
    expect(await fs.readFile(file, 'utf8')).toBe('{}');
  });
});
