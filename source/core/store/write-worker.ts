// The write thread: owns the one write connection, so the UI thread never waits on disk. Messages in,
// acknowledgements out; the shared counter lets the main thread wait for it without the event loop.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { FromCheckpoint } from './checkpoint-worker.js';
import { unpackRows, type PackedRows } from './event-row.js';
import { Retention, type RetentionPolicy } from './retention.js';
import { openSqliteDb } from './sqlite-db.js';
import { StoreError } from './store-error.js';
import { StoreWriter, type CursorUpdate, type SourceUpdate } from './store-writer.js';

type BatchMessage = Extract<ToWorker, { t: 'batch' }>;

/**
 * How long a batch is retried while another connection holds the database's write lock (each try already waits
 * SQLite's busy timeout): a lock held for a while is backpressure, not a lost batch. Past it the batch fails, counted.
 */
export const STORE_LOCKED_RETRY_MS = 60_000;
/** Pause between tries of a batch refused by a lock. */
const LOCKED_RETRY_PAUSE_MS = 100;
/**
 * Most events written in one transaction when batches have queued up (a writer catching up writes them together:
 * each execution's row and each index page once for all of them). Bounds how long one commit holds the write lock.
 */
export const MAX_MERGED_EVENTS = 20_000;

/** Sent to the write worker. */
export type ToWorker =
  | {
      readonly t: 'batch'; readonly id: number; readonly rows: PackedRows; readonly bytes: number; readonly cursors: readonly CursorUpdate[];
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
  /** Int32 slot 0: events committed so far, slot 1: their bytes as the sink counts them (its backpressure reads both). */
  readonly committed: SharedArrayBuffer;
}

function main(): void {
  const port = parentPort;
  if (!port) return;
  const init = workerData as WorkerInit;
  const committed = new Int32Array(init.committed);
  const db = openSqliteDb(init.path);
  const writer = new StoreWriter(db);
  const checkpoints = startCheckpoints(init.path);
  const retention = new Retention(db, init.retention);
  const post = (m: FromWorker): void => port.postMessage(m);
  let retaining = false;

  const retainStep = (now: number, deleted: number): void => {
    try {
      const s = retention.step(now);
      if (s.deleted > 0) writer.forget();
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

  /** Writes `group` (consecutive batches) in one transaction; false when a lock refused it and it is to be tried again. */
  const writeGroup = (group: readonly BatchMessage[]): boolean => {
    const started = performance.now();
    const events = group.reduce((n, m) => n + m.rows.executionId.length, 0);
    const bytes = group.reduce((n, m) => n + m.bytes, 0);
    const settle = (): void => {
      Atomics.add(committed, 1, bytes); // first: the main thread wakes on slot 0
      Atomics.add(committed, 0, events);
      Atomics.notify(committed, 0);
    };
    try {
      const results = writer.writeBatches(group.map((m) => ({ rows: unpackRows(m.rows), cursors: m.cursors, now: m.now, sources: m.sources })));
      lockedSince = undefined;
      settle();
      const ms = performance.now() - started;
      group.forEach((m, i) => post({ t: 'done', id: m.id, inserted: results[i]!.inserted, duplicates: results[i]!.duplicates, ms }));
      return true;
    } catch (err) {
      const locked = err instanceof StoreError && err.code === 'locked';
      lockedSince ??= started;
      if (locked && performance.now() - lockedSince < STORE_LOCKED_RETRY_MS) return false;
      // Past the bound the lock is not forgotten: later batches try once each until a write succeeds.
      if (!locked) lockedSince = undefined;
      settle(); // not pending any more, even though they failed
      const message = err instanceof StoreError ? err.message : String(err);
      for (const m of group) post({ t: 'failed', id: m.id, message });
      return true;
    }
  };

  /** The batches at the head of the queue that go in one transaction: at least one, at most MAX_MERGED_EVENTS events after the first. */
  const headGroup = (): BatchMessage[] => {
    const group: BatchMessage[] = [];
    let events = 0;
    for (const m of queue) {
      if (m.t !== 'batch' || (group.length > 0 && events + m.rows.executionId.length > MAX_MERGED_EVENTS)) break;
      // Once a lock has refused a write, batches go one at a time, so one that keeps failing fails alone.
      if (group.length > 0 && lockedSince !== undefined) break;
      group.push(m);
      events += m.rows.executionId.length;
    }
    return group;
  };

  const drain = (): void => {
    draining = true;
    while (queue.length > 0) {
      const m = queue[0]!;
      if (m.t === 'batch') {
        const group = headGroup();
        if (!writeGroup(group)) {
          setTimeout(drain, LOCKED_RETRY_PAUSE_MS);
          return;
        }
        queue.splice(0, group.length);
        continue;
      } else if (m.t === 'retain') {
        if (!retaining) {
          retaining = true;
          retainStep(m.now, 0);
        }
      } else {
        queue.length = 0; // nothing is sent after close
        void checkpoints.close().then(() => {
          db.close(); // the last connection: SQLite checkpoints what is left and removes the WAL
          post({ t: 'closed' });
          port.close();
        });
        break;
      }
      queue.shift();
    }
    draining = false;
  };

  // Drained on the next turn, not per message: Node hands over every message already waiting first, so batches that
  // queued up while the last transaction ran are written together.
  port.on('message', (m: ToWorker) => {
    queue.push(m);
    if (draining) return;
    draining = true;
    setImmediate(drain);
  });
}

/**
 * The checkpoint thread beside this one (checkpoint-worker.ts), on a file store. Best effort: if it cannot start,
 * the writer's own checkpoints do all the work, as they did before it.
 */
function startCheckpoints(path: string): { close: () => Promise<void> } {
  if (path === ':memory:') return { close: () => Promise.resolve() };
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { path } });
  let exited = false;
  const gone = new Promise<void>((resolve) => worker.once('exit', () => {
    exited = true;
    resolve();
  }));
  worker.on('error', () => undefined); // it exits; 'exit' settles close()
  return {
    close: async () => {
      if (exited) return;
      const closed = new Promise<void>((resolve) => worker.on('message', (m: FromCheckpoint) => {
        if (m.t === 'closed') resolve();
      }));
      worker.postMessage({ t: 'close' });
      await Promise.race([closed, gone]);
      await gone;
    },
  };
}

main();
