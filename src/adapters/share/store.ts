// The shared store: a pg pool on `share.url`, the schema checked on connect, and the shared log's
// two operations. Appends are optimistic: "after seq N" in one transaction that locks the
// incident's row, so appends to one incident commit in seq order and a reader never sees seq 8
// before seq 7. NOTIFY in the same transaction wakes the other terminals at commit; it is only a
// wake-up, readers always catch up with `seq > last`.
import pg from 'pg';
import type { IncidentEvent } from '../../core/incident/events.ts';
import { checkRow, MAX_EVENT_BYTES } from '../../core/share/rows.ts';
import type { AppendAnswer, PushStep, SharedEntry } from '../../core/share/types.ts';
import type { ShareError} from './connection.ts';
import { clientConfig, parseShareUrl, shareError, type ShareConnectionOptions, type ShareTarget } from './connection.ts';
import { displayText, headerChange, storableEvent, storeRow, type EventRowFromDb } from './event-rows.ts';
import { checkSchema, migrate, type MigrateResult } from './schema.ts';
import { SharedRoom } from './room.ts';
import { WAKE_CHANNEL } from './wake-channel.ts';

export interface SharedIncident {
  id: string;
  title: string;
  severity: string;
  status: string;
  commander: string;
  openedAt: string;
  resolvedAt: string | null;
  lastSeq: number;
  /** Operators with a heartbeat in the last 30 s, in order of joining. */
  present: string[];
}

export interface ReadPage {
  entries: SharedEntry[];
  /** True when the page is full: read again after its last seq. */
  more: boolean;
}

type Pending = Extract<PushStep, { kind: 'publish' | 'append' }>;

export class SharedStore {
  readonly target: ShareTarget;
  readonly pool: pg.Pool;
  readonly room: SharedRoom;
  readonly #options: ShareConnectionOptions;

  private constructor(target: ShareTarget, options: ShareConnectionOptions) {
    this.target = target;
    this.#options = options;
    this.pool = new pg.Pool({ ...clientConfig(target, options), max: 4, idleTimeoutMillis: 30_000 });
    // An idle client's connection dropping (a restart, a failover) must not crash the process;
    // the next query reports it.
    this.pool.on('error', () => undefined);
    this.room = new SharedRoom(this.pool, (error, doing) => this.fail(error, doing));
  }

  /** Connects and checks the schema; one-line ShareError (password-free) on any failure. */
  static async connect(options: ShareConnectionOptions & { allowOffline?: boolean }): Promise<SharedStore> {
    const store = new SharedStore(parseShareUrl(options.url, options.caFile ?? null), options);
    try {
      await checkSchema(store.pool, store.target);
      return store;
    } catch (error) {
      const failure = store.fail(error, 'connecting');
      // A war room already holding its replica keeps working while the store is down; the
      // replicator reports `offline` and catches up when it answers.
      if (options.allowOffline === true && failure.unreachable) return store;
      await store.close();
      throw failure;
    }
  }

  /** `warroom share init`: applies migrations (without the schema check connect does). */
  static async init(options: ShareConnectionOptions): Promise<MigrateResult> {
    const store = new SharedStore(parseShareUrl(options.url, options.caFile ?? null), options);
    try {
      const client = await store.pool.connect();
      try {
        return await migrate(client, store.target);
      } finally {
        client.release();
      }
    } catch (error) {
      throw store.fail(error, 'initialising');
    } finally {
      await store.close();
    }
  }

