// The local replica file: acknowledged appends survive kill -9, a torn last line is cut off, a
// damaged line in the middle is reported with its line, and replaying the file gives the same
// replica as the live one.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplicaFile } from '../../src/adapters/share/replica-file.ts';
import { viewEvents } from '../../src/core/share/replica.ts';
import { currentSeqOf, resolveRef } from '../../src/core/share/refs.ts';
import { at, openedEvent } from '../core/incident/fixtures.ts';
import { until } from './share-fixtures.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function tempFile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-replica-'));
  dirs.push(dir);
  return path.join(dir, 'replica.jsonl');
}

describe('the replica file', () => {
  it('keeps every acknowledged append through kill -9', async () => {
    const file = await tempFile();
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'share-replica-child.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await until(() => (out.match(/^acked \d+$/gm)?.length ?? 0) >= 40 || child.exitCode !== null, 'forty acknowledged appends');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    const acked = Math.max(...(out.match(/^acked (\d+)$/gm) ?? []).map((l) => Number(l.split(' ')[1])));
    expect(acked).toBeGreaterThanOrEqual(40);
    const reopened = await ReplicaFile.open(file, { incidentId: 'inc-crash', terminal: 'child' });
    try {
      const texts = reopened.replica.pending.map((p) => (p.event.type === 'note.added' ? p.event.text : ''));
      expect(texts.slice(0, acked)).toEqual(Array.from({ length: acked }, (_, i) => `note ${i + 1}`));
      // The reopened file takes appends again after whatever the kill left.
      await reopened.append({ type: 'note.added', actor: 'alice', text: 'after the crash' });
    } finally {
      await reopened.close();
    }
    expect((await ReplicaFile.read(file)).replica.pending.at(-1)?.event).toMatchObject({ text: 'after the crash' });
  });

  it('cuts a torn last line, and reports a damaged line before the end with its number', async () => {
    const file = await tempFile();
    const replica = await ReplicaFile.open(file, { incidentId: 'inc-1', terminal: 't1' });
    await replica.append({ type: 'note.added', actor: 'alice', text: 'one' });
    await replica.append({ type: 'note.added', actor: 'alice', text: 'two' });
    const live = viewEvents(replica.replica);
    await replica.close();
    await fs.appendFile(file, '{"r":"pending","id":"x","issu');
    const reopened = await ReplicaFile.open(file, { incidentId: 'inc-1', terminal: 't1' });
    expect(viewEvents(reopened.replica)).toEqual(live);
    await reopened.close();
    expect((await fs.readFile(file, 'utf8')).endsWith('\n')).toBe(true);

    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    lines[1] = '{"r":"pending","broken":true}';
    await fs.writeFile(file, lines.join('\n'));
    await expect(ReplicaFile.open(file, { incidentId: 'inc-1', terminal: 't1' })).rejects.toThrow(`${file}:2: damaged replica record (bad pending record)`);
    await expect(ReplicaFile.open(file, { incidentId: 'inc-2', terminal: 't1' })).rejects.toThrow();
  });

  it('refuses to open another incident\u2019s replica', async () => {
    const file = await tempFile();
    await (await ReplicaFile.open(file, { incidentId: 'inc-1', terminal: 't1' })).close();
    await expect(ReplicaFile.open(file, { incidentId: 'inc-2', terminal: 't1' })).rejects.toThrow(`${file}: replica of incident inc-1, not inc-2`);
  });

  it('still finds a request by the seq its append returned after another terminal\'s event took that place', async () => {
    const file = await tempFile();
    const replica = await ReplicaFile.open(file, { incidentId: 'inc-moved', terminal: 't-alice' });
    try {
      await replica.record([{ r: 'shared', seq: 1, id: 'opened', origin: 't-alice', event: { ...openedEvent(), seq: 1, at: at(0) } }]);
      const request = await replica.appendWithId({ type: 'command.requested', actor: 'alice', stepId: 's1', commandId: 's1/c0', template: 'kubectl get pods', risk: 'read' });
      expect(request.event.seq).toBe(2);
      // Bob's note is shared first: alice's request moves from 2 to 3 in her view.
      await replica.record([{ r: 'shared', seq: 2, id: 'bobs-note', origin: 't-bob', event: { type: 'note.added', actor: 'bob', text: 'db is fine', seq: 2, at: at(1) } }]);
      const id = resolveRef(replica.replica, 'requestSeq', 2);
      expect(id).toBe(request.id);
      expect(currentSeqOf(replica.replica, id!)).toBe(3);
    } finally {
      await replica.close();
    }
  });
});
