import { holdChange, isTerminal, statusAfter } from '../model/lifecycle.js';
import type { EventRow } from './event-row.js';
import type { SqliteDb, SqliteStatement } from './sqlite-db.js';

/** A source's resume cursor, saved in the same transaction as the events it covers. */
export interface CursorUpdate {
  readonly sourceKey: string;
  readonly cursor: string;
}

/** A source's state as the monitor knows it, saved with the batch; the batch's `now` is its heartbeat. */
export interface SourceUpdate {
  readonly sourceKey: string;
  readonly connected: boolean;
  readonly state: string;
  /** When it last became connected or disconnected. */
  readonly changedAt: number;
}

/** What one batch did. */
export interface BatchResult {
  readonly inserted: number;
  /** Rows already stored (same execution id and sequence): replays and reconnects. */
  readonly duplicates: number;
}

/** One batch as the sink hands it over: rows, the cursors they cover, the sources' states, and when. */
export interface WriteBatch {
  readonly rows: readonly EventRow[];
  readonly cursors: readonly CursorUpdate[];
  readonly now: number;
  readonly sources?: readonly SourceUpdate[] | undefined;
}

/**
 * Most executions whose number and status the writer remembers between transactions (the ones still running or
 * paused; a finished one is looked up again if a late event comes). Past it the memory is dropped and rebuilt.
 */
export const MAX_REMEMBERED_EXECUTIONS = 20_000;

const NODE_EVENTS = new Set(['node_scheduled', 'node_started', 'node_completed', 'node_failed', 'node_parked', 'node_skipped', 'node_cancelled']);

/** An execution met in this transaction: its number (events are keyed by it), its stored status, what was inserted. */
interface Known {
  readonly no: number;
  readonly stored: string | null;
  delta: Delta | undefined;
}

interface Delta {
  workflowId: string | null;
  workflowVersion: string | null;
  /** The stored status before the batch (null: no row yet), then after each inserted row. */
  status: string | null;
  /** Nodes held for a human (rows in held_nodes), kept current as rows are inserted. */
  held: number;
  startedAt: number;
  endedAt: number | null;
  error: string | null;
  input: number;
  output: number;
  cost: number;
  nodes: number;
  events: number;
  lastEventAt: number;
}

/**
 * Writes batches of event rows: one transaction per call, `INSERT OR IGNORE` on (execution, sequence), the
 * executions table updated from the rows actually inserted (so a replay never double-counts), once per execution
 * per transaction, parent → child links from `child_workflow_*` events, and the cursors saved in the same
 * transaction. Synchronous; the sink decides on which thread it runs.
 * The status follows the model's rule (model/lifecycle.ts), with the nodes held for a human kept in `held_nodes`.
 */
export class StoreWriter {
  private readonly insertEvent: SqliteStatement;
  private readonly insertNode: SqliteStatement;
  private readonly insertLink: SqliteStatement;
  private readonly findExecution: SqliteStatement;
  private readonly createExecution: SqliteStatement;
  private readonly updateExecution: SqliteStatement;
  private readonly readHeld: SqliteStatement;
  private readonly holdNode: SqliteStatement;
  private readonly releaseNode: SqliteStatement;
  private readonly releaseAll: SqliteStatement;
  private readonly saveCursor: SqliteStatement;
  private readonly saveSource: SqliteStatement;
  private readonly dataVersion: SqliteStatement;
  /**
   * Number and status of the unfinished executions as this writer last committed them: most rows belong to an
   * execution met in an earlier batch, and the lookup by id was a tenth of the write thread's time. Valid while no
   * other connection has committed (`PRAGMA data_version` unchanged) and no retention pass ran (see forget()).
   */
  private readonly remembered = new Map<string, { readonly no: number; readonly status: string }>();
  private seenDataVersion: unknown;

