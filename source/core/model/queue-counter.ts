import type { ExecState } from './model-state.js';
import type { QueueDepth } from './types.js';

/** Queue depth kept incrementally: +1 when an attempt becomes queued, -1 when it leaves the queue. */
export class QueueCounter {
  private total = 0;
  private readonly byQueue = new Map<string, number>();

  /** Counts one more queued item under `queue`. */
  add(queue: string): void {
    this.total++;
    this.byQueue.set(queue, (this.byQueue.get(queue) ?? 0) + 1);
  }

  /** Counts one queued item under `queue` as gone. */
  remove(queue: string): void {
    this.total--;
    const n = (this.byQueue.get(queue) ?? 0) - 1;
    // Drop emptied queues so the map holds only queue types with work in them.
    if (n <= 0) this.byQueue.delete(queue);
    else this.byQueue.set(queue, n);
  }

  /** A frozen picture, queue names sorted for a stable display, leaving out the items queued in `excluded`. */
  snapshot(excluded: readonly ExecState[] = []): QueueDepth {
    let total = this.total;
    const counts = excluded.length === 0 ? this.byQueue : new Map(this.byQueue);
    for (const exec of excluded) {
      if (exec.queuedCount === 0) continue;
      for (const node of exec.nodes.values()) {
        for (const att of node.attempts) {
          if (att.queueKey === undefined) continue;
          total--;
          counts.set(att.queueKey, (counts.get(att.queueKey) ?? 0) - 1);
        }
      }
    }
    const byQueue: Record<string, number> = {};
    for (const key of [...counts.keys()].sort()) {
      const n = counts.get(key) ?? 0;
      if (n > 0) byQueue[key] = n;
    }
    return Object.freeze({ total, byQueue: Object.freeze(byQueue) });
  }
}
