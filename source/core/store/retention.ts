import { sqlIsTerminal } from '../model/lifecycle.js';
import type { SqliteDb, SqliteStatement } from './sqlite-db.js';
import { MAX_LINK_DEPTH } from './store-queries.js';

/** `[top] retention`: keep finished executions for `maxAgeMs`, and the database under `maxBytes`. */
export interface RetentionPolicy {
  readonly maxAgeMs?: number | undefined;
  readonly maxBytes?: number | undefined;
}

/** Executions deleted per transaction, so a retention pass never holds the write lock for long. */
export const RETENTION_CHUNK_EXECUTIONS = 50;
/** Free pages handed back to the file system per pass. */
export const RETENTION_VACUUM_PAGES = 2000;

/** What one retention step did. */
export interface RetentionStep {
  readonly deleted: number;
  /** True when there is more to delete: call again (after yielding to ingest). */
  readonly more: boolean;
}

const FINISHED = sqlIsTerminal('status');
/**
 * A child workflow goes with its parent, not before it (the parent's totals include it): it is held back
 * while a stored parent is running or ended after it. Ends compare with the id as tie-break, so in a
 * cycle of links one execution is never held and the cycle still goes.
 */
const NOT_HELD_BY_PARENT = `NOT EXISTS (SELECT 1 FROM execution_links l JOIN executions p ON p.execution_id = l.parent_id
  WHERE l.child_id = executions.execution_id AND (p.ended_at IS NULL OR p.ended_at > executions.ended_at
    OR (p.ended_at = executions.ended_at AND p.execution_id < executions.execution_id)))`;

/**
 * Deletes finished executions (never running or paused ones) past the age limit, then the oldest
 * finished ones while the database is over the size limit, one small chunk per call. Child workflows go
 * with their parent: a parent's listed totals include them for as long as the parent is kept.
 */
export class Retention {
  private readonly oldByAge: SqliteStatement;
  private readonly oldest: SqliteStatement;
  private readonly delEvents: SqliteStatement;
  private readonly delNodes: SqliteStatement;
  private readonly delHeld: SqliteStatement;
  private readonly delExecution: SqliteStatement;
  private readonly delLinks: SqliteStatement;
  private readonly finishedDescendants: SqliteStatement;

  constructor(private readonly db: SqliteDb, private readonly policy: RetentionPolicy, private readonly chunk = RETENTION_CHUNK_EXECUTIONS) {
    this.oldByAge = db.prepare(`SELECT execution_id FROM executions WHERE ${FINISHED} AND ended_at < ? AND ${NOT_HELD_BY_PARENT} ORDER BY ended_at LIMIT ?`);
    this.oldest = db.prepare(`SELECT execution_id FROM executions WHERE ${FINISHED} AND ${NOT_HELD_BY_PARENT} ORDER BY ended_at LIMIT ?`);
    this.delEvents = db.prepare('DELETE FROM event_log WHERE execution_no = (SELECT execution_no FROM executions WHERE execution_id = ?)');
    this.delNodes = db.prepare('DELETE FROM execution_nodes WHERE execution_no = (SELECT execution_no FROM executions WHERE execution_id = ?)');
    // A finished execution holds nothing (its end released every node); deleted anyway, so nothing can linger.
    this.delHeld = db.prepare('DELETE FROM held_nodes WHERE execution_id = ?');
    this.delExecution = db.prepare('DELETE FROM executions WHERE execution_id = ?');
    this.delLinks = db.prepare('DELETE FROM execution_links WHERE parent_id = ? OR child_id = ?');
    // Finished descendants reached through finished ones: a running child stays, with whatever it started.
    this.finishedDescendants = db.prepare(`WITH RECURSIVE reach (id, depth) AS (
        SELECT ?, 0
        UNION
        SELECT l.child_id, r.depth + 1 FROM reach r JOIN execution_links l ON l.parent_id = r.id
          JOIN executions ON executions.execution_id = l.child_id WHERE r.depth < ${MAX_LINK_DEPTH} AND ${FINISHED}
      )
      SELECT DISTINCT id FROM reach WHERE depth > 0`);
  }

  /** Bytes in use: pages holding data (free pages excluded). */
  usedBytes(): number {
    const pages = Number(this.db.pragmaValue('page_count')) - Number(this.db.pragmaValue('freelist_count'));
    return pages * Number(this.db.pragmaValue('page_size'));
  }

  /** One step: at most `chunk` executions (with their child workflows) deleted in one transaction. */
  step(now: number): RetentionStep {
    const { maxAgeMs, maxBytes } = this.policy;
    if (maxAgeMs !== undefined) {
      const ids = this.oldByAge.all(now - maxAgeMs, this.chunk) as { execution_id: string }[];
      if (ids.length > 0) return { deleted: this.remove(ids), more: true };
    }
    if (maxBytes !== undefined && this.usedBytes() > maxBytes) {
      const ids = this.oldest.all(this.chunk) as { execution_id: string }[];
      if (ids.length > 0) {
        const deleted = this.remove(ids);
        return { deleted, more: this.usedBytes() > maxBytes };
      }
    }
    return { deleted: 0, more: false };
  }

  /** Runs steps until nothing is left (tests, and the shutdown path); returns how many were deleted. */
  runAll(now: number): number {
    let total = 0;
    for (;;) {
      const s = this.step(now);
      total += s.deleted;
      if (!s.more) return total;
    }
  }

  /** Deletes each execution with its finished descendants; returns how many executions went. */
  private remove(ids: readonly { execution_id: string }[]): number {
    let deleted = 0;
    this.db.transaction(() => {
      const gone = new Set<string>();
      for (const { execution_id: root } of ids) {
        const family = [root, ...(this.finishedDescendants.all(root) as { id: string }[]).map((r) => r.id)];
        for (const id of family) {
          if (gone.has(id)) continue;
          gone.add(id);
          this.delEvents.run(id);
          this.delNodes.run(id);
          this.delHeld.run(id);
          this.delLinks.run(id, id);
          this.delExecution.run(id);
        }
      }
      deleted = gone.size;
    });
    // Hand freed pages back to the file system (auto_vacuum = INCREMENTAL), a bounded amount per step.
    this.db.exec(`PRAGMA incremental_vacuum(${RETENTION_VACUUM_PAGES})`);
    return deleted;
  }
}