  constructor(private readonly db: SqliteDb) {
    this.insertEvent = db.prepare(
      'INSERT OR IGNORE INTO event_log (execution_no, sequence, type, time, node_id, source, envelope) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertNode = db.prepare('INSERT OR IGNORE INTO execution_nodes (execution_no, node_id) VALUES (?, ?)');
    this.insertLink = db.prepare('INSERT OR IGNORE INTO execution_links (parent_id, child_id, node_id) VALUES (?, ?, ?)');
    // Where a transaction starts from: each execution's number and stored status (one read the first time it meets
    // it; a new one gets its row, and so its number, at once) and the held nodes of all executions (one read: the
    // table holds only what is held now).
    this.findExecution = db.prepare('SELECT execution_no, status FROM executions WHERE execution_id = ?');
    this.createExecution = db.prepare(
      "INSERT INTO executions (execution_id, status, source, updated_at) VALUES (?, 'running', ?, ?) RETURNING execution_no",
    );
    this.updateExecution = db.prepare(`UPDATE executions SET
      workflow_id = COALESCE(workflow_id, ?),
      workflow_version = COALESCE(workflow_version, ?),
      status = ?,
      started_at = CASE WHEN started_at IS NULL OR started_at > ? THEN ? ELSE started_at END,
      ended_at = COALESCE(ended_at, ?),
      error = COALESCE(error, ?),
      input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost_usd = cost_usd + ?,
      node_count = node_count + ?, event_count = event_count + ?,
      last_event_at = MAX(COALESCE(last_event_at, 0), ?),
      updated_at = ?
      WHERE execution_no = ?`);
    this.readHeld = db.prepare('SELECT execution_id, COUNT(*) FROM held_nodes GROUP BY execution_id');
    this.holdNode = db.prepare('INSERT OR IGNORE INTO held_nodes (execution_id, node_id) VALUES (?, ?)');
    this.releaseNode = db.prepare('DELETE FROM held_nodes WHERE execution_id = ? AND node_id = ?');
    this.releaseAll = db.prepare('DELETE FROM held_nodes WHERE execution_id = ?');
    this.saveCursor = db.prepare(
      'INSERT INTO cursors (source_key, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT(source_key) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
    );
    this.saveSource = db.prepare(`INSERT INTO sources (source_key, connected, state, changed_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(source_key) DO UPDATE SET connected = excluded.connected, state = excluded.state,
      changed_at = excluded.changed_at, heartbeat_at = excluded.heartbeat_at`);
    this.dataVersion = db.prepare('PRAGMA data_version');
  }

  /** Drops what the writer remembers of executions: call after anything else on this connection deleted some. */
  forget(): void {
    this.remembered.clear();
  }

  /** Writes `rows`, `cursors` and `sources` in one transaction; `now` stamps `updated_at` and the sources' heartbeat. */
  writeBatch(rows: readonly EventRow[], cursors: readonly CursorUpdate[], now: number, sources: readonly SourceUpdate[] = []): BatchResult {
    return this.writeBatches([{ rows, cursors, now, sources }])[0]!;
  }

  /**
   * Writes several batches, in order, in one transaction (a writer catching up): each execution's row is written
   * once for all of them, and an index page touched by several batches goes to the WAL once. The last batch's `now`
   * stamps `updated_at`. Returns what each batch did.
   */
  writeBatches(batches: readonly WriteBatch[]): BatchResult[] {
    const { results, known } = this.db.transaction(() => {
      // Another connection's commit (a second monitor on the same file) may have changed any execution.
      const version = this.dataVersion.rows()[0]![0];
      if (version !== this.seenDataVersion) this.forget();
      this.seenDataVersion = version;
      const known = new Map<string, Known>();
      const seenNodes = new Set<string>(); // skips re-inserting a node already counted in this transaction
      let held: Map<string, number> | undefined;
      const results = batches.map((b): BatchResult => {
        let inserted = 0;
        for (const r of b.rows) {
          let k = known.get(r.executionId);
          if (!k) {
            k = this.numberOf(r, b.now);
            known.set(r.executionId, k);
          }
          if (this.insertEvent.run(k.no, r.sequence, r.type, r.time, r.nodeId, r.source, r.envelope).changes === 0) continue;
          inserted++;
          if (!k.delta) {
            held ??= new Map(this.readHeld.rows().map(([id, count]) => [id as string, count as number]));
            k.delta = {
              workflowId: null, workflowVersion: null, status: k.stored, held: held.get(r.executionId) ?? 0, startedAt: r.time, endedAt: null,
              error: null, input: 0, output: 0, cost: 0, nodes: 0, events: 0, lastEventAt: r.time,
            };
          }
          this.accumulate(k.delta, r, k.no, seenNodes);
        }
        for (const c of b.cursors) this.saveCursor.run(c.sourceKey, c.cursor, b.now);
        for (const u of b.sources ?? []) this.saveSource.run(u.sourceKey, u.connected ? 1 : 0, u.state, u.changedAt, b.now);
        return { inserted, duplicates: b.rows.length - inserted };
      });
      const now = batches[batches.length - 1]?.now ?? 0;
      for (const { no, delta: d } of known.values()) {
        if (!d) continue; // every row a duplicate: nothing changed
        this.updateExecution.run(
          d.workflowId, d.workflowVersion, d.status, d.startedAt, d.startedAt, d.endedAt, d.error,
          d.input, d.output, d.cost, d.nodes, d.events, d.lastEventAt, now, no,
        );
      }
      return { results, known };
    });
    this.remember(known); // committed: a rolled-back transaction threw above and leaves the memory as it was
    return results;
  }

  /** After a commit: the executions of the transaction as now stored; a finished one is let go. */
  private remember(known: ReadonlyMap<string, Known>): void {
    for (const [id, k] of known) {
      const status = k.delta?.status ?? k.stored;
      if (status === null || isTerminal(status)) this.remembered.delete(id);
      else {
        if (this.remembered.size >= MAX_REMEMBERED_EXECUTIONS && !this.remembered.has(id)) this.remembered.clear();
        this.remembered.set(id, { no: k.no, status });
      }
    }
  }

  /** The execution's number and stored status; a new execution's row is made now (status null: none stored yet). */
  private numberOf(r: EventRow, now: number): Known {
    const mine = this.remembered.get(r.executionId);
    if (mine) return { no: mine.no, stored: mine.status, delta: undefined };
    const found = this.findExecution.rows(r.executionId)[0];
    if (found) return { no: found[0] as number, stored: found[1] as string, delta: undefined };
    const made = this.createExecution.rows(r.executionId, r.source, now)[0]!;
    return { no: made[0] as number, stored: null, delta: undefined };
  }

  private accumulate(d: Delta, r: EventRow, no: number, seenNodes: Set<string>): void {
    d.events++;
    if (r.time < d.startedAt) d.startedAt = r.time;
    if (r.time > d.lastEventAt) d.lastEventAt = r.time;
    if (r.workflowId !== undefined) d.workflowId ??= r.workflowId;
    if (r.workflowVersion !== undefined) d.workflowVersion ??= r.workflowVersion;
    if (r.error !== undefined) d.error ??= r.error;
    if (r.childExecutionId !== undefined) this.insertLink.run(r.executionId, r.childExecutionId, r.nodeId);
    d.input += r.inputTokens ?? 0;
    d.output += r.outputTokens ?? 0;
    d.cost += r.costUsd ?? 0;
    this.followLifecycle(d, r);
    if (r.nodeId === null || !NODE_EVENTS.has(r.type)) return;
    const key = `${r.executionId}\u0000${r.nodeId}`;
    if (seenNodes.has(key)) return;
    seenNodes.add(key);
    if (this.insertNode.run(no, r.nodeId).changes > 0) d.nodes++;
  }

  /** The model's rule, row by row: holds and releases of nodes, then statusAfter with the held count. */
  private followLifecycle(d: Delta, r: EventRow): void {
    const before = d.status;
    const change = r.nodeId === null ? undefined : holdChange(r.type);
    if (change === 'hold') {
      // A terminal execution holds nothing (the model ignores a gate raised after the end).
      if (!isTerminal(before)) d.held += this.holdNode.run(r.executionId, r.nodeId).changes;
    } else if (change === 'release' && d.held > 0) {
      d.held -= this.releaseNode.run(r.executionId, r.nodeId).changes;
    }
    d.status = statusAfter(before, r.type, d.held);
    if (isTerminal(d.status) && !isTerminal(before)) {
      d.endedAt = r.time;
      // The end releases every hold, as the model's end closes every open attempt.
      if (d.held > 0) {
        this.releaseAll.run(r.executionId);
        d.held = 0;
      }
    }
  }
}
