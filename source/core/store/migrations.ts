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
  // 2: which execution started which (child_workflow_* events), so an execution's tokens and cost can
  // include its child workflows'. A link is kept whichever of parent and child arrived first; the
  // list sums each subtree when read (store-queries.ts). Backfilled from the events already stored,
  // normalising child_execution_id as normaliseExecutionId does (exec_ + 32 hex, or a hyphenated UUID).
  `
  CREATE TABLE execution_links (
    parent_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    node_id TEXT,
    PRIMARY KEY (parent_id, child_id)
  ) WITHOUT ROWID;
  CREATE INDEX execution_links_by_child ON execution_links (child_id);
  INSERT OR IGNORE INTO execution_links (parent_id, child_id, node_id)
  SELECT execution_id, 'exec_' || h, node_id FROM (
    SELECT execution_id, node_id, lower(CASE
        WHEN length(s) = 32 THEN s
        WHEN length(s) = 36 AND substr(s, 9, 1) = '-' AND substr(s, 14, 1) = '-' AND substr(s, 19, 1) = '-' AND substr(s, 24, 1) = '-'
          THEN replace(s, '-', '')
      END) AS h
    FROM (
      SELECT execution_id, node_id,
        CASE WHEN length(c) IN (37, 41) AND lower(substr(c, 1, 5)) = 'exec_' THEN substr(c, 6) ELSE c END AS s
      FROM (
        SELECT execution_id, node_id, json_extract(envelope, '$.kind.child_execution_id') AS c FROM events
        WHERE type IN ('child_workflow_started', 'child_workflow_completed', 'child_workflow_failed')
      )
      WHERE typeof(c) = 'text'
    )
  )
  WHERE length(h) = 32 AND h NOT GLOB '*[^0-9a-f]*' AND 'exec_' || h <> execution_id;
  `,
  // 3: what the monitor writing the store knows of each source, stamped every few seconds while it runs, so
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
  // 4: nodes held for a human right now, so the stored status follows the model's rule (model/lifecycle.ts):
  // paused while any node is held, running when none is. Before it, any approval event set paused or
  // running, so two parallel approvals read "running" after the first was decided. Backfilled from the
  // events already stored: a node of an unfinished execution whose latest hold or release event is a hold
  // (the type lists are holdChange's, written out: a migration never changes), and those statuses redone.
  `
  CREATE TABLE held_nodes (
    execution_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    PRIMARY KEY (execution_id, node_id)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO held_nodes (execution_id, node_id)
  SELECT e.execution_id, e.node_id FROM events e JOIN executions x ON x.execution_id = e.execution_id
  WHERE x.status IN ('running', 'paused') AND e.node_id IS NOT NULL AND e.type IN ('tool_approval_required', 'interrupt_raised')
    AND NOT EXISTS (SELECT 1 FROM events l WHERE l.execution_id = e.execution_id AND l.sequence > e.sequence AND l.node_id = e.node_id
      AND l.type IN ('approval_received', 'node_scheduled', 'node_started', 'node_completed', 'node_failed', 'node_parked',
        'retry_scheduled', 'node_skipped', 'node_cancelled'));
  UPDATE executions SET status = CASE WHEN EXISTS (SELECT 1 FROM held_nodes h WHERE h.execution_id = executions.execution_id)
    THEN 'paused' ELSE 'running' END
  WHERE status IN ('running', 'paused');
  `,
  // 5: events and execution_nodes keyed by a number per execution instead of its 37-character id. The unique index
  // on (execution_id, sequence) put every batch's rows on as many random index pages as the batch had executions, and
  // each such page went to the WAL and then the file: two thirds of what the writer wrote. Numbers are handed out in
  // order, so the executions being written now sit on the last few pages of (execution_no, sequence). `events` stays readable as
  // before, as a view (rowid included) over `event_log`. The executions table is rebuilt around the number (an
  // INTEGER PRIMARY KEY: VACUUM keeps it, unlike a bare rowid). An event whose execution has no row (the writer never
  // leaves one) gets one rather than being dropped.
  `
  INSERT OR IGNORE INTO executions (execution_id, status, source, updated_at)
  SELECT execution_id, 'running', MIN(source), 0 FROM events WHERE execution_id NOT IN (SELECT execution_id FROM executions) GROUP BY execution_id;
  ALTER TABLE executions RENAME TO executions_v4;
  CREATE TABLE executions (
    execution_no INTEGER PRIMARY KEY,
    execution_id TEXT NOT NULL UNIQUE,
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
  INSERT INTO executions (execution_id, workflow_id, workflow_version, status, started_at, ended_at, input_tokens, output_tokens,
    cost_usd, node_count, event_count, last_event_at, error, source, updated_at)
  SELECT execution_id, workflow_id, workflow_version, status, started_at, ended_at, input_tokens, output_tokens,
    cost_usd, node_count, event_count, last_event_at, error, source, updated_at FROM executions_v4 ORDER BY rowid;
  DROP TABLE executions_v4;
  -- executions_by_start and executions_by_end are not made again: no query uses them (EXPLAIN QUERY PLAN of
  -- store-queries.ts and retention.ts: the status index, or a scan for the list's COALESCE order), and each
  -- cost the writer an index write when an execution started or ended.
  CREATE INDEX executions_by_status ON executions (status);
  CREATE TABLE event_log (
    execution_no INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    type TEXT NOT NULL,
    time INTEGER NOT NULL,
    node_id TEXT,
    source TEXT NOT NULL,
    envelope TEXT NOT NULL
  );
  INSERT INTO event_log (rowid, execution_no, sequence, type, time, node_id, source, envelope)
  SELECT e.rowid, x.execution_no, e.sequence, e.type, e.time, e.node_id, e.source, e.envelope
  FROM events e JOIN executions x ON x.execution_id = e.execution_id ORDER BY e.rowid;
  DROP TABLE events;
  CREATE TABLE execution_nodes_v5 (
    execution_no INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    PRIMARY KEY (execution_no, node_id)
  ) WITHOUT ROWID;
  INSERT INTO execution_nodes_v5 (execution_no, node_id)
  SELECT x.execution_no, n.node_id FROM execution_nodes n JOIN executions x ON x.execution_id = n.execution_id;
  DROP TABLE execution_nodes;
  ALTER TABLE execution_nodes_v5 RENAME TO execution_nodes;
  CREATE UNIQUE INDEX event_log_by_execution ON event_log (execution_no, sequence);
  CREATE VIEW events AS
  SELECT e.rowid AS rowid, x.execution_id, e.sequence, e.type, e.time, e.node_id, e.source, e.envelope
  FROM event_log e JOIN executions x ON x.execution_no = e.execution_no;
  `,
];

/** The schema version this build writes. A database with a higher version is refused, not guessed at. */
export const SCHEMA_VERSION = MIGRATIONS.length;
