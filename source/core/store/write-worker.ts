// The write thread: owns the one write connection, so the UI thread never waits on disk. Messages in,
// acknowledgements out; the shared counter lets the main thread wait for it without the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { EventRow } from './event-row.js';
import { Retention, type RetentionPolicy } from './retention.js';
import { openSqliteDb } from './sqlite-db.js';
import { StoreError } from './store-error.js';
import { StoreWriter, type CursorUpdate, type SourceUpdate } from './store-writer.js';

/**
 * How long a batch is retried while another connection holds the database's write lock (each try already waits
 * SQLite's busy timeout): a lock held for a while is backpressure, not a lost batch. Past it the batch fails, counted.
 */
export const STORE_LOCKED_RETRY_MS = 60_000;
/** Pause between tries of a batch refused by a lock. */
const LOCKED_RETRY_PAUSE_MS = 100;

/** Sent to the write worker. */
export type ToWorker =
  | {
      readonly t: 'batch'; readonly id: number; readonly rows: readonly EventRow[]; readonly cursors: readonly CursorUpdate[];
      readonly sources: readonly SourceUpdate[]; readonly now: number;
    }
  | { readonly t: 'retain'; readonly now: number }
  | { readonly t: 'close' };

/** Sent back by the write worker. */
export type FromWorker =
  | { readonly t: 'done'; readonly id: number; readonly inserted: number; readonly duplicates: number; readonly ms: number }
  | { readonly t: 'failed'; readonly id: number; readonly message: string }
  | { readonly t: 'retained'; readonly deleted: number }
  | { readonly t: 'closed' };

/** What the worker is started with. */
export interface WorkerInit {
  readonly path: string;
  readonly retention: RetentionPolicy;
  /** Int32 slot 0: events committed so far (the main thread's backpressure reads it). */
  readonly committed: SharedArrayBuffer;
}

function main(): void {
  const port = parentPort;
  if (!port) return;
  const init = workerData as WorkerInit;
  const committed = new Int32Array(init.committed);
  const db = openSqliteDb(init.path);
  const writer = new StoreWriter(db);
  const retention = new Retention(db, init.retention);
  const post = (m: FromWorker): void => port.postMessage(m);
  let retaining = false;

  const retainStep = (now: number, deleted: number): void => {
    try {
      const s = retention.step(now);
      if (s.more) {
        // Yield between chunks so queued batches are written in between: ingest never stalls on retention.
        setImmediate(() => retainStep(now, deleted + s.deleted));
        return;
      }
      post({ t: 'retained', deleted: deleted + s.deleted });
    } catch {
      post({ t: 'retained', deleted });
    }
    retaining = false;
  };

  /** Batch and close messages, handled strictly in order: a batch retried for a lock holds back the ones after it. */
  const queue: ToWorker[] = [];
  let draining = false;
  let lockedSince: number | undefined;

  const writeOne = (m: Extract<ToWorker, { t: 'batch' }>): boolean => {
    const started = performance.now();
    try {
      const r = writer.writeBatch(m.rows, m.cursors, m.now, m.sources);
      lockedSince = undefined;
      Atomics.add(committed, 0, m.rows.length);
      Atomics.notify(committed, 0);
      post({ t: 'done', id: m.id, inserted: r.inserted, duplicates: r.duplicates, ms: performance.now() - started });
      return true;
    } catch (err) {
      const locked = err instanceof StoreError && err.code === 'locked';
      lockedSince ??= started;
      if (locked && performance.now() - lockedSince < STORE_LOCKED_RETRY_MS) return false;
      // Past the bound the lock is not forgotten: later batches try once each until a write succeeds.
      if (!locked) lockedSince = undefined;
      Atomics.add(committed, 0, m.rows.length); // not pending any more, even though it failed
      Atomics.notify(committed, 0);
      post({ t: 'failed', id: m.id, message: err instanceof StoreError ? err.message : String(err) });
      return true;
    }
  };

  const drain = (): void => {
    draining = true;
    while (queue.length > 0) {
      const m = queue[0]!;
      if (m.t === 'batch') {
        if (!writeOne(m)) {
          setTimeout(drain, LOCKED_RETRY_PAUSE_MS);
          return;
        }
      } else if (m.t === 'retain') {
        if (!retaining) {
          retaining = true;
          retainStep(m.now, 0);
        }
      } else {
        db.close();
        post({ t: 'closed' });
        port.close();
      }
      queue.shift();
    }
    draining = false;
  };

  port.on('message', (m: ToWorker) => {
    queue.push(m);
    if (!draining) drain();
  });
}

main();
