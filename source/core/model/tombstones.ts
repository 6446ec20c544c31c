import { FifoQueue } from './fifo-queue.js';

/**
 * Evicted execution ids, remembered so their replayed events are recognised: the highest sequence applied
 * and whether the execution had finished, packed in one number (no object per id), oldest forgotten first
 * past the cap. Order is kept in a FifoQueue; an id re-remembered or forgotten leaves a stale queue entry,
 * counted in `stale` so it is skipped rather than taken for the newer entry.
 */
export class Tombstones {
  /** maxSeq for a running execution, -(maxSeq + 1) for a finished one. */
  private readonly byId = new Map<string, number>();
  private order = new FifoQueue<string>();
  private readonly stale = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Ids remembered. */
  get size(): number {
    return this.byId.size;
  }

  /** Highest sequence applied before eviction, or undefined when the id is not remembered. */
  maxSeq(id: string): number | undefined {
    const code = this.byId.get(id);
    return code === undefined ? undefined : code < 0 ? -code - 1 : code;
  }

  /** Whether the remembered execution had finished (false when not remembered). */
  finished(id: string): boolean {
    const code = this.byId.get(id);
    return code !== undefined && code < 0;
  }

  /** Forgets an id (its execution is back in memory). */
  forget(id: string): void {
    if (this.byId.delete(id)) this.stale.set(id, (this.stale.get(id) ?? 0) + 1);
  }

  /** Remembers an evicted execution as the newest entry, forgetting the oldest past the cap. */
  remember(id: string, maxSeq: number, finished: boolean): void {
    const code = finished ? -maxSeq - 1 : maxSeq;
    const before = this.byId.size;
    this.byId.set(id, code);
    if (this.byId.size === before) {
      // Already remembered: set() kept its old place, but it must become the newest (one lookup when new).
      this.forget(id);
      this.byId.set(id, code);
    }
    this.order.push(id);
    // Stale entries are bounded too: past twice the cap, rebuild the order from the map (same order).
    if (this.order.size > 2 * this.cap + 16) {
      this.order = new FifoQueue<string>();
      for (const key of this.byId.keys()) this.order.push(key);
      this.stale.clear();
    }
    while (this.byId.size > this.cap) {
      const oldest = this.order.shift();
      if (oldest === undefined) break;
      const skip = this.stale.get(oldest);
      if (skip === undefined) {
        this.byId.delete(oldest);
      } else if (skip <= 1) {
        this.stale.delete(oldest);
      } else {
        this.stale.set(oldest, skip - 1);
      }
    }
  }
}
