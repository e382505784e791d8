// Leaving the war room right after resolving: the resolution and the headline edit are due now
// but held a second apart by the pacing; drain() lets them go out before the outbox stops. It
// does not wait out an outage: those messages stay pending for `warroom resume`.
import { afterEach, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommsService } from '../../src/app/comms.ts';
import type { WarroomConfig } from '../../src/adapters/config.ts';
import { EventLog, seedOpened, testConfig } from '../helpers/comms-fixtures.ts';
import { reservePort, startFakeServices, waitFor } from '../helpers/fake-services.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-outbox-drain-'));
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

function comms(log: EventLog, config: WarroomConfig, incidentDir: string): CommsService {
  // Default pacing (1 s per Slack message): the gap drain() must wait through.
  const service = new CommsService({ store: log.store, config, incidentDir, actor: 'alice' });
  cleanup.push(() => service.stop());
  return service;
}

it('resolve then leave: drain delivers the resolution and the headline edit before the outbox stops', async () => {
  const slack = await startFakeServices();
  cleanup.push(() => slack.close());
  const log = new EventLog();
  log.add(seedOpened());
  const service = comms(log, testConfig(slack.url), await tempDir());
  service.start();
  await service.catchUp();
  await waitFor(() => log.state().deliveries[0]?.phase === 'delivered', 'the alert');
  log.add({ type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: 'rolled back' });
  await service.catchUp();

  await service.drain(10_000);
  await service.stop();
  expect(log.state().deliveries.map((d) => [d.kind, d.phase])).toEqual([
    ['alert', 'delivered'],
    ['resolution', 'delivered'],
    ['headline', 'delivered'],
  ]);
  expect(slack.accepted().map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.postMessage', '/api/chat.update']);
});

it('does not wait out an outage: a message in backoff stays pending and drain returns', async () => {
  const port = await reservePort();
  const log = new EventLog();
  log.add(seedOpened());
  const service = comms(log, testConfig(`http://127.0.0.1:${port}`), await tempDir());
  service.start();
  await service.catchUp();
  await waitFor(() => log.events.some((e) => e.type === 'delivery.failed'), 'a refused attempt');

  const started = performance.now();
  await service.drain(20_000);
  expect(performance.now() - started).toBeLessThan(10_000);
  await service.stop();
  expect(log.state().deliveries[0]?.phase).toBe('pending');
});
