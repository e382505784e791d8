// Schema versions of the shared store. `warroom share init` applies the missing migrations in
// order inside one transaction holding an advisory lock, so two terminals initialising at once
// apply each migration once (the second waits, then finds nothing to do). Every connection checks
// the recorded version first and refuses, in one line, a store this warroom cannot speak to.
import type pg from 'pg';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.ts';
import { ShareError, type ShareTarget } from './connection.ts';

/** pg_advisory_xact_lock key for schema changes: "warr" in ASCII. */
const SCHEMA_LOCK = 0x77617272;

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS warroom_schema_version (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export interface MigrateResult {
  /** Version before (0: not initialised). */
  from: number;
  to: number;
  applied: string[];
}

type Queryable = Pick<pg.PoolClient, 'query'>;

function newerError(target: ShareTarget, version: number): ShareError {
  return new ShareError(
    `the shared store ${target.masked} has schema version ${version}, newer than this warroom understands (${SCHEMA_VERSION}); upgrade warroom`,
  );
}

/** Applies missing migrations under the schema lock; safe to run concurrently and repeatedly. */
export async function migrate(client: Queryable, target: ShareTarget): Promise<MigrateResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(VERSION_TABLE);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM warroom_schema_version ORDER BY version');
    const have = new Set(rows.map((r) => r.version));
    const from = Math.max(0, ...have);
    if (from > SCHEMA_VERSION) throw newerError(target, from);
    const applied: string[] = [];
    for (const migration of MIGRATIONS) {
      if (have.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO warroom_schema_version (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(`${String(migration.version).padStart(3, '0')}-${migration.name}`);
    }
    await client.query('COMMIT');
    return { from, to: SCHEMA_VERSION, applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Throws a one-line ShareError unless the store has exactly this warroom's schema. */
export async function checkSchema(client: Queryable, target: ShareTarget): Promise<void> {
  let version: number;
  try {
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM warroom_schema_version');
    version = rows[0]?.version ?? 0;
  } catch (error) {
    if ((error as { code?: unknown }).code !== '42P01') throw error; // undefined_table
    version = 0;
  }
  if (version === SCHEMA_VERSION) return;
  if (version === 0) throw new ShareError(`the shared store ${target.masked} is not initialised: run \`warroom share init\``);
  if (version > SCHEMA_VERSION) throw newerError(target, version);
  throw new ShareError(`the shared store ${target.masked} has schema version ${version}, older than this warroom's (${SCHEMA_VERSION}): run \`warroom share init\` to upgrade it`);
}
