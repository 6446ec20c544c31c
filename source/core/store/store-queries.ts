import type { RawEnvelope } from '../decode/event.js';
import { normaliseExecutionId } from '../decode/execution-id.js';
import { sqlIsActive } from '../model/lifecycle.js';
import type { SourceHeartbeat } from './source-heartbeat.js';
import type { SqliteDb, SqliteStatement, SqlValue } from './sqlite-db.js';

/** Tokens and cost of an execution's own nodes, without its child workflows'. */
export interface OwnUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/**
 * One execution as the store knows it. Field names are the README's `inspect --json` execution fields in
 * camelCase. Tokens and cost include the execution's child workflows' (every descendant linked by a
 * `child_workflow_*` event, each counted once, at most MAX_LINK_DEPTH levels down); `own` is its own share.
 */
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
  /** The execution's own share of the tokens and cost above; undefined when not known. */
  readonly own?: OwnUsage | undefined;
  /** The execution that started this one as a child workflow, when the store has its link event. */
  readonly parentExecutionId?: string | undefined;
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
/**
 * How many levels of child workflows an execution's totals reach down (also what stops a cycle of links).
 * The same depth as the model's MAX_TREE_DEPTH and inspect's MAX_CHILD_DEPTH, so every view sums the same set.
 */
export const MAX_LINK_DEPTH = 8;

/**
 * Executions chosen by `page` (a query over `executions`) with their subtree totals: every execution
 * reachable over links within MAX_LINK_DEPTH, counted once however it is reached, summed from the
 * executions table. Linked ids the store has no row for add nothing. Read-time sums, so a child stored
 * before its parent's link event, or deleted by retention, is always counted as it stands now.
 */
function withSubtree(page: string): string {
  return `WITH RECURSIVE
    page AS (${page}),
    reach (root, id, depth) AS (
      SELECT execution_id, execution_id, 0 FROM page
      UNION
      SELECT r.root, l.child_id, r.depth + 1 FROM reach r JOIN execution_links l ON l.parent_id = r.id WHERE r.depth < ${MAX_LINK_DEPTH}
    ),
    sums AS (
      SELECT m.root, SUM(x.input_tokens) AS total_input_tokens, SUM(x.output_tokens) AS total_output_tokens, SUM(x.cost_usd) AS total_cost_usd
      FROM (SELECT DISTINCT root, id FROM reach) m JOIN executions x ON x.execution_id = m.id GROUP BY m.root
    )
    SELECT page.*, sums.total_input_tokens, sums.total_output_tokens, sums.total_cost_usd,
      (SELECT parent_id FROM execution_links WHERE child_id = page.execution_id ORDER BY parent_id LIMIT 1) AS parent_id
    FROM page JOIN sums ON sums.root = page.execution_id
    ORDER BY COALESCE(page.started_at, page.last_event_at) DESC, page.execution_id`;
}

interface ExecRow {
  execution_id: string; workflow_id: string | null; workflow_version: string | null; status: string;
  started_at: number | null; ended_at: number | null; input_tokens: number; output_tokens: number; cost_usd: number;
  node_count: number; event_count: number; last_event_at: number | null; error: string | null; source: string | null; updated_at: number;
  total_input_tokens: number; total_output_tokens: number; total_cost_usd: number; parent_id: string | null;
}

const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toExecution(r: ExecRow): StoredExecution {
  return {
    executionId: r.execution_id, workflowId: u(r.workflow_id), workflowVersion: u(r.workflow_version), status: r.status,
    startedAt: u(r.started_at), endedAt: u(r.ended_at),
    inputTokens: r.total_input_tokens, outputTokens: r.total_output_tokens, costUsd: r.total_cost_usd,
    own: { inputTokens: r.input_tokens, outputTokens: r.output_tokens, costUsd: r.cost_usd },
    parentExecutionId: u(r.parent_id), nodeCount: r.node_count, eventCount: r.event_count, lastEventAt: u(r.last_event_at),
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
  private readonly descendants: SqliteStatement;
  private readonly parent: SqliteStatement;

  constructor(private readonly db: SqliteDb) {
    this.getExec = db.prepare(withSubtree('SELECT * FROM executions WHERE execution_id = ?'));
    this.getTexts = db.prepare('SELECT envelope FROM event_log WHERE execution_no = (SELECT execution_no FROM executions WHERE execution_id = ?) ORDER BY sequence');
    this.getCursor = db.prepare('SELECT cursor FROM cursors WHERE source_key = ?');
    this.allCursors = db.prepare('SELECT source_key, cursor FROM cursors');
    this.running = db.prepare(`SELECT execution_id FROM executions WHERE ${sqlIsActive('status')} ORDER BY started_at`);
    this.parent = db.prepare('SELECT parent_id, node_id FROM execution_links WHERE child_id = ? ORDER BY parent_id LIMIT 1');
    this.descendants = db.prepare(`WITH RECURSIVE reach (id, depth) AS (
        SELECT ?, 0 UNION SELECT l.child_id, r.depth + 1 FROM reach r JOIN execution_links l ON l.parent_id = r.id WHERE r.depth < ${MAX_LINK_DEPTH}
      )
      SELECT DISTINCT x.execution_id FROM reach JOIN executions x ON x.execution_id = reach.id WHERE reach.depth > 0 ORDER BY x.started_at, x.execution_id`);
  }

  /** Recent executions, newest start first, tokens and cost including their child workflows'. */
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
    const sql = withSubtree(`SELECT * FROM executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY COALESCE(started_at, last_event_at) DESC, execution_id LIMIT ?`);
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

  /** The execution that started `id` as a child workflow (the same one the list names), and from which node. */
  parentOf(id: string): { executionId: string; nodeId: string | undefined } | undefined {
    const norm = normaliseExecutionId(id);
    const row = norm === undefined ? undefined : (this.parent.get(norm) as { parent_id: string; node_id: string | null } | undefined);
    return row ? { executionId: row.parent_id, nodeId: u(row.node_id) } : undefined;
  }

  /** The stored child workflows of an execution and theirs, within MAX_LINK_DEPTH levels, oldest start first. */
  descendantIds(id: string): string[] {
    const norm = normaliseExecutionId(id);
    if (norm === undefined) return [];
    return this.descendants.rows(norm).map((r) => r[0] as string).filter((d) => d !== norm);
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
