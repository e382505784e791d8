// With nothing configured, messages are written to `<incident>/outbox.jsonl` (one JSON line
// each, fsynced) instead of being sent: nothing is lost and nothing pretends to be sent. A line
// already in the file for a delivery id is not written again, so a crash between the write and
// the journal's delivered record never duplicates a message here.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DeliveryRecord } from '../core/incident/state.ts';
import type { SendOutcome } from './http-delivery.ts';

export const OUTBOX_FILE = 'outbox.jsonl';

export class OutboxFile {
  readonly file: string;
  #written: Set<string> | null = null;

  constructor(incidentDir: string) {
    this.file = path.join(incidentDir, OUTBOX_FILE);
  }

  async #load(): Promise<Set<string>> {
    if (this.#written) return this.#written;
    const ids = new Set<string>();
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed = JSON.parse(line) as { deliveryId?: unknown };
        if (typeof parsed.deliveryId === 'string') ids.add(parsed.deliveryId);
      } catch {
        // a torn last line from a crash: its delivery is written again below
      }
    }
    this.#written = ids;
    return ids;
  }

  /** `drill`: the incident is a drill; the line is marked and names where it would have gone. */
  async write(record: DeliveryRecord, at: Date, drill: { destination: string; summary: string; payload: unknown } | null = null): Promise<SendOutcome> {
    try {
      const written = await this.#load();
      if (!written.has(record.deliveryId)) {
        const line = `${JSON.stringify({
          deliveryId: record.deliveryId,
          at: at.toISOString(),
          kind: record.kind,
          ...(drill ? { drill: true, destination: drill.destination, summary: drill.summary } : {}),
          payload: drill ? drill.payload : record.payload,
        })}\n`;
        const handle = await fs.open(this.file, 'a', 0o600);
        try {
          await handle.write(line);
          await handle.sync();
        } finally {
          await handle.close();
        }
        written.add(record.deliveryId);
      }
      return { ok: true, response: { file: OUTBOX_FILE } };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'write failed';
      return { ok: false, error: `${OUTBOX_FILE}: ${code}`, retryable: true, retryAfterMs: null };
    }
  }
}
