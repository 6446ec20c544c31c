import type { RawEnvelope } from '../decode/event.js';
import { normaliseExecutionId } from '../decode/execution-id.js';
import type { SourceHeartbeat } from './source-heartbeat.js';
import type { SqliteDb, SqliteStatement, SqlValue } from './sqlite-db.js';

/** One row of the executions table. Field names are the README's `inspect --json` execution fields in camelCase. */
export interface StoredExecution {
  readonly executionId: string;
  readonly workflowId?: string | undefined;
  readonly workflowVersion?: string | undefined;
  readonly status: string;
  readonly startedAt?: number | undefined;
  readonly endedAt?: number | undefined;
  /** Undefined when not known (a runtime's execution list carries no tokens, cost or counts). */
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly costUsd: number | undefined;
  readonly nodeCount: number | undefined;
  readonly eventCount: number | undefined;
  readonly lastEventAt?: number | undefined;
  readonly error?: string | undefined;
  readonly source?: string | undefined;
  readonly updatedAt: number;
}

/** Filters for the list of recent executions. */
export interface ExecutionFilter {
  readonly status?: string | undefined;
  readonly workflow?: string | undefined;
  /** Started at or after this epoch ms. */
  readonly since?: number | undefined;
  readonly limit?: number | undefined;
}

/** Rows returned by `listExecutions` when no limit is given. */
export const DEFAULT_LIST_LIMIT = 20;
/** The most rows `listExecutions` returns whatever limit is asked for. */
export const MAX_LIST_LIMIT = 10_000;

interface ExecRow {
  execution_id: string; workflow_id: string | null; workflow_version: string | null; status: string;
  started_at: number | null; ended_at: number | null; input_tokens: number; output_tokens: number; cost_usd: number;
  node_count: number; event_count: number; last_event_at: number | null; error: string | null; source: string | null; updated_at: number;
}

const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toExecution(r: ExecRow): StoredExecution {
  return {
    executionId: r.execution_id, workflowId: u(r.workflow_id), workflowVersion: u(r.workflow_version), status: r.status,
    startedAt: u(r.started_at), endedAt: u(r.ended_at), inputTokens: r.input_tokens, outputTokens: r.output_tokens,
    costUsd: r.cost_usd, nodeCount: r.node_count, eventCount: r.event_count, lastEventAt: u(r.last_event_at),
    error: u(r.error), source: u(r.source), updatedAt: r.updated_at,
  };
}

/** Reads from the store. Every id argument may be `exec_` + 32 hex, bare hex or a hyphenated UUID. */
export class StoreQueries {
  private readonly getExec: SqliteStatement;
  private readonly getTexts: SqliteStatement;
  private readonly getCursor: SqliteStatement;
  private readonly allCursors: SqliteStatement;
  private readonly running: SqliteStatement;

  constructor(private readonly db: SqliteDb) {
    this.getExec = db.prepare('SELECT * FROM executions WHERE execution_id = ?');
    this.getTexts = db.prepare('SELECT envelope FROM events WHERE execution_id = ? ORDER BY sequence');
    this.getCursor = db.prepare('SELECT cursor FROM cursors WHERE source_key = ?');
    this.allCursors = db.prepare('SELECT source_key, cursor FROM cursors');
    this.running = db.prepare("SELECT execution_id FROM executions WHERE status IN ('running', 'paused') ORDER BY started_at");
  }

  /** Recent executions, newest start first. */
  listExecutions(filter: ExecutionFilter = {}): StoredExecution[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.workflow !== undefined) {
      where.push('workflow_id = ?');
      params.push(filter.workflow);
    }
    if (filter.since !== undefined) {
      where.push('COALESCE(started_at, last_event_at) >= ?');
      params.push(filter.since);
    }
    const limit = Math.max(1, Math.min(MAX_LIST_LIMIT, Math.floor(filter.limit ?? DEFAULT_LIST_LIMIT)));
    params.push(limit);
    const sql = `SELECT * FROM executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY COALESCE(started_at, last_event_at) DESC, execution_id LIMIT ?`;
    return (this.db.prepare(sql).all(...params) as ExecRow[]).map(toExecution);
  }

  /** One execution's row, or undefined when the store does not have it (or the id is malformed). */
  getExecution(id: string): StoredExecution | undefined {
    const norm = normaliseExecutionId(id);
    if (norm === undefined) return undefined;
    const row = this.getExec.get(norm) as ExecRow | undefined;
    return row ? toExecution(row) : undefined;
  }

  /** The stored envelope texts of one execution, in sequence order, exactly as written. */
  getEventTexts(id: string): string[] {
    const norm = normaliseExecutionId(id);
    if (norm === undefined) return [];
    return this.getTexts.rows(norm).map((r) => r[0] as string);
  }

  /** The stored envelopes of one execution, parsed, in sequence order. */
  getEvents(id: string): RawEnvelope[] {
    return this.getEventTexts(id).map((t) => JSON.parse(t) as RawEnvelope);
  }

  /** The resume cursor saved for a source key. */
  cursorFor(sourceKey: string): string | undefined {
    const row = this.getCursor.get(sourceKey) as { cursor: string } | undefined;
    return row?.cursor;
  }

  /** Every saved cursor by source key. */
  cursors(): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of this.allCursors.all() as { source_key: string; cursor: string }[]) out.set(r.source_key, r.cursor);
    return out;
  }

  /**
   * What the monitor writing the store last said of each source, by key. Empty for a store written before
   * sources were recorded (schema version 1, opened read-only so never migrated): nothing vouches for them.
   */
  sourceHeartbeats(): Map<string, SourceHeartbeat> {
    const out = new Map<string, SourceHeartbeat>();
    if (this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sources'").get() === undefined) return out;
    const rows = this.db.prepare('SELECT source_key, connected, state, changed_at, heartbeat_at FROM sources').all() as {
      source_key: string; connected: number; state: string; changed_at: number; heartbeat_at: number;
    }[];
    for (const r of rows) {
      out.set(r.source_key, { sourceKey: r.source_key, connected: r.connected === 1, state: r.state, changedAt: r.changed_at, heartbeatAt: r.heartbeat_at });
    }
    return out;
  }

  /** Ids of executions not yet in a terminal status, oldest start first. */
  runningExecutionIds(): string[] {
    return this.running.rows().map((r) => r[0] as string);
  }
}
