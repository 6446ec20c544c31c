/**
 * A FIFO with a fixed capacity that makes room for new items by dropping the oldest, as Prometheus's
 * notification queue does: under a long outage the freshest alert state is what is worth delivering.
 */
export class DropOldestQueue<T> {
  private items: T[] = [];
  /** Index of the oldest live item; the consumed prefix is compacted away lazily. */
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`queue capacity must be a positive integer, not ${capacity}`);
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends `incoming` in order; returns how many items (oldest first, possibly incoming ones) were dropped. */
  push(incoming: readonly T[]): number {
    let dropped = 0;
    let fresh = incoming;
    if (fresh.length > this.capacity) {
      dropped += fresh.length - this.capacity;
      fresh = fresh.slice(fresh.length - this.capacity);
    }
    const over = this.length + fresh.length - this.capacity;
    if (over > 0) {
      this.head += over;
      dropped += over;
    }
    // A loop, not push(...fresh): spreading a large batch can overflow the call stack.
    for (const item of fresh) this.items.push(item);
    this.compact();
    return dropped;
  }

  /** Removes and returns up to `n` of the oldest items. */
  take(n: number): T[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    this.compact();
    return out;
  }

  /** Removes everything; returns how many items there were. */
  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    return n;
  }

  private compact(): void {
    if (this.head > 0 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
