// The checkpoint thread: copies the WAL's pages into the database file on a connection of its own, so the write
// thread does not wait on that copy and its fsync (a third of its wall time under a fast stream). Passive
// checkpoints only: they never block the writer, which still checkpoints itself past WAL_CHECKPOINT_PAGES (the
// moment the WAL is cut back), then finds most pages already copied.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDb } from './sqlite-db.js';

/** How often the WAL is checkpointed while the store is open. */
export const CHECKPOINT_INTERVAL_MS = 100;

/** What the checkpoint thread is started with. */
export interface CheckpointInit {
  readonly path: string;
}

/** Sent back once its connection is open ('ready'), and when it has closed it after a 'close' ('closed'). */
export type FromCheckpoint = { readonly t: 'ready' } | { readonly t: 'closed' };

function main(): void {
  const port = parentPort;
  if (!port) return;
  const db = openSqliteDb((workerData as CheckpointInit).path);
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const timer = setInterval(() => {
    try {
      checkpoint.rows();
    } catch {
      // A checkpoint that fails (disk full, I/O error) is tried again next time; the writer's own checkpoint and
      // its errors are what the store reports.
    }
  }, CHECKPOINT_INTERVAL_MS);
  port.on('message', () => {
    clearInterval(timer);
    db.close();
    port.postMessage({ t: 'closed' } satisfies FromCheckpoint);
    port.close();
  });
  port.postMessage({ t: 'ready' } satisfies FromCheckpoint);
}

main();
