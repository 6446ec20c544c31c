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

  /** A frozen picture, queue names sorted for a stable display. */
  snapshot(): QueueDepth {
    const byQueue: Record<string, number> = {};
    for (const key of [...this.byQueue.keys()].sort()) byQueue[key] = this.byQueue.get(key) ?? 0;
    return Object.freeze({ total: this.total, byQueue: Object.freeze(byQueue) });
  }
}
