// Who is in the shared room and who holds what: presence heartbeats, and leases ("claims") on an
// outgoing message or a command run, so one terminal delivers or runs it. Times are the
// server's (now()), so terminals with skewed clocks still agree on who holds a lease.
import type pg from 'pg';
import type { ShareError } from './connection.ts';
import { displayText } from './event-rows.ts';
import { appendCommandLog, readCommandLog, type CommandLogAppend, type CommandLogRead } from './command-log.ts';

export interface PresenceEntry {
  terminal: string;
  operator: string;
  role: string | null;
  joinedAt: string;
  lastSeen: string;
}

export type ClaimKind = 'message' | 'command';

export interface Holder {
  terminal: string;
  operator: string;
}

export type ClaimAnswer =
  | { kind: 'won'; until: string }
  /** `held by <terminal, operator> until <time>`: someone else has it and the lease is live. */
  | { kind: 'held'; by: Holder; since: string; until: string; message: string }
  /** Finished for good (a delivered message): never to be done again. */
  | { kind: 'done'; by: Holder; at: string; message: string };

type Fail = (error: unknown, doing: string) => ShareError;

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

export class SharedRoom {
  readonly #pool: pg.Pool;
  readonly #fail: Fail;

  constructor(pool: pg.Pool, fail: Fail) {
    this.#pool = pool;
    this.#fail = fail;
  }

