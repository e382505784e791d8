// Command output in the shared store, so every terminal can show what ran and how it went. Bounded
// per command run: past the limit the rest is counted, not stored, and a marker chunk says where
// it was cut. Chunks are numbered so a terminal following a live run reads only what is new.
import type pg from 'pg';
import { WAKE_CHANNEL } from './wake-channel.ts';

/** Per command run, bytes of output kept in the store. */
export const DEFAULT_LOG_LIMIT = 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

export interface CommandLogAppend {
  storedBytes: number;
  cutBytes: number;
  /** The last chunk number written (0 when nothing was). */
  lastChunk: number;
}

export interface CommandLogChunk {
  n: number;
  data: Buffer;
  /** The "cut here" marker, not output. */
  marker: boolean;
}

export interface CommandLogRead {
  chunks: CommandLogChunk[];
  storedBytes: number;
  cutBytes: number;
  /** The chunks' bytes as text (a character split by the cut is replaced, not garbled). */
  text: string;
}

export function cutMarker(limitBytes: number): string {
  return `\n[warroom: output cut here: only the first ${limitBytes} bytes of this command's output are shared]\n`;
}

/** The longest prefix of `data` within `room` bytes that does not split a UTF-8 character. */
function fitting(data: Buffer, room: number): number {
  if (data.length <= room) return data.length;
  let end = Math.max(0, room);
  for (let back = 0; back < 3 && end > 0 && ((data[end] ?? 0) & 0xc0) === 0x80; back++) end--;
  return end;
}

type Pool = Pick<pg.Pool, 'connect' | 'query'>;

export async function appendCommandLog(pool: Pool, incidentId: string, runKey: string, data: Buffer | string, limitBytes = DEFAULT_LOG_LIMIT): Promise<CommandLogAppend> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO warroom_command_logs (incident_id, run_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [incidentId, runKey]);
    const { rows } = await client.query<{ stored_bytes: string; cut_bytes: string; chunks: number }>(
      'SELECT stored_bytes, cut_bytes, chunks FROM warroom_command_logs WHERE incident_id = $1 AND run_key = $2 FOR UPDATE',
      [incidentId, runKey],
    );
    let stored = Number(rows[0]?.stored_bytes ?? 0);
    let cut = Number(rows[0]?.cut_bytes ?? 0);
    let chunk = rows[0]?.chunks ?? 0;
    const keep = fitting(bytes, limitBytes - stored);
    const insert = (part: Buffer, marker: boolean) =>
      client.query('INSERT INTO warroom_command_log_chunks (incident_id, run_key, chunk_no, data, marker) VALUES ($1, $2, $3, $4, $5)', [incidentId, runKey, ++chunk, part, marker]);
    for (let offset = 0; offset < keep; offset += CHUNK_BYTES) {
      await insert(bytes.subarray(offset, Math.min(keep, offset + CHUNK_BYTES)), false);
    }
    stored += keep;
    const rest = bytes.length - keep;
    if (rest > 0) {
      if (cut === 0) await insert(Buffer.from(cutMarker(limitBytes)), true);
      cut += rest;
    }
    await client.query('UPDATE warroom_command_logs SET stored_bytes = $3, cut_bytes = $4, chunks = $5 WHERE incident_id = $1 AND run_key = $2', [incidentId, runKey, stored, cut, chunk]);
    if (keep > 0) await client.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, JSON.stringify({ i: incidentId, log: runKey, n: chunk })]);
    await client.query('COMMIT');
    return { storedBytes: stored, cutBytes: cut, lastChunk: chunk };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function readCommandLog(pool: Pool, incidentId: string, runKey: string, afterChunk = 0): Promise<CommandLogRead> {
  const [chunks, totals] = await Promise.all([
    pool.query<{ chunk_no: number; data: Buffer; marker: boolean }>(
      'SELECT chunk_no, data, marker FROM warroom_command_log_chunks WHERE incident_id = $1 AND run_key = $2 AND chunk_no > $3 ORDER BY chunk_no',
      [incidentId, runKey, afterChunk],
    ),
    pool.query<{ stored_bytes: string; cut_bytes: string }>('SELECT stored_bytes, cut_bytes FROM warroom_command_logs WHERE incident_id = $1 AND run_key = $2', [incidentId, runKey]),
  ]);
  const list = chunks.rows.map((r) => ({ n: r.chunk_no, data: r.data, marker: r.marker }));
  return {
    chunks: list,
    storedBytes: Number(totals.rows[0]?.stored_bytes ?? 0),
    cutBytes: Number(totals.rows[0]?.cut_bytes ?? 0),
    text: new TextDecoder().decode(Buffer.concat(list.map((c) => c.data))),
  };
}
