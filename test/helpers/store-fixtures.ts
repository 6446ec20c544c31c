// Builds typed events for store and inspect tests without going through a source.
import { readFileSync } from 'node:fs';
import { decodeEnvelope } from '../../source/core/decode/decode-envelope.js';
import type { RawEnvelope, TypedEvent } from '../../source/core/decode/event.js';
import type { SqliteDb } from '../../source/core/store/sqlite-db.js';

/** A hyphenated UUID whose hex digits are `n` padded (stable, readable ids for tests). */
export function uuidFor(n: number): string {
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `exec_` form of uuidFor(n). */
export function execIdFor(n: number): string {
  return `exec_${n.toString(16).padStart(32, '0')}`;
}

/** Decodes an envelope, failing loudly if the decoder rejects it. */
export function typed(envelope: unknown): TypedEvent {
  const r = decodeEnvelope(envelope);
  if (!r.ok) throw new Error(`fixture rejected: ${r.rejection.detail}`);
  return r.event;
}

/** An envelope for execution `n`, with `kind`, at `time` ms. */
export function envelope(n: number, sequence: number, kind: { type: string; [k: string]: unknown }, time: number): RawEnvelope {
  return {
    id: uuidFor(n * 1_000_000 + sequence),
    execution_id: uuidFor(n),
    sequence,
    kind,
    created_at: new Date(time).toISOString(),
  };
}

/** A short completed execution: started, one model node, completed; events at t0, t0+10, … */
export function completedRun(n: number, t0: number, opts: { end?: boolean; workflow?: string } = {}): TypedEvent[] {
  const kinds: { type: string; [k: string]: unknown }[] = [
    { type: 'workflow_started', workflow_id: opts.workflow ?? 'wf', workflow_version: '1.0.0', initial_input: { n } },
    { type: 'node_scheduled', node_id: 'draft', queue_type: 'model' },
    { type: 'node_started', node_id: 'draft', worker_id: 'w', attempt: 0 },
    {
      type: 'node_completed', node_id: 'draft', output: {}, state_patch: { done: true }, duration_ms: 10,
      gen_ai_system: 'openai', gen_ai_model: 'gpt-4o', input_tokens: 100, output_tokens: 10,
    },
  ];
  if (opts.end !== false) kinds.push({ type: 'workflow_completed', final_state: { n, done: true } });
  return kinds.map((k, i) => typed(envelope(n, i + 1, k, t0 + i * 10)));
}

/** Lines of a JSONL fixture file, parsed. */
export function readJsonl(path: string): unknown[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
}

/**
 * Turns a store this build wrote back into the shape migration 5 found (events keyed by execution id, executions
 * without numbers), so a test can then undo older migrations and check they still upgrade such a store.
 */
export function undoMigration5(db: SqliteDb): void {
  db.exec(`
    DROP VIEW events;
    CREATE TABLE events (
      execution_id TEXT NOT NULL, sequence INTEGER NOT NULL, type TEXT NOT NULL, time INTEGER NOT NULL,
      node_id TEXT, source TEXT NOT NULL, envelope TEXT NOT NULL
    );
    INSERT INTO events (rowid, execution_id, sequence, type, time, node_id, source, envelope)
    SELECT e.rowid, x.execution_id, e.sequence, e.type, e.time, e.node_id, e.source, e.envelope
    FROM event_log e JOIN executions x ON x.execution_no = e.execution_no;
    DROP TABLE event_log;
    CREATE TABLE execution_nodes_v4 (execution_id TEXT NOT NULL, node_id TEXT NOT NULL, PRIMARY KEY (execution_id, node_id)) WITHOUT ROWID;
    INSERT INTO execution_nodes_v4 SELECT x.execution_id, n.node_id FROM execution_nodes n JOIN executions x ON x.execution_no = n.execution_no;
    DROP TABLE execution_nodes;
    ALTER TABLE execution_nodes_v4 RENAME TO execution_nodes;
    CREATE UNIQUE INDEX events_by_execution ON events (execution_id, sequence);
    ALTER TABLE executions RENAME TO executions_v5;
    CREATE TABLE executions (
      execution_id TEXT PRIMARY KEY, workflow_id TEXT, workflow_version TEXT, status TEXT NOT NULL, started_at INTEGER,
      ended_at INTEGER, input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL NOT NULL DEFAULT 0, node_count INTEGER NOT NULL DEFAULT 0, event_count INTEGER NOT NULL DEFAULT 0,
      last_event_at INTEGER, error TEXT, source TEXT, updated_at INTEGER NOT NULL
    );
    INSERT INTO executions SELECT execution_id, workflow_id, workflow_version, status, started_at, ended_at, input_tokens,
      output_tokens, cost_usd, node_count, event_count, last_event_at, error, source, updated_at FROM executions_v5;
    DROP TABLE executions_v5;
    CREATE INDEX executions_by_status ON executions (status);
    CREATE INDEX executions_by_start ON executions (started_at);
    CREATE INDEX executions_by_end ON executions (ended_at);
    PRAGMA user_version = 4;
  `);
}