  /** Settings for a dedicated client (the wake-up listener). */
  get clientConfig(): pg.ClientConfig {
    return clientConfig(this.target, this.#options);
  }

  fail(error: unknown, doing: string): ShareError {
    return shareError(error, this.target, doing);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  /** Publishes or appends the first pending event, as nextPush() decided. */
  async append(incidentId: string, step: Pending): Promise<AppendAnswer> {
    const stored = storableEvent(step.event);
    const body = JSON.stringify(stored);
    if (Buffer.byteLength(body) > MAX_EVENT_BYTES) return { kind: 'refused', reason: `${stored.type} is over the ${MAX_EVENT_BYTES}-byte limit` };
    const client = await this.pool.connect().catch((error: unknown) => {
      throw this.fail(error, 'appending');
    });
    try {
      await client.query('BEGIN');
      const answer = step.kind === 'publish' ? await publishIn(client, incidentId, step, stored, body) : await appendIn(client, incidentId, step, stored, body);
      await client.query(answer.kind === 'appended' ? 'COMMIT' : 'ROLLBACK');
      return answer;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const violated = (error as { code?: unknown; constraint?: unknown }).code === '23505' ? (error as { constraint?: unknown }).constraint : null;
      if (violated !== null) return this.#violation(incidentId, step, String(violated));
      throw this.fail(error, 'appending');
    } finally {
      client.release();
    }
  }

  // A concurrent transaction won a race the checks inside the lock could not see (rows written
  // without the lock): say which unique key it took.
  async #violation(incidentId: string, step: Pending, constraint: string): Promise<AppendAnswer> {
    const one = async (sql: string, values: unknown[]) => Number((await this.pool.query<{ seq: string }>(sql, values)).rows[0]?.seq ?? 0);
    if (constraint === 'warroom_events_event_id') return { kind: 'duplicate', seq: await one('SELECT seq FROM warroom_events WHERE event_id = $1', [step.pending.id]) };
    if (constraint === 'warroom_events_once' && step.kind === 'append' && step.onceKey !== null) {
      return { kind: 'once-taken', key: step.onceKey, seq: await one('SELECT seq FROM warroom_events WHERE incident_id = $1 AND once_key = $2', [incidentId, step.onceKey]) };
    }
    return { kind: 'conflict', lastSeq: await one('SELECT coalesce(max(seq), 0) AS seq FROM warroom_events WHERE incident_id = $1', [incidentId]) };
  }

  /** Up to `limit` rows after `afterSeq`, each checked (a bad row comes back rejected, named). */
  async readAfter(incidentId: string, afterSeq: number, limit = 500): Promise<ReadPage> {
    try {
      const { rows } = await this.pool.query<EventRowFromDb>(
        `SELECT seq, event_id::text AS event_id, origin, actor, type, octet_length(body::text) AS bytes,
                CASE WHEN octet_length(body::text) <= $4 THEN body::text END AS body
           FROM warroom_events WHERE incident_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [incidentId, afterSeq, limit, MAX_EVENT_BYTES],
      );
      return { entries: rows.map((row) => checkRow(incidentId, storeRow(row))), more: rows.length === limit };
    } catch (error) {
      throw this.fail(error, 'reading the shared log');
    }
  }

  /** The store's last seq for an incident (0 when it is not shared). */
  async lastSeq(incidentId: string): Promise<number> {
    try {
      const { rows } = await this.pool.query<{ last_seq: string }>('SELECT last_seq FROM warroom_incidents WHERE id = $1', [incidentId]);
      return Number(rows[0]?.last_seq ?? 0);
    } catch (error) {
      throw this.fail(error, 'reading the shared log');
    }
  }

  /** Shared incidents for the picker, newest first, with who is in each. */
  async listIncidents(options: { includeResolved?: boolean; freshMs?: number } = {}): Promise<SharedIncident[]> {
    try {
      const { rows } = await this.pool.query<Record<string, unknown>>(
        `SELECT i.id, i.title, i.severity, i.status, i.commander, i.opened_at, i.resolved_at, i.last_seq,
                coalesce(array_agg(p.operator ORDER BY p.joined_at)
                  FILTER (WHERE p.heartbeat_at > now() - make_interval(secs => $2::double precision / 1000)), '{}') AS present
           FROM warroom_incidents i LEFT JOIN warroom_presence p ON p.incident_id = i.id
          WHERE $1 OR i.status <> 'resolved'
          GROUP BY i.id ORDER BY i.opened_at DESC LIMIT 200`,
        [options.includeResolved === true, options.freshMs ?? 30_000],
      );
      return rows.map((r) => ({
        id: displayText(r.id),
        title: displayText(r.title),
        severity: displayText(r.severity, 20),
        status: displayText(r.status, 20),
        commander: displayText(r.commander, 80),
        openedAt: (r.opened_at as Date).toISOString(),
        resolvedAt: r.resolved_at instanceof Date ? r.resolved_at.toISOString() : null,
        lastSeq: Number(r.last_seq),
        present: (r.present as unknown[]).map((name) => displayText(name, 80)),
      }));
    } catch (error) {
      throw this.fail(error, 'listing shared incidents');
    }
  }
}

type Client = pg.PoolClient;

async function seqOfEventId(client: Client, id: string): Promise<{ incident: string; seq: number } | null> {
  const { rows } = await client.query<{ incident_id: string; seq: string }>('SELECT incident_id, seq FROM warroom_events WHERE event_id = $1', [id]);
  const row = rows[0];
  return row ? { incident: row.incident_id, seq: Number(row.seq) } : null;
}

async function insertEvent(client: Client, incidentId: string, step: Pending, stored: IncidentEvent, body: string, onceKey: string | null): Promise<AppendAnswer> {
  const { rows } = await client.query<{ body: string }>(
    `INSERT INTO warroom_events (incident_id, seq, event_id, origin, actor, type, at, body, once_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING body::text AS body`,
    [incidentId, stored.seq, step.pending.id, step.pending.origin, stored.actor, stored.type, stored.at, body, onceKey],
  );
  await client.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, JSON.stringify({ i: incidentId, s: stored.seq })]);
  return { kind: 'appended', seq: stored.seq, event: JSON.parse(rows[0]?.body ?? body) as IncidentEvent };
}

async function publishIn(client: Client, incidentId: string, step: Pending, stored: IncidentEvent, body: string): Promise<AppendAnswer> {
  if (stored.type !== 'incident.opened' || stored.seq !== 1) return { kind: 'refused', reason: 'only the incident.opened event at seq 1 publishes an incident' };
  const created = await client.query(
    `INSERT INTO warroom_incidents (id, title, severity, status, commander, opened_at, last_seq)
     VALUES ($1, $2, $3, 'investigating', $4, $5, 1) ON CONFLICT (id) DO NOTHING`,
    [incidentId, stored.title, stored.severity, stored.commander, stored.at],
  );
  if (created.rowCount === 0) {
    const existing = await seqOfEventId(client, step.pending.id);
    if (existing !== null && existing.incident === incidentId) return { kind: 'duplicate', seq: existing.seq };
    return { kind: 'refused', reason: `an incident with id ${incidentId} is already shared (opened elsewhere)` };
  }
  return insertEvent(client, incidentId, step, stored, body, 'incident.opened');
}

async function appendIn(client: Client, incidentId: string, step: Extract<Pending, { kind: 'append' }>, stored: IncidentEvent, body: string): Promise<AppendAnswer> {
  const locked = await client.query<{ last_seq: string }>('SELECT last_seq FROM warroom_incidents WHERE id = $1 FOR UPDATE', [incidentId]);
  const lastRow = locked.rows[0];
  if (lastRow === undefined) return { kind: 'refused', reason: `incident ${incidentId} is not shared` };
  const last = Number(lastRow.last_seq);
  if (step.expectedId !== null && step.expectedSeq >= 1 && step.expectedSeq <= last) {
    const at = await client.query<{ event_id: string }>('SELECT event_id::text AS event_id FROM warroom_events WHERE incident_id = $1 AND seq = $2', [incidentId, step.expectedSeq]);
    if (at.rows[0]?.event_id !== step.expectedId) return { kind: 'forked', seq: step.expectedSeq };
  }
  const existing = await seqOfEventId(client, step.pending.id);
  if (existing !== null) {
    return existing.incident === incidentId ? { kind: 'duplicate', seq: existing.seq } : { kind: 'refused', reason: 'event id already used by another incident' };
  }
  if (step.onceKey !== null) {
    const taken = await client.query<{ seq: string }>('SELECT seq FROM warroom_events WHERE incident_id = $1 AND once_key = $2', [incidentId, step.onceKey]);
    const holder = taken.rows[0];
    if (holder) return { kind: 'once-taken', key: step.onceKey, seq: Number(holder.seq) };
  }
  if (last !== step.expectedSeq) return { kind: 'conflict', lastSeq: last };
  const answer = await insertEvent(client, incidentId, step, stored, body, step.onceKey);
  const header = headerChange(stored);
  await client.query(
    `UPDATE warroom_incidents SET last_seq = $2, updated_at = now(),
            status = coalesce($3, status), severity = coalesce($4, severity), commander = coalesce($5, commander),
            resolved_at = CASE WHEN $6 THEN $7::timestamptz ELSE resolved_at END
      WHERE id = $1`,
    [incidentId, stored.seq, header.status, header.severity, header.commander, header.resolvedAt !== undefined, header.resolvedAt ?? null],
  );
  return answer;
}
