/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many have run. Append only:
 * a released migration is never edited, a change is a new entry.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the event log, executions, per-source resume cursors.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  -- A rowid table (not WITHOUT ROWID): envelopes can be kilobytes, which WITHOUT ROWID stores badly.
  CREATE TABLE events (
    execution_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    type TEXT NOT NULL,
    time INTEGER NOT NULL,
    node_id TEXT,
    source TEXT NOT NULL,
    envelope TEXT NOT NULL
  );
  CREATE UNIQUE INDEX events_by_execution ON events (execution_id, sequence);
  CREATE TABLE executions (
    execution_id TEXT PRIMARY KEY,
    workflow_id TEXT,
    workflow_version TEXT,
    status TEXT NOT NULL,
    started_at INTEGER,
    ended_at INTEGER,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    node_count INTEGER NOT NULL DEFAULT 0,
    event_count INTEGER NOT NULL DEFAULT 0,
    last_event_at INTEGER,
    error TEXT,
    source TEXT,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX executions_by_status ON executions (status);
  CREATE INDEX executions_by_start ON executions (started_at);
  CREATE INDEX executions_by_end ON executions (ended_at);
  CREATE TABLE execution_nodes (
    execution_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    PRIMARY KEY (execution_id, node_id)
  ) WITHOUT ROWID;
  CREATE TABLE cursors (source_key TEXT PRIMARY KEY, cursor TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
  `,
  // 2: what the monitor writing the store knows of each source, stamped every few seconds while it runs, so
  // inspect can tell an execution still being followed from one whose monitor or source is gone (stale).
  `
  CREATE TABLE sources (
    source_key TEXT PRIMARY KEY,
    connected INTEGER NOT NULL,
    state TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

/** The schema version this build writes. A database with a higher version is refused, not guessed at. */
export const SCHEMA_VERSION = MIGRATIONS.length;
