// Schema version 1 of the shared store. Shipped as a string because the CLI is one bundled file
// (package `files` has no SQL folder). Applied by `warroom share init` under an advisory lock;
// docs/sharing.md explains each table. Never edit a released migration: add the next one.
export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
-- What the picker lists: one row per shared incident, kept current by each append.
CREATE TABLE warroom_incidents (
  id          text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  title       text NOT NULL,
  severity    text NOT NULL,
  status      text NOT NULL,
  commander   text NOT NULL,
  opened_at   timestamptz NOT NULL,
  resolved_at timestamptz,
  -- The last seq appended; its row lock serialises appends to one incident.
  last_seq    bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warroom_incidents_open ON warroom_incidents (opened_at DESC) WHERE status <> 'resolved';

-- The shared journal. (incident_id, seq) is the incident's order; event_id makes a retried
-- append recognisable; once_key makes "first append wins" a unique index.
CREATE TABLE warroom_events (
  incident_id text NOT NULL REFERENCES warroom_incidents (id) ON DELETE CASCADE,
  seq         bigint NOT NULL CHECK (seq > 0),
  event_id    uuid NOT NULL,
  origin      text NOT NULL CHECK (length(origin) BETWEEN 1 AND 200),
  actor       text NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  body        jsonb NOT NULL,
  once_key    text,
  appended_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT warroom_events_seq PRIMARY KEY (incident_id, seq),
  CONSTRAINT warroom_events_event_id UNIQUE (event_id)
);
CREATE UNIQUE INDEX warroom_events_once ON warroom_events (incident_id, once_key) WHERE once_key IS NOT NULL;

-- Who is in the room: one row per terminal, heartbeat by the server's clock.
CREATE TABLE warroom_presence (
  incident_id  text NOT NULL REFERENCES warroom_incidents (id) ON DELETE CASCADE,
  terminal_id  text NOT NULL CHECK (length(terminal_id) BETWEEN 1 AND 200),
  operator     text NOT NULL,
  role         text,
  joined_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, terminal_id)
);

-- Leases: one terminal delivers a message or runs a command. done_at keeps a finished claim
-- (a delivered message) from being won again.
CREATE TABLE warroom_claims (
  incident_id text NOT NULL REFERENCES warroom_incidents (id) ON DELETE CASCADE,
  claim_key   text NOT NULL CHECK (length(claim_key) BETWEEN 1 AND 300),
  kind        text NOT NULL CHECK (kind IN ('message', 'command')),
  terminal_id text NOT NULL,
  operator    text NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  done_at     timestamptz,
  PRIMARY KEY (incident_id, claim_key)
);

-- Command output, bounded per command: chunks in order, and a marker chunk where it was cut.
CREATE TABLE warroom_command_logs (
  incident_id  text NOT NULL REFERENCES warroom_incidents (id) ON DELETE CASCADE,
  run_key      text NOT NULL CHECK (length(run_key) BETWEEN 1 AND 200),
  stored_bytes bigint NOT NULL DEFAULT 0,
  cut_bytes    bigint NOT NULL DEFAULT 0,
  chunks       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (incident_id, run_key)
);
CREATE TABLE warroom_command_log_chunks (
  incident_id text NOT NULL,
  run_key     text NOT NULL,
  chunk_no    integer NOT NULL CHECK (chunk_no > 0),
  data        bytea NOT NULL,
  marker      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (incident_id, run_key, chunk_no),
  FOREIGN KEY (incident_id, run_key) REFERENCES warroom_command_logs (incident_id, run_key) ON DELETE CASCADE
);
`,
};