  async #query<R extends pg.QueryResultRow>(doing: string, sql: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.#pool.query<R>(sql, values)).rows;
    } catch (error) {
      throw this.#fail(error, doing);
    }
  }

  /** "I am here" (and my role); call every few seconds. */
  async heartbeat(incidentId: string, me: { terminal: string; operator: string; role?: string | null }): Promise<void> {
    await this.#query(
      'sending a heartbeat',
      `INSERT INTO warroom_presence (incident_id, terminal_id, operator, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (incident_id, terminal_id) DO UPDATE SET operator = EXCLUDED.operator, role = EXCLUDED.role, heartbeat_at = now()`,
      [incidentId, me.terminal, me.operator, me.role ?? null],
    );
  }

  async leave(incidentId: string, terminal: string): Promise<void> {
    await this.#query('leaving the room', 'DELETE FROM warroom_presence WHERE incident_id = $1 AND terminal_id = $2', [incidentId, terminal]);
  }

  /** Terminals with a heartbeat in the last `freshMs` (default 30 s), in order of joining. */
  async presence(incidentId: string, freshMs = 30_000): Promise<PresenceEntry[]> {
    const rows = await this.#query<Record<string, unknown>>(
      'reading presence',
      `SELECT terminal_id, operator, role, joined_at, heartbeat_at FROM warroom_presence
        WHERE incident_id = $1 AND heartbeat_at > now() - make_interval(secs => $2::double precision / 1000)
        ORDER BY joined_at, terminal_id`,
      [incidentId, freshMs],
    );
    return rows.map((r) => ({
      terminal: displayText(r.terminal_id, 80),
      operator: displayText(r.operator, 80),
      role: r.role === null ? null : displayText(r.role, 40),
      joinedAt: iso(r.joined_at),
      lastSeen: iso(r.heartbeat_at),
    }));
  }

  /**
   * Takes the lease on `key` for `leaseMs` unless another terminal holds a live one; an expired
   * lease is taken over. Claiming again what this terminal holds renews it.
   */
  async claim(incidentId: string, key: string, me: { kind: ClaimKind; terminal: string; operator: string; leaseMs: number }): Promise<ClaimAnswer> {
    // Twice at most: the holder may release between the two statements.
    for (let attempt = 0; ; attempt++) {
      const won = await this.#query<{ expires_at: Date }>(
        'claiming',
        `INSERT INTO warroom_claims AS c (incident_id, claim_key, kind, terminal_id, operator, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::double precision / 1000))
         ON CONFLICT (incident_id, claim_key) DO UPDATE
            SET terminal_id = EXCLUDED.terminal_id, operator = EXCLUDED.operator, expires_at = EXCLUDED.expires_at,
                claimed_at = CASE WHEN c.terminal_id = EXCLUDED.terminal_id THEN c.claimed_at ELSE now() END
          WHERE c.done_at IS NULL AND (c.expires_at <= now() OR c.terminal_id = EXCLUDED.terminal_id)
         RETURNING expires_at`,
        [incidentId, key, me.kind, me.terminal, me.operator, me.leaseMs],
      );
      if (won[0]) return { kind: 'won', until: iso(won[0].expires_at) };
      const holder = await this.#holder(incidentId, key);
      if (holder !== null || attempt >= 1) return holder ?? this.#justReleased(key);
    }
  }

  /** Extends this terminal's lease; `held` when it expired and another terminal took it. */
  async renew(incidentId: string, key: string, me: { terminal: string; leaseMs: number }): Promise<ClaimAnswer> {
    const renewed = await this.#query<{ expires_at: Date }>(
      'renewing a claim',
      `UPDATE warroom_claims SET expires_at = now() + make_interval(secs => $4::double precision / 1000)
        WHERE incident_id = $1 AND claim_key = $2 AND terminal_id = $3 AND done_at IS NULL
       RETURNING expires_at`,
      [incidentId, key, me.terminal, me.leaseMs],
    );
    if (renewed[0]) return { kind: 'won', until: iso(renewed[0].expires_at) };
    return (await this.#holder(incidentId, key)) ?? this.#justReleased(key);
  }

  #justReleased(key: string): ClaimAnswer {
    return { kind: 'held', by: { terminal: '', operator: '' }, since: '', until: '', message: `${key} is not held by this terminal` };
  }

  /**
   * Gives the lease up. `done: true` marks the work finished for good (a delivered message):
   * later claims answer `done`. Without it the key is free again (a command may be re-run).
   */
  async release(incidentId: string, key: string, me: { terminal: string; done?: boolean }): Promise<boolean> {
    const sql = me.done
      ? `UPDATE warroom_claims SET done_at = now(), expires_at = now() WHERE incident_id = $1 AND claim_key = $2 AND terminal_id = $3 AND done_at IS NULL RETURNING 1`
      : `DELETE FROM warroom_claims WHERE incident_id = $1 AND claim_key = $2 AND terminal_id = $3 AND done_at IS NULL RETURNING 1`;
    return (await this.#query('releasing a claim', sql, [incidentId, key, me.terminal])).length > 0;
  }

  async #holder(incidentId: string, key: string): Promise<ClaimAnswer | null> {
    const rows = await this.#query<Record<string, unknown>>(
      'reading a claim',
      'SELECT terminal_id, operator, claimed_at, expires_at, done_at FROM warroom_claims WHERE incident_id = $1 AND claim_key = $2',
      [incidentId, key],
    );
    const row = rows[0];
    if (!row) return null;
    const by = { terminal: displayText(row.terminal_id, 80), operator: displayText(row.operator, 80) };
    if (row.done_at !== null) return { kind: 'done', by, at: iso(row.done_at), message: `${key} was done by ${by.terminal}, ${by.operator} at ${iso(row.done_at)}` };
    const until = iso(row.expires_at);
    return { kind: 'held', by, since: iso(row.claimed_at), until, message: `held by ${by.terminal}, ${by.operator} until ${until}` };
  }

  /** Stores output of a command run (bounded per run; see command-log.ts). */
  appendLog(incidentId: string, runKey: string, data: Buffer | string, limitBytes?: number): Promise<CommandLogAppend> {
    return appendCommandLog(this.#pool, incidentId, runKey, data, limitBytes).catch((error: unknown) => {
      throw this.#fail(error, 'storing command output');
    });
  }

  readLog(incidentId: string, runKey: string, afterChunk = 0): Promise<CommandLogRead> {
    return readCommandLog(this.#pool, incidentId, runKey, afterChunk).catch((error: unknown) => {
      throw this.#fail(error, 'reading command output');
    });
  }
}
