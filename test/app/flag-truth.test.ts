// Feature flags tell the truth: the dialog shows the flag's current value when the endpoint can
// read it, Enter proposes the opposite once the flag is at the runbook's value, a manual step
// asks "did you set it?" and is recorded as done by hand, and a failed toggle leaves the step
// open. The flag endpoint is a real HTTP server on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFlag, stepStateOf } from '../../src/core/incident/selectors.ts';
import { oppositeValue, proposedFlagValue } from '../../src/core/command/flag-value.ts';
import { wireServices } from '../../src/app/war-room-services.ts';
import { flagDialogTitle } from '../../src/ui/service-extensions.tsx';
import { testConfig } from '../helpers/comms-fixtures.ts';
import { openSession, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A flag service: GET ?flag=x answers the value it holds; POST {flag, value} sets it (or fails). */
async function flagServer(initial: Record<string, string>) {
  const values = { ...initial };
  const posts: { flag: string; value: string }[] = [];
  let failPosts = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET') {
      const flag = url.searchParams.get('flag') ?? '';
      res.writeHead(flag in values ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ value: values[flag] }));
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { flag: string; value: string };
      posts.push(parsed);
      if (failPosts) return void res.writeHead(500).end();
      values[parsed.flag] = parsed.value;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/flags`;
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return { url, values, posts, fail: (on: boolean) => (failPosts = on) };
}

async function live(flagsUrl: string | null): Promise<{ fx: SessionFixture; services: ReturnType<typeof wireServices> }> {
  const fx = await openSession({ opened: { mode: { dryRun: false, readonly: false } } });
  cleanup.push(fx.cleanup);
  const config = testConfig(null);
  config.flags = { command: null, url: flagsUrl };
  const services = wireServices(fx.room, { config, env: {}, cwd: fx.dir, mode: { dryRun: false, readonly: false } });
  return { fx, services };
}

describe('flag values', () => {
  it('knows the opposite of common flag values, in the same spelling', () => {
    expect(['true', 'False', 'ON', 'enabled', '1', 'blue'].map(oppositeValue)).toEqual(['false', 'True', 'OFF', 'disabled', '0', null]);
  });

  it('proposes the runbook value, or its opposite once the flag is at it', () => {
    const flags = [{ seq: 3, at: '', actor: 'a', stepId: 's', flag: 'f', value: 'true', via: 'http' as const, ok: true, detail: null, outcomeUnknown: false }];
    expect(proposedFlagValue({ flags: [] }, 's', 'true', null)).toBe('true');
    expect(proposedFlagValue({ flags: [] }, 's', 'true', 'true')).toBe('false');
    expect(proposedFlagValue({ flags }, 's', 'true', null)).toBe('false');
    expect(proposedFlagValue({ flags }, 's', 'true', 'false')).toBe('true'); // what the tool says wins
  });
});

describe('the flag dialog', () => {
  it('shows the current value read from the endpoint and proposes the opposite; a failed toggle leaves the step open', async () => {
    const flags = await flagServer({ enable_circuit_breaker: 'true' });
    const { fx, services } = await live(flags.url);
    const dialog = await services.flags.request('mit/breaker');
    expect(dialog).toMatchObject({ current: 'true', value: 'false', via: 'http' });
    expect(flagDialogTitle(dialog)).toBe('Feature flag enable_circuit_breaker: now true → false (http)');
    const done = await services.flags.confirm(dialog.requestSeq);
    expect(done.ok).toBe(true);
    expect(flags.posts).toEqual([{ flag: 'enable_circuit_breaker', value: 'false' }]);

    flags.fail(true);
    const again = await services.flags.request('mit/breaker');
    expect(again).toMatchObject({ current: 'false', value: 'true' });
    const failed = await services.flags.confirm(again.requestSeq);
    expect(failed.ok).toBe(false);
    expect(stepStateOf(fx.session.state, 'mit/breaker')).toBe('open');
    expect(describeFlag(fx.session.state.flags.at(-1)!)).toBe('enable_circuit_breaker set to true failed: HTTP 500');
  });

  it('a manual flag step asks whether it was done and records it as done by hand; Enter then proposes the opposite', async () => {
    const { fx, services } = await live(null);
    const dialog = await services.flags.request('mit/breaker');
    expect(dialog).toMatchObject({ via: 'manual', value: 'true', current: null });
    expect(dialog.script).toContain('Did you set enable_circuit_breaker to true?');
    expect(flagDialogTitle(dialog)).toBe('Feature flag enable_circuit_breaker: (current value unknown) → true, by hand');
    const done = await services.flags.confirm(dialog.requestSeq);
    expect(done).toMatchObject({ via: 'manual', ok: true, detail: 'done by hand' });
    expect(describeFlag(fx.session.state.flags.at(-1)!)).toBe('enable_circuit_breaker set to true (done by hand)');
    const next = await services.flags.request('mit/breaker');
    expect(next.value).toBe('false');
  });
});
