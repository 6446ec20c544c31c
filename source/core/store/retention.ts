import type { SqliteDb, SqliteStatement } from './sqlite-db.js';

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

const FINISHED = "status IN ('completed', 'failed', 'cancelled', 'limit_exceeded')";

/**
 * Deletes finished executions (never running or paused ones) past the age limit, then the oldest
 * finished ones while the database is over the size limit, one small chunk per call.
 */
export class Retention {
  private readonly oldByAge: SqliteStatement;
  private readonly oldest: SqliteStatement;
  private readonly delEvents: SqliteStatement;
  private readonly delNodes: SqliteStatement;
  private readonly delExecution: SqliteStatement;

  constructor(private readonly db: SqliteDb, private readonly policy: RetentionPolicy, private readonly chunk = RETENTION_CHUNK_EXECUTIONS) {
    this.oldByAge = db.prepare(`SELECT execution_id FROM executions WHERE ${FINISHED} AND ended_at < ? ORDER BY ended_at LIMIT ?`);
    this.oldest = db.prepare(`SELECT execution_id FROM executions WHERE ${FINISHED} ORDER BY ended_at LIMIT ?`);
    this.delEvents = db.prepare('DELETE FROM events WHERE execution_id = ?');
    this.delNodes = db.prepare('DELETE FROM execution_nodes WHERE execution_id = ?');
    this.delExecution = db.prepare('DELETE FROM executions WHERE execution_id = ?');
  }

  /** Bytes in use: pages holding data (free pages excluded). */
  usedBytes(): number {
    const pages = Number(this.db.pragmaValue('page_count')) - Number(this.db.pragmaValue('freelist_count'));
    return pages * Number(this.db.pragmaValue('page_size'));
  }

  /** One step: at most `chunk` executions deleted in one transaction. */
  step(now: number): RetentionStep {
    const { maxAgeMs, maxBytes } = this.policy;
    if (maxAgeMs !== undefined) {
      const ids = this.oldByAge.all(now - maxAgeMs, this.chunk) as { execution_id: string }[];
      if (ids.length > 0) {
        this.remove(ids);
        return { deleted: ids.length, more: true };
      }
    }
    if (maxBytes !== undefined && this.usedBytes() > maxBytes) {
      const ids = this.oldest.all(this.chunk) as { execution_id: string }[];
      if (ids.length > 0) {
        this.remove(ids);
        return { deleted: ids.length, more: this.usedBytes() > maxBytes };
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

  private remove(ids: readonly { execution_id: string }[]): void {
    this.db.transaction(() => {
      for (const { execution_id: id } of ids) {
        this.delEvents.run(id);
        this.delNodes.run(id);
        this.delExecution.run(id);
      }
    });
    // Hand freed pages back to the file system (auto_vacuum = INCREMENTAL), a bounded amount per step.
    this.db.exec(`PRAGMA incremental_vacuum(${RETENTION_VACUUM_PAGES})`);
  }
}
